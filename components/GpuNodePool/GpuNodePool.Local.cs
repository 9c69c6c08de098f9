namespace Supplychain.Components.GpuNodePool;

/// <summary>
/// The local rendering. On an existing cluster there are no nodes to create: an operator labels and taints the nodes
/// (<see cref="GpuNodeContract"/>); what is real here is the pool's contract.
/// </summary>
public sealed partial class GpuNodePool
{
    private partial void RenderLocal() => RenderContract();
}
