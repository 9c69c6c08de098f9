using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;

namespace Supplychain.Components.GpuNodePool;

/// <summary>The rendering every cluster shares (local, EKS, AKS): device plugin, priority classes, per-team GPU quotas.</summary>
public sealed partial class GpuScheduling
{
    public const string DevicePluginChart = "nvidia-device-plugin";
    public const string DevicePluginChartVersion = "0.17.0";
    public const string DevicePluginRepository = "https://nvidia.github.io/k8s-device-plugin";

    /// <summary>Inference serves users: it may preempt training pods to get a GPU.</summary>
    public const int InferencePriority = 100000;
    /// <summary>Training is batch work that checkpoints: it waits for capacity and never evicts anyone.</summary>
    public const int TrainingPriority = 10000;

    public const string GpuQuotaKey = "requests." + ComputeResources.GpuResource;

    private void RenderKubernetes()
    {
        // No GPU pool, no GPU plumbing: nothing would advertise nvidia.com/gpu, and a quota on it would be noise.
        if (Args.Pools.Count == 0) return;
        // Privileged: the device plugin mounts the kubelet's device-plugin socket directory
        // (/var/lib/kubelet/device-plugins) from the host to register nvidia.com/gpu; PSA baseline forbids hostPath.
        var ns = Kube.Namespace(Scope, "namespace", Namespace, PodSecurityLevel.Privileged,
            privilegedJustification: "The NVIDIA device plugin mounts the kubelet device-plugin socket directory from the host (hostPath); nothing else runs here.");
        NamespaceResource = ns.Name;
        // The plugin talks to the kubelet over a unix socket and needs no network at all: default deny plus DNS.
        NetworkIsolation.Apply(Scope, Namespace);

        DevicePluginRelease = Kube.HelmRelease(Scope, "device-plugin", Namespace, "nvidia-device-plugin", DevicePluginChart,
            DevicePluginChartVersion, DevicePluginRepository, DevicePluginValues(), new ResourceOptions { DependsOn = [ns.Name] }).Name;

        // Training never preempts: a long job starting should not kill a serving pod, nor another team's run.
        Kube.PriorityClass(Scope, "priority-training", TrainingPriorityClass, TrainingPriority,
            "GPU training jobs: scheduled when capacity is free, preemptible by inference, never preempt others.", preempt: false);
        Kube.PriorityClass(Scope, "priority-inference", InferencePriorityClass, InferencePriority,
            "Model serving: may preempt training pods to obtain GPUs.", preempt: true);

        foreach (var team in Args.Teams)
        {
            var quota = Kube.ResourceQuota(Scope, "quota-" + team.Name, team.Namespace, "gpu-quota",
                new MapValue { [GpuQuotaKey] = team.GpuQuota.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            if (Args.TeamNamespaceResources.TryGetValue(team.Name, out var teamNs))
                quota.Options = quota.Options with { DependsOn = [teamNs] };
        }
    }

    /// <summary>
    /// Runs the plugin only on nodes of a declared GPU pool (any value of the pool label), tolerating the
    /// GPU taint. Node Feature Discovery and GPU Feature Discovery stay off: pools are declared, not discovered.
    /// </summary>
    private static MapValue DevicePluginValues() => new()
    {
        ["affinity"] = new MapValue
        {
            ["nodeAffinity"] = new MapValue
            {
                ["requiredDuringSchedulingIgnoredDuringExecution"] = new MapValue
                {
                    ["nodeSelectorTerms"] = new ListValue
                    {
                        new MapValue
                        {
                            ["matchExpressions"] = new ListValue { new MapValue { ["key"] = Labels.GpuPool, ["operator"] = "Exists" } },
                        },
                    },
                },
            },
        },
        ["tolerations"] = new ListValue { Toleration.Gpu.Render() },
        ["priorityClassName"] = "system-node-critical",
        ["resources"] = new ComputeResources("50m", "64Mi", CpuLimit: "200m", MemoryLimit: "128Mi").Render(),
        ["gfd"] = new MapValue { ["enabled"] = false },
        ["nfd"] = new MapValue { ["enabled"] = false },
    };
}
