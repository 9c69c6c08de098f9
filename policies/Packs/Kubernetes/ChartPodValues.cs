using Supplychain.Components.Model;

namespace Supplychain.Policies.Packs.Kubernetes;

/// <summary>
/// Where a chart's pod takes its security context and resources from in the chart's values (the paths its values.yaml
/// documents), and what the chart sets there by default at the version read. Null paths are not settable through values.
/// </summary>
/// <param name="Pod">The pod's name in reports (<c>controller</c>, <c>grafana</c>).</param>
/// <param name="Enabled">The values path that switches the pod on or off (null: always rendered).</param>
/// <param name="Container">The container security context's values path (root = "").</param>
/// <param name="PodContext">The pod security context's values path, when the chart has one.</param>
/// <param name="Resources">The container resources' values path; null when the pod's own spec sizes it (workflow steps).</param>
/// <param name="Defaults">The chart's defaults at <see cref="ChartPods.Version"/>, as <c>field → value</c> (runAsNonRoot may come from the pod context).</param>
/// <param name="HostAgent">Node agents (device plugin, DCGM exporter) run as root on host paths by design: security context is not judged, resources are.</param>
/// <param name="OnByDefault">Whether the chart renders the pod when <paramref name="Enabled"/> is not set.</param>
public sealed record ChartPod(string Pod, string? Enabled, string? Container, string? PodContext, string? Resources, IReadOnlyDictionary<string, bool> Defaults,
    bool HostAgent = false, bool OnByDefault = true)
{
    /// <summary>Whether the release's values leave the pod rendered.</summary>
    public bool RenderedWith(MapValue values) =>
        Enabled is null || (ChartPods.At(values, Enabled) is BoolValue b ? b.Flag : OnByDefault);
}

/// <summary>The pods a chart renders, for one chart version.</summary>
public sealed record ChartPods(string Chart, string Version, IReadOnlyList<ChartPod> Pods)
{
    private static readonly IReadOnlyDictionary<string, bool> None = new Dictionary<string, bool>();

    /// <summary>runAsNonRoot, allowPrivilegeEscalation: false and readOnlyRootFilesystem, all set by the chart's defaults.</summary>
    private static readonly IReadOnlyDictionary<string, bool> Hardened = new Dictionary<string, bool>
    {
        ["runAsNonRoot"] = true, ["allowPrivilegeEscalation"] = false, ["readOnlyRootFilesystem"] = true,
    };

    private static IReadOnlyDictionary<string, bool> Except(string field) => Hardened.Where(kv => kv.Key != field).ToDictionary();

    /// <summary>
    /// The charts the components install, read from each chart's values.yaml at the pinned version. Prometheus and Alertmanager
    /// containers are rendered by the operator, which sets their container security context itself: only their pod context is in values.
    /// </summary>
    public static IReadOnlyList<ChartPods> Known { get; } =
    [
        new("argo-cd", "7.7.14",
        [
            .. new[] { "controller", "server", "repoServer", "applicationSet", "notifications" }
                .Select(p => new ChartPod(p, p == "notifications" ? "notifications.enabled" : null, p + ".containerSecurityContext", null, p + ".resources", Hardened)),
            new ChartPod("redis", "redis.enabled", "redis.containerSecurityContext", "redis.securityContext", "redis.resources", Hardened),
            new ChartPod("dex", "dex.enabled", "dex.containerSecurityContext", null, "dex.resources", Hardened),
        ]),
        new("argo-rollouts", "2.38.0", [new ChartPod("controller", null, "containerSecurityContext", "podSecurityContext", "controller.resources", Hardened)]),
        new("argo-workflows", "1.0.18",
        [
            new ChartPod("controller", null, "controller.securityContext", "controller.podSecurityContext", "controller.resources", Hardened),
            new ChartPod("server", "server.enabled", "server.securityContext", "server.podSecurityContext", "server.resources", Hardened),
            new ChartPod("executor", null, "executor.securityContext", null, "executor.resources", None),
            // The main container of every workflow step: its resources are the step's own (WorkflowTemplate), judged as a workload.
            new ChartPod("mainContainer", null, "mainContainer.securityContext", null, null, None),
        ]),
        new("argo-events", "2.4.22",
        [
            new ChartPod("controller", null, "controller.containerSecurityContext", "global.securityContext", "controller.resources", None),
            new ChartPod("webhook", "webhook.enabled", "webhook.containerSecurityContext", "global.securityContext", "webhook.resources", None, OnByDefault: false),
        ]),
        new("cluster-autoscaler", "9.38.0", [new ChartPod("cluster-autoscaler", null, "containerSecurityContext", "securityContext", "resources", None)]),
        new("kube-prometheus-stack", "67.8.0",
        [
            new ChartPod("prometheusOperator", null, "prometheusOperator.containerSecurityContext", "prometheusOperator.securityContext", "prometheusOperator.resources", Hardened),
            new ChartPod("prometheus", null, null, "prometheus.prometheusSpec.securityContext", "prometheus.prometheusSpec.resources", Hardened),
            new ChartPod("alertmanager", "alertmanager.enabled", null, "alertmanager.alertmanagerSpec.securityContext", "alertmanager.alertmanagerSpec.resources", Hardened),
            new ChartPod("grafana", "grafana.enabled", "grafana.containerSecurityContext", "grafana.securityContext", "grafana.resources", Except("readOnlyRootFilesystem")),
            new ChartPod("kube-state-metrics", "kubeStateMetrics.enabled", "kube-state-metrics.containerSecurityContext", "kube-state-metrics.securityContext", "kube-state-metrics.resources", Hardened),
            new ChartPod("prometheus-node-exporter", "nodeExporter.enabled", "prometheus-node-exporter.containerSecurityContext", "prometheus-node-exporter.securityContext", "prometheus-node-exporter.resources", None, HostAgent: true),
        ]),
        new("dcgm-exporter", "4.8.2", [new ChartPod("dcgm-exporter", null, "securityContext", "podSecurityContext", "resources", None, HostAgent: true)]),
        new("nvidia-device-plugin", "0.17.0", [new ChartPod("nvidia-device-plugin", null, "securityContext", "podSecurityContext", "resources", None, HostAgent: true)]),
    ];

    /// <summary>The chart's entry by name (an OCI reference's last segment counts as the name).</summary>
    public static ChartPods? Of(string? chart) =>
        chart is null ? null : Known.FirstOrDefault(c => c.Chart == chart || chart.EndsWith("/" + c.Chart, StringComparison.Ordinal));

    /// <summary>A values entry by dotted path, keys read literally (chart keys like <c>kube-state-metrics</c> hold dashes, never dots).</summary>
    public static Value? At(MapValue? values, string path)
    {
        if (path.Length == 0) return values;
        Value? current = values;
        foreach (var key in path.Split('.'))
            current = current is MapValue map && map.TryGetValue(key, out var next) ? next : null;
        return current;
    }
}
