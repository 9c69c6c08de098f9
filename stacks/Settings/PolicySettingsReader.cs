using Supplychain.Policies.Engine;

namespace Supplychain.Stacks.Settings;

/// <summary>Reads <c>supplychain:policy</c> into the policy engine's <see cref="PolicyConfig"/>.</summary>
internal static class PolicySettingsReader
{
    private static readonly string[] PolicyFields = ["enforcement", "minimumMetrics", "approvedRegistries", "waiversFile", "kubernetesRates"];
    private static readonly string[] RateFields = ["cpuCoreHourUsd", "memoryGiBHourUsd", "gpuHourUsd", "storageGbMonthUsd"];
    public static readonly IReadOnlyList<string> Packs = ["lineage", "cost", "compliance"];
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
                if (!Formats.IsPolicyId(key) && !Packs.Contains(key, StringComparer.Ordinal))
                    reader.Error(path, $"{NodeReader.Quote(key)} is not a policy id or pack; expected an id such as LIN001, COST002 or CMP014, or one of {string.Join(", ", Packs)}{Suggestions.DidYouMean(key, Packs)}");
                else if (reader.Enum(node, path, EnforcementLevels) is { } level)
                    enforcement[key] = StackSettingsReader.Parse<Enforcement>(level);
            }
        }

        var minimumMetrics = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        if (policy.Has("minimumMetrics") && reader.Map(policy["minimumMetrics"], policy.PathOf("minimumMetrics"), "metric names to minimum values") is { } minimums)
        {
            foreach (var (key, node) in minimums)
            {
                var path = $"{policy.PathOf("minimumMetrics")}.{key}";
                if (key.Length == 0) reader.Error(path, "has an empty name; expected a metric name");
                else if (reader.Number(node, path, _ => true, "a number") is { } n) minimumMetrics[key] = n;
            }
        }

        var registries = policy.Has("approvedRegistries")
            ? reader.StringList(policy["approvedRegistries"], policy.PathOf("approvedRegistries"), "registry hosts or host/path prefixes", (node, p) => ReadRegistry(node, p, reader))
            : [];
        var waivers = policy.Format("waiversFile", required: false, IsRelativePath, "a relative path inside the project",
            "a path relative to the project root, without '..', e.g. policies/waivers.yaml");
        var rates = policy.Has("kubernetesRates") ? ReadRates(policy, reader) : null;

        return new PolicyConfig(enforcement, minimumMetrics, registries ?? [], waivers ?? PolicyConfig.DefaultWaiversFile, rates);
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

    private static bool IsRelativePath(string path) =>
        !Path.IsPathRooted(path) && !path.StartsWith('/') && !path.StartsWith('\\') && !(path.Length >= 2 && path[1] == ':')
        && path.Split('/', '\\').All(segment => segment != "..");
}
