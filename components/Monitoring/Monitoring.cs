using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Components.Platform;

namespace Supplychain.Components.Monitoring;

/// <summary>Arguments of <see cref="Monitoring"/>.</summary>
public sealed record MonitoringArgs
{
    /// <summary>Prometheus retention (default 15d).</summary>
    public string Retention { get; init; } = "15d";
    /// <summary>Prometheus volume size (default 50Gi).</summary>
    public string PrometheusStorageSize { get; init; } = "50Gi";
    public string? StorageClass { get; init; }
    /// <summary>A webhook URL for Alertmanager, as a reference to secret config (never a literal); null routes alerts nowhere.</summary>
    public Value? AlertWebhookUrl { get; init; }
    /// <summary>p95 latency above which a model alerts (default 0.5 s).</summary>
    public decimal LatencyP95Seconds { get; init; } = 0.5m;
    /// <summary>Error ratio above which a model alerts (default 0.05).</summary>
    public decimal ErrorRateThreshold { get; init; } = 0.05m;
    /// <summary>Data drift score above which a model alerts (default 0.3).</summary>
    public decimal DriftThreshold { get; init; } = 0.3m;
    /// <summary>Further Alertmanager routes to in-cluster webhooks (e.g. drift alerts to the retraining trigger); default none.</summary>
    public IReadOnlyList<AlertRoute> ExtraAlertRoutes { get; init; } = [];
}

/// <summary>An Alertmanager route: alerts matching <paramref name="Matchers"/>, grouped by <paramref name="GroupBy"/>, also go to a webhook.</summary>
/// <param name="Receiver">Receiver name (unique).</param>
/// <param name="WebhookUrl">In-cluster URL (no credentials in it).</param>
/// <param name="Matchers">Alertmanager matchers, e.g. <c>alertname = "ModelDataDriftHigh"</c>.</param>
/// <param name="GroupBy">Labels a notification is grouped by (one notification per value).</param>
public sealed record AlertRoute(string Receiver, string WebhookUrl, IReadOnlyList<string> Matchers, IReadOnlyList<string> GroupBy);

/// <summary>
/// kube-prometheus-stack (Prometheus Operator, Prometheus, Alertmanager, Grafana), a ServiceMonitor for each
/// scrape target, PrometheusRules for each served model (latency, error rate, data drift) and Grafana dashboards.
/// </summary>
public sealed partial class Monitoring
{
    public Monitoring(Scope parent, string id, MonitoringArgs args)
    {
        Args = args;
        Scope = parent.Child(id);
        Scope.Stack.Target.Render(local: RenderLocal, aws: RenderAws, azure: RenderAzure);
    }

    public MonitoringArgs Args { get; }
    public Scope Scope { get; }
    public string Namespace { get; private set; } = PlatformNamespaces.Monitoring;
    /// <summary>Logical name of the Helm release that installs the Prometheus Operator CRDs; ServiceMonitors depend on it.</summary>
    public string OperatorRelease { get; private set; } = "";
    /// <summary>The in-cluster Prometheus URL (analysis templates query it).</summary>
    public string PrometheusUrl { get; private set; } = "";
    /// <summary>Grafana's in-cluster URL.</summary>
    public string GrafanaUrl { get; private set; } = "";

    /// <summary>Adds a ServiceMonitor for <paramref name="target"/>.</summary>
    public void Watch(ScrapeTarget target) => RenderServiceMonitor(target);

    /// <summary>Adds alert rules (p95 latency, error rate, data drift) for a served model.</summary>
    public void AlertOnModel(ModelSpec model, string ns, string app) => RenderModelAlerts(model, ns, app);

    private partial void RenderLocal();
    private partial void RenderAws();
    private partial void RenderAzure();
}
