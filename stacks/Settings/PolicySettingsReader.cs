using Supplychain.Policies.Engine;

namespace Supplychain.Stacks.Settings;

/// <summary>Reads <c>supplychain:policy</c> into the policy engine's <see cref="PolicyConfig"/>.</summary>
internal static partial class PolicySettingsReader
{
    private static readonly string[] PolicyFields = ["enforcement", "minimumMetrics", "approvedRegistries", "waiversFile", "kubernetesRates", "settings", "customPoliciesDir",
        "maxSliceGaps", "metricTolerance"];
    private static readonly string[] RateFields = ["cpuCoreHourUsd", "memoryGiBHourUsd", "gpuHourUsd", "storageGbMonthUsd"];
    public static readonly IReadOnlyList<string> Packs = PolicyPacks.Names;
    /// <summary>The largest per-unit rate accepted (USD per core-hour, GiB-hour, GPU-hour or GiB-month): far above any real price, low enough that pricing cannot overflow.</summary>
    public const decimal MaxRateUsd = 10_000m;
    public static readonly IReadOnlyList<string> EnforcementLevels = ["advisory", "mandatory", "disabled", "remediate"];

    public static PolicyConfig Read(ObjectNode top, NodeReader reader)
    {
        if (!top.Has("policy")) return PolicyConfig.Default;
        if (reader.Object(top["policy"], top.PathOf("policy"), "a policy configuration", PolicyFields) is not { } policy) return PolicyConfig.Default;

        var enforcement = new SortedDictionary<string, Enforcement>(StringComparer.Ordinal);
        if (policy.Has("enforcement") && reader.Map(policy["enforcement"], policy.PathOf("enforcement"), "policy ids or packs to enforcement levels") is { } overrides)
        {
            foreach (var (key, node) in overrides)
            {
                var path = $"{policy.PathOf("enforcement")}.{key}";
                if (!Formats.IsPolicyId(key) && !IsCustomPolicyId(key) && !Packs.Contains(key, StringComparer.Ordinal))
                    reader.Error(path, $"{NodeReader.Quote(key)} is not a policy id or pack; expected an id such as LIN001, COST002, CMP014 or a custom ACME-REGION-001, or one of {string.Join(", ", Packs)}{Suggestions.DidYouMean(key, Packs)}");
                else if (reader.Enum(node, path, EnforcementLevels) is { } level)
                    enforcement[key] = StackSettingsReader.Parse<Enforcement>(level);
            }
        }

        var minimumMetrics = ReadMetricMap(policy, reader, "minimumMetrics", "metric names to minimum values", _ => true, "a number");
        var maxSliceGaps = ReadMetricMap(policy, reader, "maxSliceGaps", "metric names to the largest allowed gap between slices", n => n >= 0, "a gap of 0 or more");
        var tolerance = policy.Number("metricTolerance", required: false, n => n >= 0 && n < 1, "a tolerance from 0 to 1 (exclusive)");

        var registries = policy.Has("approvedRegistries")
            ? reader.StringList(policy["approvedRegistries"], policy.PathOf("approvedRegistries"), "registry hosts or host/path prefixes", (node, p) => ReadRegistry(node, p, reader))
            : [];
        var waivers = policy.Format("waiversFile", required: false, IsRelativePath, "a relative path inside the project",
            "a path relative to the project root, without '..', e.g. policies/waivers.yaml");
        var rates = policy.Has("kubernetesRates") ? ReadRates(policy, reader) : null;
        var settings = policy.Has("settings") ? ReadSettings(policy, reader) : null;
        var customDir = policy.Format("customPoliciesDir", required: false, IsRelativePath, "a relative path inside the project",
            "a folder relative to the project root, without '..', e.g. policies/custom");

        return new PolicyConfig(enforcement, minimumMetrics, registries ?? [], waivers ?? PolicyConfig.DefaultWaiversFile, rates,
            settings, customDir ?? PolicyConfig.DefaultCustomPoliciesDirectory)
        {
            MaxSliceGaps = maxSliceGaps,
            MetricTolerance = tolerance ?? PolicyConfig.DefaultMetricTolerance,
        };
    }

    /// <summary>Custom policy ids carry an organisation prefix and a hyphen (ACME-REGION-001), so they never look like a built-in id.</summary>
    private static bool IsCustomPolicyId(string key) => CustomId().IsMatch(key);

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Z][A-Z0-9]{1,11}(-[A-Z0-9]+)+$")]
    private static partial System.Text.RegularExpressions.Regex CustomId();

    /// <summary>
    /// <c>policy.settings.&lt;ID&gt;.&lt;name&gt;</c>: each value is validated against the setting the policy declares (type,
    /// bounds, pattern); an unknown policy or setting is an error naming the key and what is allowed.
    /// </summary>
    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonNode>>? ReadSettings(ObjectNode policy, NodeReader reader)
    {
        if (reader.Map(policy["settings"], policy.PathOf("settings"), "policy ids to their settings") is not { } byPolicy) return null;
        var registry = PolicyRegistry.Load();
        var result = new SortedDictionary<string, IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonNode>>(StringComparer.Ordinal);
        foreach (var (id, node) in byPolicy)
        {
            var path = $"{policy.PathOf("settings")}.{id}";
            var tunable = registry.Policies.Where(p => p.Settings.Count > 0).Select(p => p.Id).ToList();
            if (registry.Find(id) is not { } target)
            {
                reader.Error(path, $"{NodeReader.Quote(id)} is not a policy with settings; policies with settings: {string.Join(", ", tunable)}{Suggestions.DidYouMean(id, tunable)}");
                continue;
            }
            var names = target.Settings.Select(s => s.Name).ToList();
            if (names.Count == 0)
            {
                reader.Error(path, $"{id} declares no settings; policies with settings: {string.Join(", ", tunable)}");
                continue;
            }
            if (reader.Map(node, path, $"{id}'s settings ({string.Join(", ", names)})") is not { } values) continue;
            var mine = new SortedDictionary<string, System.Text.Json.Nodes.JsonNode>(StringComparer.Ordinal);
            foreach (var (name, value) in values)
            {
                var settingPath = $"{path}.{name}";
                if (target.Settings.FirstOrDefault(s => s.Name == name) is not { } declared)
                    reader.Error(settingPath, $"{id} has no setting {NodeReader.Quote(name)}; its settings are {string.Join(", ", names)}{Suggestions.DidYouMean(name, names)}");
                else if (declared.Validate(value) is { } problem)
                    reader.Error(settingPath, problem);
                else
                    mine[name] = value!.DeepClone();
            }
            result[id] = mine;
        }
        return result;
    }

    private static SortedDictionary<string, decimal> ReadMetricMap(ObjectNode policy, NodeReader reader, string key, string what, Func<decimal, bool> valid, string expectation)
    {
        var result = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        if (!policy.Has(key) || reader.Map(policy[key], policy.PathOf(key), what) is not { } map) return result;
        foreach (var (metric, node) in map)
        {
            var path = $"{policy.PathOf(key)}.{metric}";
            if (metric.Length == 0) reader.Error(path, "has an empty name; expected a metric name");
            else if (reader.Number(node, path, valid, expectation) is { } n) result[metric] = n;
        }
        return result;
    }

    private static string? ReadRegistry(System.Text.Json.Nodes.JsonNode? node, string path, NodeReader reader)
    {
        var value = reader.String(node, path, "a registry host or host/path prefix such as ghcr.io/acme-ml");
        if (value is null || Formats.IsRegistryPrefix(value)) return value;
        var hint = value.Contains("://", StringComparison.Ordinal) ? " (without a scheme)" : "";
        reader.Error(path, $"{NodeReader.Quote(value)} is not a registry prefix; expected a lowercase registry host or host/path prefix such as ghcr.io/acme-ml{hint}");
        return null;
    }

    private static KubernetesRates? ReadRates(ObjectNode policy, NodeReader reader)
    {
        if (reader.Object(policy["kubernetesRates"], policy.PathOf("kubernetesRates"), "a rates object", RateFields) is not { } rates) return null;
        var values = RateFields.Select(f => rates.Number(f, required: true, n => n > 0 && n <= MaxRateUsd, $"a price in USD greater than 0 and at most {MaxRateUsd}")).ToArray();
        return values.All(v => v.HasValue) ? new KubernetesRates(values[0]!.Value, values[1]!.Value, values[2]!.Value, values[3]!.Value) : null;
    }

    internal static bool IsRelativePath(string path) =>
        !Path.IsPathRooted(path) && !path.StartsWith('/') && !path.StartsWith('\\') && !(path.Length >= 2 && path[1] == ':')
        && path.Split('/', '\\').All(segment => segment != "..");
}
