namespace Supplychain.Components.GpuNodePool;

/// <summary>The local target (any Kubernetes cluster) adds nothing to the rendering every cluster shares (<c>GpuScheduling.Kubernetes.cs</c>).</summary>
public sealed partial class GpuScheduling
{
    private partial void RenderLocal() => RenderKubernetes();
}
