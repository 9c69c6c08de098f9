using Supplychain.Components.Model;

namespace Supplychain.Components.GpuNodePool;

/// <summary>
/// Azure: the same in-cluster scheduling as any Kubernetes cluster (device plugin, priority classes, per-team quotas);
/// AKS installs the NVIDIA driver on GPU nodes, the device plugin advertises <c>nvidia.com/gpu</c>. The plugin also
/// tolerates the spot taint AKS puts on spot pools, so spot GPU nodes advertise their GPUs too.
/// </summary>
public sealed partial class GpuScheduling
{
    private partial void RenderAzure()
    {
        RenderKubernetes();
        if (!Args.Pools.Any(p => p.Spot)) return;
        var values = (MapValue)Scope.Program.Get(DevicePluginRelease).Properties["values"];
        var tolerations = (ListValue)values["tolerations"];
        tolerations.Add(GpuNodePool.AksSpotToleration.Render());
    }
}
