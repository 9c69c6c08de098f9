namespace Supplychain.Components.ModelServing;

/// <summary>
/// On EKS a model is served exactly as on any cluster (Argo Rollout, Service, lineage labels, GPU placement): the node
/// groups carry the same GPU labels and taints (<c>GpuNodeContract</c>), so nothing here is AWS-specific.
/// </summary>
public sealed partial class ModelServing
{
    private partial void RenderAws() => RenderKubernetes();
}
