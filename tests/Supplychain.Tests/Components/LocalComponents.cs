using Supplychain.Components.ArtifactRepository;
using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Tests.Support;

namespace Supplychain.Tests.ComponentTests;

/// <summary>Renders components of the local target into a fresh program, and reads rendered properties back.</summary>
internal static class LocalComponents
{
    public const string Provider = "cluster-k8s";

    public static Scope NewScope(EnvironmentTier env = EnvironmentTier.Dev) =>
        new(new PulumiProgram(), SampleSpecs.Context(env: env), ComponentPath.Root, Provider);

    /// <summary>The repository as the supply chain declares it: an extra feast bucket and the two clients.</summary>
    public static ArtifactRepositoryArgs RepositoryArgs(string? storageClass = null) => new()
    {
        ExtraBuckets = ["feast"],
        Clients = [new ObjectStoreClient("mlflow", ["models"]), new ObjectStoreClient("feast", ["feast"])],
        StorageClass = storageClass,
    };

    public static ArtifactRepository Repository(Scope scope, ArtifactRepositoryArgs? args = null) =>
        new(scope, "artifacts", args ?? RepositoryArgs());

    public static MapValue Props(this Scope scope, string name) => scope.Program.Get(name).Properties;

    public static Value Get(this MapValue map, string path) =>
        map.At(path) ?? throw new Xunit.Sdk.XunitException($"no value at '{path}' in {map}");

    public static string Text(this MapValue map, string path) => ((StringValue)map.Get(path)).Text;

    /// <summary>A map at a dotted path, for keys that hold dots themselves (labels, annotations).</summary>
    public static MapValue Map(this MapValue map, string path) => (MapValue)map.Get(path);

    /// <summary>A string under one key that may contain dots (<c>app.kubernetes.io/name</c>).</summary>
    public static string Key(this MapValue map, string key) => ((StringValue)map[key]).Text;

    /// <summary>The first container of a workload's pod template.</summary>
    public static MapValue Container(this MapValue workload) =>
        (MapValue)((ListValue)workload.Get("spec.template.spec.containers"))[0];

    public static List<string> Strings(this MapValue map, string path) =>
        ((ListValue)map.Get(path)).Select(v => ((StringValue)v).Text).ToList();

    /// <summary>An env entry by name; fails when absent.</summary>
    public static MapValue Env(this MapValue container, string name) =>
        ((ListValue)container["env"]).Cast<MapValue>().SingleOrDefault(e => ((StringValue)e["name"]).Text == name)
        ?? throw new Xunit.Sdk.XunitException($"no env var {name}");

    /// <summary>Every resource whose string values carry a secret-looking key with a literal value.</summary>
    public static IEnumerable<string> LiteralSecretValues(PulumiProgram program, params string[] nonSecretKeys) =>
        program.Resources
            .Where(r => r.Type == "kubernetes:core/v1:Secret")
            .SelectMany(r => ((MapValue)r.Properties["stringData"])
                .Where(kv => !kv.Value.IsComputed && !nonSecretKeys.Contains(kv.Key))
                .Select(kv => $"{r.Name}.stringData.{kv.Key}"));
}
