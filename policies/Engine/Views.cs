using Supplychain.Components.Domain;
using Supplychain.Components.Model;

namespace Supplychain.Policies.Engine;

/// <summary>
/// The neutral view of one resource that every policy sees, whether it comes from the synthesized program,
/// a <c>pulumi preview --json</c> step or a <c>pulumi stack export</c>: type, logical name, component path,
/// properties (computed values stay <see cref="Value.IsComputed"/>: references, or <see cref="UnknownValue"/>).
/// </summary>
public sealed record ResourceView(
    string Name,
    string Type,
    IReadOnlyList<string> ComponentPath,
    MapValue Properties,
    string? Urn = null,
    ResourceOptions? Options = null)
{
    public string Component => ComponentPath.Count > 0 ? ComponentPath[0] : "stack";
    public bool IsKubernetes => Type.StartsWith("kubernetes:", StringComparison.Ordinal);

    public static ResourceView From(Resource r) => new(r.Name, r.Type, r.Component.Segments, r.Properties, null, r.Options);
}

/// <summary>A value known only after apply (the engine's unknown sentinel in previews).</summary>
public sealed class UnknownValue : Value
{
    public static readonly UnknownValue Instance = new();
    public override bool IsComputed => true;
    public override bool Equals(Value? other) => other is UnknownValue;
    public override int GetHashCode() => 11;
    public override string ToString() => "<unknown>";
}

/// <summary>
/// A secret from the engine: a state value tagged with the secret signature, or a preview's <c>"[secret]"</c>. The
/// importer never keeps the plaintext or ciphertext, so nothing downstream can print it; policies see a computed value.
/// </summary>
public sealed class SecretValue : Value
{
    public static readonly SecretValue Instance = new();
    public override bool IsComputed => true;
    public override bool Equals(Value? other) => other is SecretValue;
    public override int GetHashCode() => 12;
    public override string ToString() => "[secret]";
}

/// <summary>Per-stack policy configuration (<c>supplychain:policy</c>).</summary>
/// <param name="Enforcement">Overrides by policy id (<c>LIN003</c>) or pack (<c>cost</c>); an id wins over its pack.</param>
/// <param name="MinimumMetrics">Release thresholds: a served model's metric below its minimum blocks the release.</param>
/// <param name="ApprovedRegistries">Image registries (host or host/path prefixes) workloads may pull from, besides the stack's own registry.</param>
/// <param name="WaiversFile">Path of the waivers file, relative to the project root (default <c>policies/waivers.yaml</c>).</param>
/// <param name="KubernetesRates">Local-cluster rates for pricing requests (OpenCost approach); null uses the catalog's defaults.</param>
public sealed record PolicyConfig(
    IReadOnlyDictionary<string, Enforcement> Enforcement,
    IReadOnlyDictionary<string, decimal> MinimumMetrics,
    IReadOnlyList<string> ApprovedRegistries,
    string WaiversFile = PolicyConfig.DefaultWaiversFile,
    KubernetesRates? KubernetesRates = null)
{
    public const string DefaultWaiversFile = "policies/waivers.yaml";
    public const decimal DefaultMetricTolerance = 0.001m;

    /// <summary>Fairness thresholds: the largest allowed gap of a metric between two slices (<c>auc</c> or <c>model/auc</c> keys).</summary>
    public IReadOnlyDictionary<string, decimal> MaxSliceGaps { get; init; } = new Dictionary<string, decimal>();

    /// <summary>How far a declared metric may differ from its evaluation record's value (rounding, not a second result).</summary>
    public decimal MetricTolerance { get; init; } = DefaultMetricTolerance;

    public static PolicyConfig Default { get; } = new(
        new Dictionary<string, Enforcement>(), new Dictionary<string, decimal>(), []);
}

/// <summary>Prices of Kubernetes requests on a cluster the stack does not buy nodes for (USD).</summary>
public sealed record KubernetesRates(decimal CpuCoreHourUsd, decimal MemoryGiBHourUsd, decimal GpuHourUsd, decimal StorageGbMonthUsd);

/// <summary>Everything a stack-level policy sees: the stack, its resources, its declared config, the policy config.</summary>
/// <param name="Spec">The declared supply chain (models with lineage, teams, pools, budget); null when auditing without config.</param>
/// <param name="Cost">The stack's monthly cost estimate, computed before policies run; null when not priced.</param>
public sealed record StackView(
    StackContext Stack,
    IReadOnlyList<ResourceView> Resources,
    SupplyChainSpec? Spec,
    PolicyConfig Config,
    Cost.MonthlyCostEstimate? Cost = null)
{
    public IEnumerable<ResourceView> OfType(string type) => Resources.Where(r => r.Type == type);
    public ResourceView? Find(string name) => Resources.FirstOrDefault(r => r.Name == name);
}
