namespace Supplychain.Components.Platform;

/// <summary>
/// Namespaces of the platform's shared services. Components create their own namespace; other
/// components need the names for network policies and in-cluster URLs, so they live here once.
/// </summary>
public static class PlatformNamespaces
{
    public const string Artifacts = "artifacts";
    public const string Mlflow = "mlflow";
    public const string Feast = "feast";
    public const string Monitoring = "monitoring";
    public const string ArgoCd = "argocd";
    public const string ArgoRollouts = "argo-rollouts";
    public const string GpuSystem = "gpu-system";
    public const string ArgoWorkflows = "argo";
    public const string ArgoEvents = "argo-events";
    public const string GpuTelemetry = "gpu-telemetry";
}
