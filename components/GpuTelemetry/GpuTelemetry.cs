using System.Globalization;
using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Components.Platform;

namespace Supplychain.Components.GpuTelemetry;

/// <summary>Arguments of <see cref="GpuTelemetry"/>.</summary>
public sealed record GpuTelemetryArgs
{
    /// <summary>The GPU pools whose nodes get the exporter.</summary>
    public required IReadOnlyList<GpuPoolSpec> Pools { get; init; }
    /// <summary>Utilisation (percent) below which an allocated GPU counts as idle (default 5).</summary>
    public int IdleUtilisationPercent { get; init; } = 5;
    /// <summary>Logical name of the release installing the Prometheus Operator CRDs (rules depend on it); empty renders no rules.</summary>
    public string OperatorRelease { get; init; } = "";
}

/// <summary>
/// GPU telemetry: the NVIDIA DCGM exporter as a DaemonSet on GPU-pool nodes only (the pool label and the GPU taint),
/// scraped by Prometheus, a Grafana dashboard of utilisation, memory and power per pool and team, and alert rules for
/// GPUs allocated but idle, GPU pods pending for want of capacity, and XID errors. The same on every target: the pools'
/// nodes carry the same label and taint on clouds and on a labelled cluster. Its component id is one word (<c>dcgm</c>):
/// <c>audit</c> recovers the component of an unlabelled resource (a Helm release) from its name's first segment.
/// </summary>
public sealed class GpuTelemetry
{
    public const string ChartName = "dcgm-exporter";
    public const string ChartVersion = "4.8.2"; // DCGM 4.5.3, exporter 4.8.2
    public const string ChartRepository = "https://nvidia.github.io/dcgm-exporter/helm-charts";
    public const string ReleaseName = "dcgm-exporter";
    /// <summary>The kube-state-metrics series of a node's pool label (Monitoring allowlists the label).</summary>
    public const string NodePoolLabel = "label_supplychain_dev_gpu_pool";

    public GpuTelemetry(Scope parent, string id, GpuTelemetryArgs args)
    {
        if (args.IdleUtilisationPercent is < 1 or > 90)
            throw new ArgumentException($"GpuTelemetryArgs.IdleUtilisationPercent must be 1..90, got {args.IdleUtilisationPercent}");
        Args = args;
        Scope = parent.Child(id);
        // Privileged: the exporter reads the kubelet's pod-resources socket (hostPath) to attribute GPUs to pods, and
        // profiling counters need SYS_ADMIN; it runs only on GPU-pool nodes.
        var ns = Kube.Namespace(Scope, "namespace", Namespace, PodSecurityLevel.Privileged,
            privilegedJustification: "The DCGM exporter mounts the kubelet pod-resources socket (hostPath) and needs SYS_ADMIN for profiling counters; it runs only on GPU-pool nodes.");
        NetworkIsolation.Apply(Scope, Namespace, ingressFrom: [Peer.FromNamespace(PlatformNamespaces.Monitoring, 9400)]);
        Release = Kube.HelmRelease(Scope, "dcgm-exporter", Namespace, ReleaseName, ChartName, ChartVersion, ChartRepository, Values(),
            new ResourceOptions { DependsOn = [ns.Name] }).Name;
        ScrapeTarget = new ScrapeTarget("dcgm-exporter", Namespace, ReleaseName, "metrics", HonorLabels: true);

        Kube.ConfigMap(Scope, "dashboard", Namespace, "supplychain-gpu", new MapValue { ["supplychain-gpu.json"] = ValueJson.Serialize(Dashboard()) },
            new Dictionary<string, string> { [Monitoring.Monitoring.DashboardLabel] = "1" }, new ResourceOptions { DependsOn = [ns.Name] });
        if (args.OperatorRelease.Length > 0)
        {
            var rule = Kube.CustomObject(Scope, "monitoring.coreos.com/v1", "PrometheusRule", "gpu-telemetry", PlatformNamespaces.Monitoring, Rules());
            Kube.ConfigGroup(Scope, "rules", [rule], [args.OperatorRelease]);
        }
    }

    public GpuTelemetryArgs Args { get; }
    public Scope Scope { get; }
    public string Namespace => PlatformNamespaces.GpuTelemetry;
    /// <summary>Logical name of the exporter's Helm release.</summary>
    public string Release { get; }
    /// <summary>The exporter's metrics Service; GPU series keep the namespace and pod of the workload holding the GPU.</summary>
    public ScrapeTarget ScrapeTarget { get; }

    private static MapValue Values() => new()
    {
        ["fullnameOverride"] = ReleaseName,
        // Exactly the nodes of declared GPU pools (any value of the pool label), tolerating their GPU taint.
        ["affinity"] = new MapValue
        {
            ["nodeAffinity"] = new MapValue
            {
                ["requiredDuringSchedulingIgnoredDuringExecution"] = new MapValue
                {
                    ["nodeSelectorTerms"] = new ListValue
                    {
                        new MapValue { ["matchExpressions"] = new ListValue { new MapValue { ["key"] = Labels.GpuPool, ["operator"] = "Exists" } } },
                    },
                },
            },
        },
        ["tolerations"] = new ListValue { Toleration.Gpu.Render() },
        ["resources"] = new ComputeResources("100m", "256Mi", CpuLimit: "200m", MemoryLimit: "512Mi").Render(),
        // Monitoring renders the ServiceMonitor (with honorLabels) from ScrapeTarget, like every other target.
        ["serviceMonitor"] = new MapValue { ["enabled"] = false },
    };

    private static string PerPool(string metric) =>
        $"{metric} * on (Hostname) group_left ({NodePoolLabel}) label_replace(kube_node_labels{{{NodePoolLabel}!=\"\"}}, \"Hostname\", \"$1\", \"node\", \"(.*)\")";

    private MapValue Dashboard()
    {
        const string byPool = "avg by (" + NodePoolLabel + ") ";
        return Monitoring.MonitoringDashboards.Dashboard("supplychain-gpu", "Supply chain / GPUs", [],
        [
            Monitoring.MonitoringDashboards.Panel(1, "GPU utilisation per pool", $"{byPool}({PerPool("DCGM_FI_DEV_GPU_UTIL")})", "{{" + NodePoolLabel + "}}", "percent", 0, 0),
            Monitoring.MonitoringDashboards.Panel(2, "GPU utilisation per team", "avg by (namespace) (DCGM_FI_DEV_GPU_UTIL{namespace=~\"team-.*\"})", "{{namespace}}", "percent", 12, 0),
            Monitoring.MonitoringDashboards.Panel(3, "GPU memory used per pool", "sum by (" + NodePoolLabel + ") (" + PerPool("DCGM_FI_DEV_FB_USED") + ") * 1048576", "{{" + NodePoolLabel + "}}", "bytes", 0, 8),
            Monitoring.MonitoringDashboards.Panel(4, "GPU memory used per team", "sum by (namespace) (DCGM_FI_DEV_FB_USED{namespace=~\"team-.*\"}) * 1048576", "{{namespace}}", "bytes", 12, 8),
            Monitoring.MonitoringDashboards.Panel(5, "GPU power per pool", "sum by (" + NodePoolLabel + ") (" + PerPool("DCGM_FI_DEV_POWER_USAGE") + ")", "{{" + NodePoolLabel + "}}", "watt", 0, 16),
            Monitoring.MonitoringDashboards.Panel(6, "GPU power per team", "sum by (namespace) (DCGM_FI_DEV_POWER_USAGE{namespace=~\"team-.*\"})", "{{namespace}}", "watt", 12, 16),
        ]);
    }

    private MapValue Rules()
    {
        var idle = Args.IdleUtilisationPercent.ToString(CultureInfo.InvariantCulture);
        MapValue Alert(string name, string expr, string forDuration, string severity, string summary, string description) => new()
        {
            ["alert"] = name,
            ["expr"] = expr,
            ["for"] = forDuration,
            ["labels"] = new MapValue { ["severity"] = severity },
            ["annotations"] = new MapValue { ["summary"] = summary, ["description"] = description },
        };
        return new MapValue
        {
            ["groups"] = new ListValue
            {
                new MapValue
                {
                    ["name"] = "gpu-telemetry",
                    ["rules"] = new ListValue
                    {
                        // A GPU held by a pod (the exporter attributes it) that does no work: the most expensive waste.
                        Alert("GpuAllocatedButIdle", $"max_over_time(DCGM_FI_DEV_GPU_UTIL{{pod!=\"\"}}[1h]) < {idle}", "15m", "warning",
                            $"GPU allocated but idle (below {idle}% for an hour)",
                            "GPU {{ $labels.gpu }} on {{ $labels.Hostname }} is held by {{ $labels.namespace }}/{{ $labels.pod }} and used below " + idle + "%."),
                        Alert("GpuPodsPendingNoCapacity",
                            "sum by (namespace) (kube_pod_status_phase{phase=\"Pending\"} * on (namespace, pod) group_left () (sum by (namespace, pod) (kube_pod_container_resource_requests{resource=\"nvidia_com_gpu\"}) > 0)) > 0",
                            "15m", "warning", "GPU pods pending for want of capacity",
                            "{{ $value }} pod(s) requesting GPUs in {{ $labels.namespace }} have been pending for 15 minutes: the pool is full, at its maximum size, or its nodes cannot be created."),
                        Alert("GpuXidErrors", "max by (Hostname, gpu) (DCGM_FI_DEV_XID_ERRORS) > 0", "0m", "critical",
                            "GPU XID error",
                            "GPU {{ $labels.gpu }} on {{ $labels.Hostname }} reported XID {{ $value }}: a driver or hardware fault; drain the node if it repeats."),
                    },
                },
            },
        };
    }
}
