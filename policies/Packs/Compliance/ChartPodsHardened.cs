using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP061: the pods inside the Helm charts the project installs are judged through the values that reach them, at the
/// values paths each chart documents (<see cref="ChartPods.Known"/>): every container runs as non-root, without privilege
/// escalation, on a read-only root filesystem, with CPU and memory requests and limits. The effective value is the release's
/// value, else the chart's default at the pinned version; at another chart version the defaults are unknown, so the values must
/// set each field. Node agents (device plugin, DCGM and node exporters) are judged on resources only. A chart not in the table
/// is not applicable: the crosswalk lists what is not judged.
/// </summary>
public sealed class ChartPodsHardened : ResourcePolicy
{
    public override string Id => "CMP061";
    public override string Pack => "compliance";
    public override string Title => "Pods of installed Helm charts must run non-root, without privilege escalation, read-only, with requests and limits";
    public override string Rationale =>
        "The charts' controllers (Argo CD, Argo Workflows and Events, the Prometheus operator, the autoscaler) hold cluster-wide rights; their " +
        "pods are never in the program, so the container policies cannot see them. Their values are the only place the stack states how they run, " +
        "and a chart upgrade that drops a secure default must not pass unnoticed.";
    public override string Remediation =>
        "Set the pod's security context in the chart's values at the documented path (e.g. controller.containerSecurityContext: {runAsNonRoot: true, " +
        "allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}) and its resources (requests and limits for cpu and memory).";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls =>
        [Frameworks.CisKubernetes("5.2.5"), Frameworks.CisKubernetes("5.2.6"), Frameworks.Soc2("CC6.8"), Frameworks.Soc2("A1.1")];

    public override bool JudgesType(string type) => type.StartsWith("kubernetes:helm.sh/", StringComparison.Ordinal);

    public override bool AppliesTo(ResourceView resource, StackView stack) =>
        resource.Type.StartsWith("kubernetes:helm.sh/", StringComparison.Ordinal) && ChartPods.Of(ChartName(resource)) is not null;

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        var chart = ChartPods.Of(ChartName(resource))!;
        var values = resource.Properties.At("values") as MapValue ?? [];
        var pinned = (resource.Properties.At("version") as StringValue)?.Text == chart.Version;
        foreach (var pod in chart.Pods)
        {
            if (!pod.RenderedWith(values)) continue;
            if (!pod.HostAgent)
                foreach (var v in SecurityContext(resource.Name, values, pod, pinned)) yield return v;
            if (pod.Resources is { } res)
                foreach (var v in Resources(resource.Name, values, pod, res)) yield return v;
        }
    }

    private static IEnumerable<Violation> SecurityContext(string name, MapValue values, ChartPod pod, bool pinned)
    {
        foreach (var (field, wanted) in new[] { ("runAsNonRoot", true), ("allowPrivilegeEscalation", false), ("readOnlyRootFilesystem", true) })
        {
            // runAsNonRoot takes effect from the container's context, else the pod's (Kubernetes semantics); the others are per container.
            var paths = new[] { pod.Container, field == "runAsNonRoot" ? pod.PodContext : null }.OfType<string>().ToList();
            if (paths.Count == 0) continue;
            var set = paths.Select(p => ChartPods.At(values, Join(p, field))).FirstOrDefault(v => v is not null);
            if (set is { IsComputed: true }) continue;
            var effective = set is BoolValue b ? b.Flag : (bool?)null;
            if (effective is null && pinned && pod.Defaults.TryGetValue(field, out var byDefault)) effective = byDefault;
            if (effective == wanted) continue;
            var path = "values." + Join(paths[0], field);
            yield return new Violation(name, path, set?.ToString(), effective is null
                ? $"{pod.Pod}: {field} is not set in values{(pinned ? " and the chart does not default it" : " and the chart version is not the one whose defaults are known")}; it must be {wanted.ToString().ToLowerInvariant()}"
                : $"{pod.Pod}: {field} is {effective.ToString()!.ToLowerInvariant()}; it must be {wanted.ToString().ToLowerInvariant()}");
        }
    }

    private static IEnumerable<Violation> Resources(string name, MapValue values, ChartPod pod, string path)
    {
        var resources = ChartPods.At(values, path);
        if (resources is { IsComputed: true }) yield break;
        foreach (var kind in new[] { "requests", "limits" })
        {
            var map = (resources as MapValue)?.At(kind) as MapValue;
            var missing = new[] { "cpu", "memory" }.Where(r => map is null || !map.TryGetValue(r, out _)).ToList();
            if (missing.Count > 0)
                yield return new Violation(name, $"values.{path}.{kind}", map?.ToString(), $"{pod.Pod}: no {string.Join(" or ", missing)} {kind} in values");
        }
    }

    private static string Join(string prefix, string field) => prefix.Length == 0 ? field : prefix + "." + field;

    private static string? ChartName(ResourceView r) => (r.Properties.At("chart") as StringValue)?.Text;
}
