using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Platform;

namespace Supplychain.Components.FeatureStore;

/// <summary>Arguments of <see cref="FeatureStore"/>.</summary>
public sealed record FeatureStoreArgs
{
    /// <summary>The object store holding the registry and offline store, through the client <c>feast</c>.</summary>
    public required ArtifactRepository.ArtifactRepository Artifacts { get; init; }
    /// <summary>Bucket of the Feast registry and offline store (must be one of the repository's buckets; default <c>feast</c>).</summary>
    public string Bucket { get; init; } = "feast";
    /// <summary>Feast project name (default <c>supplychain</c>).</summary>
    public string Project { get; init; } = "supplychain";
    /// <summary>Feature server replicas (default 2 outside dev, 1 in dev).</summary>
    public int? Replicas { get; init; }
    /// <summary>Redis volume size (default 10Gi).</summary>
    public string OnlineStoreStorageSize { get; init; } = "10Gi";
    public string? StorageClass { get; init; }
}

/// <summary>A Feast feature server with a Redis online store and its registry in the object store.</summary>
public sealed partial class FeatureStore
{
    public FeatureStore(Scope parent, string id, FeatureStoreArgs args)
    {
        Args = args;
        Scope = parent.Child(id);
        if (args.Replicas is < 1 or > 10) throw new ArgumentException($"FeatureStoreArgs.Replicas must be 1..10, got {args.Replicas}");
        Scope.Stack.Target.Render(local: RenderLocal, aws: RenderAws, azure: RenderAzure);
    }

    public FeatureStoreArgs Args { get; }
    public Scope Scope { get; }
    public string Namespace { get; private set; } = PlatformNamespaces.Feast;
    /// <summary>The in-cluster feature server URL.</summary>
    public string FeatureServerUrl { get; private set; } = "";
    public ScrapeTarget? ScrapeTarget { get; private set; }

    private partial void RenderLocal();
    private partial void RenderAws();
    private partial void RenderAzure();
}
