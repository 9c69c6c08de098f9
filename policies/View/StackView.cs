using Supplychain.Components.Domain;
using Supplychain.Components.Model;

namespace Supplychain.Policies.View;

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
/// <param name="Settings">Per-policy settings the stack sets (<c>policy.settings.&lt;ID&gt;.&lt;name&gt;</c>), validated against each policy's declarations; unset ones take the declared default.</param>
/// <param name="CustomPoliciesDirectory">The folder of custom YAML policies, relative to the project root (default <c>policies/custom</c>).</param>
public sealed record PolicyConfig(
    IReadOnlyDictionary<string, Enforcement> Enforcement,
    IReadOnlyDictionary<string, decimal> MinimumMetrics,
    IReadOnlyList<string> ApprovedRegistries,
    string WaiversFile = PolicyConfig.DefaultWaiversFile,
    KubernetesRates? KubernetesRates = null,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonNode>>? Settings = null,
    string CustomPoliciesDirectory = PolicyConfig.DefaultCustomPoliciesDirectory)
{
    public const string DefaultWaiversFile = "policies/waivers.yaml";
    public const string DefaultCustomPoliciesDirectory = "policies/custom";

    /// <summary>The value a stack set for a policy's setting, or null when it left it to the default.</summary>
    public System.Text.Json.Nodes.JsonNode? SettingOf(string policyId, string name) =>
        Settings is not null && Settings.TryGetValue(policyId, out var mine) && mine.TryGetValue(name, out var value) ? value : null;

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
    MonthlyCostEstimate? Cost = null)
{
    public IEnumerable<ResourceView> OfType(string type) =>
        Index().ByType.TryGetValue(type, out var ofType) ? ofType : [];

    public ResourceView? Find(string name) => Index().ByName.GetValueOrDefault(name);

    /// <summary>The distinct resource types of this view, in order of first appearance.</summary>
    public IReadOnlyCollection<string> Types => Index().ByType.Keys;

    /// <summary>
    /// The resources whose type <paramref name="judges"/> accepts, in stack order: the predicate is asked once per type,
    /// and the resources come from the type index, so a policy of a few types never walks the whole stack.
    /// </summary>
    public IReadOnlyList<ResourceView> OfTypes(Func<string, bool> judges)
    {
        var index = Index();
        List<string>? matched = null;
        foreach (var type in index.ByType.Keys)
            if (judges(type)) (matched ??= []).Add(type);
        if (matched is null) return [];
        if (matched.Count == 1) return index.ByType[matched[0]];
        // Several types: back into stack order, as a walk over the whole stack would meet them; kept for the next policy or
        // evaluation that judges the same types (a fleet's lists are large, and rebuilding them each time is garbage).
        var key = string.Join('\n', matched);
        lock (index.Merged)
        {
            if (index.Merged.TryGetValue(key, out var known)) return known;
        }
        var positions = new List<int>();
        foreach (var type in matched) positions.AddRange(index.Positions[type]);
        positions.Sort();
        var resources = new ResourceView[positions.Count];
        for (var i = 0; i < resources.Length; i++) resources[i] = Resources[positions[i]];
        lock (index.Merged) index.Merged.TryAdd(key, resources);
        return resources;
    }

    /// <summary>
    /// The pod template of a resource of this view (<see cref="Workloads.TemplateOf"/>), found once per resource for every
    /// pod and container policy; a resource not in this view (a remediation's fresh one) is read directly.
    /// </summary>
    public PodTemplate? TemplateOf(ResourceView resource) =>
        Derived("templates", Templates).TryGetValue(resource, out var template) ? template : Workloads.TemplateOf(resource);

    /// <summary>Whether a resource serves a model (<see cref="ServedModel.IsServing"/>), known once per resource of this view.</summary>
    public bool IsServing(ResourceView resource) =>
        Derived("serving", Serving) is var serving && serving.TryGetValue(resource, out var known) ? known : ServedModel.IsServing(resource);

    private static Dictionary<ResourceView, PodTemplate?> Templates(IReadOnlyList<ResourceView> resources)
    {
        var templates = new Dictionary<ResourceView, PodTemplate?>(resources.Count, ReferenceEqualityComparer.Instance);
        foreach (var r in resources) templates.TryAdd(r, r.IsKubernetes ? Workloads.TemplateOf(r) : null);
        return templates;
    }

    private static Dictionary<ResourceView, bool> Serving(IReadOnlyList<ResourceView> resources)
    {
        var serving = new Dictionary<ResourceView, bool>(resources.Count, ReferenceEqualityComparer.Instance);
        foreach (var r in resources) serving.TryAdd(r, ServedModel.IsServing(r));
        return serving;
    }

    /// <summary>
    /// A value derived from the resources alone (never from the config or spec), computed once per resource list and
    /// shared by every resource a policy judges: a per-resource policy that needs stack-wide facts (the disruption
    /// budgets in a namespace) looks them up instead of scanning the stack for each resource. Keyed by a name the
    /// policy owns (its id and what it derives).
    /// </summary>
    public T Derived<T>(string key, Func<IReadOnlyList<ResourceView>, T> derive) where T : class
    {
        var derived = Index().Derived;
        lock (derived)
        {
            if (derived.TryGetValue(key, out var known)) return (T)known;
        }
        var value = derive(Resources);
        lock (derived) derived.TryAdd(key, value);
        return value;
    }

    /// <summary>
    /// Supplies a value of <see cref="Derived{T}"/> computed elsewhere: a streaming audit keeps only some resources, so what
    /// a policy derives from every resource is aggregated as they stream and handed to the view the policy finally sees.
    /// The value must equal what the key's derivation gives over the whole stack.
    /// </summary>
    public StackView WithDerived<T>(string key, T value) where T : class
    {
        var derived = Index().Derived;
        lock (derived) derived[key] = value;
        return this;
    }

    // Resources by type and by name, built once per resource list (not per policy, not per resource): policies look
    // resources up for every resource they judge. Kept beside the list rather than in the record, so equality is unchanged.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<ResourceView>, ResourceIndex> Indexes = new();

    private ResourceIndex Index()
    {
        if (Indexes.TryGetValue(Resources, out var index) && index.Count == Resources.Count) return index;
        index = new ResourceIndex(Resources);
        Indexes.AddOrUpdate(Resources, index);
        return index;
    }

    private sealed class ResourceIndex
    {
        public ResourceIndex(IReadOnlyList<ResourceView> resources)
        {
            Count = resources.Count;
            for (var i = 0; i < resources.Count; i++)
            {
                var r = resources[i];
                ByName.TryAdd(r.Name, r); // the first of a name, as a scan would find
                if (!ByType.TryGetValue(r.Type, out var list))
                {
                    ByType[r.Type] = list = [];
                    Positions[r.Type] = [];
                }
                list.Add(r);
                Positions[r.Type].Add(i);
            }
        }

        public int Count { get; }
        public Dictionary<string, ResourceView> ByName { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, List<ResourceView>> ByType { get; } = new(StringComparer.Ordinal);
        /// <summary>Where each resource of a type sits in the list, to merge several types back into stack order.</summary>
        public Dictionary<string, List<int>> Positions { get; } = new(StringComparer.Ordinal);
        /// <summary>The resources of several types in stack order, by their types joined with newlines.</summary>
        public Dictionary<string, ResourceView[]> Merged { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, object> Derived { get; } = new(StringComparer.Ordinal);
    }
}
