namespace Supplychain.Components.GpuNodePool;

/// <summary>
/// On EKS the GPU nodes come from managed node groups on the NVIDIA AMI (drivers and container toolkit included), which
/// does not install the device plugin: the Kubernetes rendering (device plugin on GPU-pool nodes, priority classes,
/// per-team GPU quotas) applies unchanged.
/// </summary>
public sealed partial class GpuScheduling
{
    private partial void RenderAws() => RenderKubernetes();
}
