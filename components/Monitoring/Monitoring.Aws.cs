namespace Supplychain.Components.Monitoring;

/// <summary>
/// On EKS, monitoring is the same kube-prometheus-stack as on any cluster, not Amazon Managed Prometheus: the canary
/// analysis, the model alert rules and the Grafana dashboards are Prometheus-native, an in-cluster Prometheus costs its
/// volume (priced) instead of per-sample ingestion, and the stack stays the same on every target. Its volumes use the
/// foundation's default StorageClass (gp3, encrypted with the stack's key).
/// AWS-native signals that Prometheus cannot see (RDS CPU and free storage, ElastiCache memory) are CloudWatch alarms
/// created next to the resource they watch (<c>MlflowTracking.Aws.cs</c>, <c>FeatureStore.Aws.cs</c>), notifying the
/// foundation's alarm topic, which the budget's alert emails subscribe to.
/// </summary>
public sealed partial class Monitoring
{
    private partial void RenderAws() => RenderKubernetes();
}
