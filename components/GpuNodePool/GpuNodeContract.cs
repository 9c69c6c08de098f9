using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;

namespace Supplychain.Components.GpuNodePool;

/// <summary>A node taint as Kubernetes (and EKS node groups / AKS agent pools) spell it.</summary>
public sealed record NodeTaint(string Key, string Value, string Effect)
{
    /// <summary><c>key=value:Effect</c>, the form kubectl and AKS <c>nodeTaints</c> use.</summary>
    public override string ToString() => $"{Key}={Value}:{Effect}";
}

/// <summary>
/// The contract between a GPU pool's nodes and the workloads placed on it, the same on every target:
/// the local target documents it for nodes an operator labels and taints; cloud targets
/// (<c>GpuNodePool.Aws.cs</c>, <c>GpuNodePool.Azure.cs</c>) create node groups / agent pools with exactly
/// these labels and taints, so <see cref="GpuPlacement"/> never changes with the target.
/// </summary>
public static class GpuNodeContract
{
    /// <summary>Keeps every pod without the GPU toleration off GPU nodes. Workloads tolerate the key with <c>Exists</c>.</summary>
    public static NodeTaint Taint { get; } = new(ComputeResources.GpuResource, "present", "NoSchedule");

    /// <summary>The labels every node of <paramref name="pool"/> carries.</summary>
    public static IReadOnlyDictionary<string, string> NodeLabels(GpuPoolSpec pool) => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        [Labels.GpuPool] = pool.Name,
    };
}
