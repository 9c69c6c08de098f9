using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;

namespace Supplychain.Components.GpuNodePool;

/// <summary>How a workload lands on a GPU pool: node selector, tolerations and priority class.</summary>
public sealed record GpuPlacement(IReadOnlyDictionary<string, string> NodeSelector, IReadOnlyList<Toleration> Tolerations, string PriorityClassName);

/// <summary>Arguments of <see cref="GpuNodePool"/>.</summary>
public sealed record GpuNodePoolArgs
{
    public required GpuPoolSpec Pool { get; init; }
    /// <summary>Logical name of the <c>gpu-system</c> namespace resource (from <see cref="GpuScheduling.NamespaceResource"/>); when null, the pool looks it up in the program.</summary>
    public string? SystemNamespaceResource { get; init; }
}

/// <summary>
/// One pool of GPU nodes. On Kubernetes (local target) the pool is the set of nodes labelled
/// <c>supplychain.dev/gpu-pool=NAME</c> and tainted <c>nvidia.com/gpu</c>; cloud targets create a real node group
/// with those labels and taints, so the same placement works everywhere.
/// </summary>
public sealed partial class GpuNodePool
{
    public GpuNodePool(Scope parent, string id, GpuNodePoolArgs args)
    {
        Args = args;
        Scope = parent.Child(id);
        var p = args.Pool;
        if (p.GpusPerNode is < 1 or > 16) throw new ArgumentException($"GpuNodePoolArgs.Pool.GpusPerNode must be 1..16, got {p.GpusPerNode}");
        if (p.MinNodes < 0) throw new ArgumentException($"GpuNodePoolArgs.Pool.MinNodes must be >= 0, got {p.MinNodes}");
        if (p.MaxNodes is not null && p.MaxNodes < p.MinNodes) throw new ArgumentException($"GpuNodePoolArgs.Pool.MaxNodes ({p.MaxNodes}) is below MinNodes ({p.MinNodes})");
        Placement = new GpuPlacement(
            GpuNodeContract.NodeLabels(p),
            [Toleration.Gpu],
            GpuScheduling.PriorityClassFor(p.Purpose));
        Scope.Stack.Target.Render(local: RenderLocal, aws: RenderAws, azure: RenderAzure);
    }

    public GpuNodePoolArgs Args { get; }
    public Scope Scope { get; }
    public string Name => Args.Pool.Name;
    public GpuPlacement Placement { get; private set; }

    private partial void RenderLocal();
    private partial void RenderAws();
    private partial void RenderAzure();
}
