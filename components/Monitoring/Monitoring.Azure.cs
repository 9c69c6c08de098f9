namespace Supplychain.Components.Monitoring;

/// <summary>
/// Azure: kube-prometheus-stack on AKS, exactly as on any cluster, rather than Azure Monitor managed Prometheus and
/// Managed Grafana. Why: the canary analysis (Argo Rollouts) and the model alert rules query PromQL in-cluster with no
/// Azure credentials; the same PrometheusRules, ServiceMonitors and dashboards run on every target; managed Prometheus
/// would need an Azure Monitor workspace, data collection rules and a Managed Grafana instance per stack, plus an
/// authenticated query proxy for Argo. Node and container logs still go to Log Analytics (Container Insights) and the
/// control-plane audit log to the workspace, both from the foundation. Persistent volumes use AKS's default class.
/// </summary>
public sealed partial class Monitoring
{
    private partial void RenderAzure() => RenderKubernetes();
}
