namespace Supplychain.Components.Monitoring;

/// <summary>The local target (any Kubernetes cluster) adds nothing to the rendering every cluster shares (<c>Monitoring.Kubernetes.cs</c>).</summary>
public sealed partial class Monitoring
{
    private partial void RenderLocal() => RenderKubernetes();
}
