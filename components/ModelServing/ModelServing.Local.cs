namespace Supplychain.Components.ModelServing;

/// <summary>The local target (any Kubernetes cluster) adds nothing to the rendering every cluster shares (<c>ModelServing.Kubernetes.cs</c>).</summary>
public sealed partial class ModelServing
{
    private partial void RenderLocal() => RenderKubernetes();
}
