using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Components.Platform;

namespace Supplychain.Components.ArtifactRepository;

/// <summary>A workload that reads or writes the object store, and the buckets it may touch.</summary>
/// <param name="Name">Client name (DNS label), e.g. <c>mlflow</c>; becomes its object-store user.</param>
/// <param name="Buckets">Buckets the client may read and write; no others.</param>
public sealed record ObjectStoreClient(string Name, IReadOnlyList<string> Buckets);

/// <summary>Credentials a client uses: a fixed access key and a generated secret key (a reference, never a literal).</summary>
public sealed record ObjectStoreCredentials(string AccessKey, Value SecretKey);

/// <summary>An image repository on a cloud registry: one per served model, named <c>team/model</c>.</summary>
public sealed record ImageRepository(string Team, string Model)
{
    public string Name => $"{Team}/{Model}";
}

/// <summary>Arguments of <see cref="ArtifactRepository"/>.</summary>
public sealed record ArtifactRepositoryArgs
{
    /// <summary>Bucket holding model artifacts (default <c>models</c>); versioning is always on.</summary>
    public string ModelBucket { get; init; } = "models";
    /// <summary>Further buckets to create (e.g. the feature store's offline store), also versioned.</summary>
    public IReadOnlyList<string> ExtraBuckets { get; init; } = [];
    /// <summary>Workloads that get their own object-store user, limited to their buckets.</summary>
    public IReadOnlyList<ObjectStoreClient> Clients { get; init; } = [];
    /// <summary>Registry volume size (default 50Gi).</summary>
    public string RegistryStorageSize { get; init; } = "50Gi";
    /// <summary>Object store volume size (default 100Gi).</summary>
    public string ObjectStoreStorageSize { get; init; } = "100Gi";
    /// <summary>StorageClass for the volumes; null uses the cluster default.</summary>
    public string? StorageClass { get; init; }
    /// <summary>Image repositories to create on cloud registries (ECR); the local registry serves any name.</summary>
    public IReadOnlyList<ImageRepository> ImageRepositories { get; init; } = [];
}

/// <summary>
/// The supply chain's artifact stores: an OCI image registry for model-serving images and an
/// S3-compatible object store for model artifacts, each with persistent storage and generated credentials.
/// </summary>
public sealed partial class ArtifactRepository
{
    private readonly Dictionary<string, ObjectStoreCredentials> _credentials = new(StringComparer.Ordinal);
    private readonly List<ScrapeTarget> _scrapeTargets = [];

    public ArtifactRepository(Scope parent, string id, ArtifactRepositoryArgs args)
    {
        Args = args;
        Scope = parent.Child(id);
        foreach (var c in args.Clients)
            foreach (var b in c.Buckets)
                if (b != args.ModelBucket && !args.ExtraBuckets.Contains(b))
                    throw new ArgumentException($"ArtifactRepositoryArgs.Clients: client '{c.Name}' names bucket '{b}', which is not created (ModelBucket or ExtraBuckets)");
        Scope.Stack.Target.Render(local: RenderLocal, aws: RenderAws, azure: RenderAzure);
    }

    public ArtifactRepositoryArgs Args { get; }
    public Scope Scope { get; }
    public string Namespace { get; private set; } = PlatformNamespaces.Artifacts;

    /// <summary>The registry's host[:port] as image references name it.</summary>
    public string RegistryHost { get; private set; } = "";
    /// <summary>The registry endpoint for people and CI (URL).</summary>
    public Value RegistryEndpoint { get; private set; } = "";
    /// <summary>The S3 API endpoint of the object store (URL).</summary>
    public string ObjectStoreEndpoint { get; private set; } = "";
    /// <summary>The object store endpoint as a stack output: a reference on clouds, where the name is only known after apply.</summary>
    public Value ObjectStoreOutput => _objectStoreOutput ?? ObjectStoreEndpoint;
    private Value? _objectStoreOutput;
    public string ModelBucket => Args.ModelBucket;
    public IReadOnlyList<ScrapeTarget> ScrapeTargets => _scrapeTargets;

    /// <summary>The object-store credentials of a client declared in <see cref="ArtifactRepositoryArgs.Clients"/>.</summary>
    public ObjectStoreCredentials CredentialsFor(string client) =>
        _credentials.TryGetValue(client, out var c) ? c : throw new ArgumentException($"'{client}' is not an object-store client of {Scope.Path}");

    private partial void RenderLocal();
    private partial void RenderAws();
    private partial void RenderAzure();
}
