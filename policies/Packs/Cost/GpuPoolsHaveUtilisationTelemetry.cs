using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Cost;

/// <summary>
/// COST012: every GPU pool reports utilisation. A DCGM exporter release (standalone chart or the GPU operator) must be
/// scheduled on the pool's nodes — its affinity or node selector matches the pool label and it tolerates the GPU taint —
/// and a ServiceMonitor must scrape the release's namespace.
/// </summary>
public sealed class GpuPoolsHaveUtilisationTelemetry : StackPolicy
{
    public override string Id => "COST012";
    public override string Pack => CostPack.Name;
    public override string Title => "Every GPU pool must have utilisation telemetry";
    public override string Rationale =>
        "Idle and stranded GPUs are the largest cost of an ML platform, and only the GPU's own counters (DCGM) show them: a node's CPU " +
        "and a pod's requests say nothing about whether the GPU works. A pool without telemetry cannot be right-sized or alerted on.";
    public override string Remediation =>
        "Keep supplychain:gpuTelemetry enabled (the default with GPU pools): it installs the DCGM exporter on every node labelled " +
        "supplychain.dev/gpu-pool, tolerating nvidia.com/gpu, and a ServiceMonitor for it.";
    public override Severity Severity => Severity.Medium;
    public override IReadOnlyList<FrameworkControl> Controls => [CostPack.NistManageMonitoring, CostPack.Soc2Capacity, CostPack.Soc2Monitoring];

    public override bool AppliesTo(StackView stack) => (stack.Spec?.GpuPools.Count ?? 0) > 0;

    public override IEnumerable<Violation> Evaluate(StackView stack) =>
        PoolsWithoutTelemetry(stack).Select(pool => new Violation(CostPack.PoolResource(stack, pool), $"gpuPools[{pool}]", null,
            $"GPU pool '{pool}' has no utilisation telemetry: no scraped DCGM exporter runs on its nodes."));

    /// <summary>The declared GPU pools no scraped DCGM exporter covers, in declaration order (the <c>cost</c> verb lists them too).</summary>
    public static IReadOnlyList<string> PoolsWithoutTelemetry(StackView stack)
    {
        var scrapedNamespaces = stack.Resources.Where(r => r.Type == "kubernetes:monitoring.coreos.com/v1:ServiceMonitor")
            .SelectMany(r => r.Properties.At("spec.namespaceSelector.matchNames") as ListValue ?? [])
            .Select(v => v.ToString()).ToHashSet(StringComparer.Ordinal);
        var exporters = stack.Resources.Where(r => r.Type == KubeTypes.HelmRelease && IsDcgm(r.Properties.At("chart")?.ToString())
                                                   && scrapedNamespaces.Contains(r.Properties.At("namespace")?.ToString() ?? ""))
            .Select(r => r.Properties.At("values") as MapValue ?? new MapValue()).ToList();
        return (stack.Spec?.GpuPools ?? []).Where(p => !exporters.Any(v => Covers(v, p.Name))).Select(p => p.Name).ToList();
    }

    internal static bool IsDcgm(string? chart) => chart is not null && (chart.EndsWith("dcgm-exporter", StringComparison.Ordinal) || chart.EndsWith("gpu-operator", StringComparison.Ordinal));

    private static bool Covers(MapValue values, string pool)
    {
        var tolerates = (values.At("tolerations") as ListValue ?? []).OfType<MapValue>()
            .Any(t => t.At("key")?.ToString() == ComputeResources.GpuResource || t.At("key") is null && t.At("operator")?.ToString() == "Exists");
        if (!tolerates) return false;
        if (values.At("nodeSelector") is MapValue selector && selector.Count > 0)
            return selector.TryGetValue(Labels.GpuPool, out var v) && v.ToString() == pool && selector.Count == 1;
        var terms = values.At("affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms") as ListValue;
        if (terms is null) return true; // no selector at all: every node that tolerates the taint, GPU pools included
        return terms.OfType<MapValue>().Any(term => (term.At("matchExpressions") as ListValue ?? []).OfType<MapValue>().All(e => Matches(e, pool)));
    }

    private static bool Matches(MapValue expression, string pool)
    {
        if (expression.At("key")?.ToString() != Labels.GpuPool) return false;
        return expression.At("operator")?.ToString() switch
        {
            "Exists" => true,
            "In" => (expression.At("values") as ListValue ?? []).Any(v => v.ToString() == pool),
            _ => false,
        };
    }
}
