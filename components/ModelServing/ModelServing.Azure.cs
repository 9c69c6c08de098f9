namespace Supplychain.Components.ModelServing;

/// <summary>
/// Azure: the same Rollout, Services and lineage as on any cluster. AKS pulls the pinned image with its kubelet
/// identity (AcrPull on the stack's registry); GPU models land on the AKS agent pool through the pool's placement,
/// which includes the spot toleration when the pool is spot.
/// </summary>
public sealed partial class ModelServing
{
    private partial void RenderAzure() => RenderKubernetes();
}
