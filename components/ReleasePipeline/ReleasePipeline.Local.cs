namespace Supplychain.Components.ReleasePipeline;

/// <summary>The local target (any Kubernetes cluster) adds nothing to the rendering every cluster shares (<c>ReleasePipeline.Kubernetes.cs</c>).</summary>
public sealed partial class ReleasePipeline
{
    private partial void RenderLocal() => RenderKubernetes();
}
