using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Components.ModelServing;
using Supplychain.Components.Platform;
using Supplychain.Components.Random;

namespace Supplychain.Components.Monitoring;

/// <summary>The rendering every cluster shares (local, EKS, AKS): kube-prometheus-stack, its namespace, Grafana dashboards, monitors and rules.</summary>
public sealed partial class Monitoring
{
    public const string ChartName = "kube-prometheus-stack";
    public const string ChartVersion = "67.8.0";
    public const string ChartRepository = "https://prometheus-community.github.io/helm-charts";

    /// <summary>Helm release name and <c>fullnameOverride</c>: every service name below derives from it.</summary>
    public const string ReleaseName = "kube-prometheus-stack";
    public const string GrafanaAdminSecret = "grafana-admin";
    public const string DashboardLabel = "grafana_dashboard";

    private const int PrometheusPort = 9090;
    private const int GrafanaPort = 80;

    private Resource? _namespace;

    private void RenderKubernetes()
    {
        // Privileged, not restricted: the chart's node-exporter DaemonSet uses the host's network and PID
        // namespaces and mounts host paths (/proc, /sys, /) to report node metrics; PSA baseline refuses that.
        _namespace = Kube.Namespace(Scope, "namespace", Namespace, PodSecurityLevel.Privileged,
            privilegedJustification: "Prometheus node-exporter reads node metrics through the host network and PID namespaces and host paths.");

        NetworkIsolation.Apply(Scope, Namespace,
            ingressFrom:
            [
                Peer.FromNamespace(PlatformNamespaces.ArgoRollouts, PrometheusPort), // canary analysis queries Prometheus
                // The API server calls the operator's admission webhook (container port 10250) from the
                // control plane, whose address is not a pod address on most clusters.
                Peer.Anywhere(10250),
            ],
            egressTo:
            [
                // API server (443 through the kubernetes Service, 6443 where the CNI sees the endpoint),
                // kubelets (10250, cAdvisor) and node-exporter (9100) on host-network addresses, and
                // HTTPS webhooks for Alertmanager.
                Peer.Anywhere(443, 6443, 9100, 10250),
            ]);
        // Prometheus scrapes targets in every namespace on their own metrics ports.
        Kube.NetworkPolicy(Scope.Child("netpol"), "allow-scrape", Namespace, "allow-scrape-all-namespaces", new MapValue(), ["Egress"],
            egress: new ListValue { new MapValue { ["to"] = new ListValue { new MapValue { ["namespaceSelector"] = new MapValue() } } } });

        var password = RandomPassword.Create(Scope, "grafana-admin-password");
        var adminSecret = Kube.Secret(Scope, "grafana-admin", Namespace, GrafanaAdminSecret, new MapValue
        {
            ["admin-user"] = "admin",
            ["admin-password"] = RandomPassword.Result(password),
        }, options: new ResourceOptions { DependsOn = [_namespace.Name] });

        var release = Kube.HelmRelease(Scope, "kube-prometheus-stack", Namespace, ReleaseName, ChartName, ChartVersion, ChartRepository,
            ChartValues(), new ResourceOptions { DependsOn = [_namespace.Name, adminSecret.Name] });

        OperatorRelease = release.Name;
        PrometheusUrl = $"http://{ReleaseName}-prometheus.{Namespace}.svc.cluster.local:{PrometheusPort}";
        GrafanaUrl = $"http://{ReleaseName}-grafana.{Namespace}.svc.cluster.local:{GrafanaPort}";

        Dashboard("dashboard-model-serving", "supplychain-model-serving", MonitoringDashboards.ModelServing());
        Dashboard("dashboard-platform", "supplychain-platform", MonitoringDashboards.Platform());
    }

    private void Dashboard(string leaf, string name, MapValue dashboard)
    {
        // The Grafana sidecar loads every ConfigMap labelled grafana_dashboard=1, in any namespace.
        Kube.ConfigMap(Scope, leaf, Namespace, name,
            new MapValue { [name + ".json"] = ValueJson.Serialize(dashboard) },
            new Dictionary<string, string> { [DashboardLabel] = "1" },
            new ResourceOptions { DependsOn = [_namespace!.Name] });
    }

    private MapValue ChartValues()
    {
        var storage = new MapValue
        {
            ["accessModes"] = new ListValue { "ReadWriteOnce" },
            ["resources"] = new MapValue { ["requests"] = new MapValue { ["storage"] = Args.PrometheusStorageSize } },
        };
        if (Args.StorageClass is not null) storage["storageClassName"] = Args.StorageClass;

        var grafanaPersistence = new MapValue { ["enabled"] = true, ["size"] = "10Gi" };
        if (Args.StorageClass is not null) grafanaPersistence["storageClassName"] = Args.StorageClass;

        return new MapValue
        {
            ["fullnameOverride"] = ReleaseName,
            // Managed control planes (EKS, AKS, GKE) do not expose etcd, the scheduler or the controller
            // manager, and kube-proxy may be replaced by the CNI: scraping them would only raise TargetDown.
            ["kubeEtcd"] = new MapValue { ["enabled"] = false },
            ["kubeScheduler"] = new MapValue { ["enabled"] = false },
            ["kubeControllerManager"] = new MapValue { ["enabled"] = false },
            ["kubeProxy"] = new MapValue { ["enabled"] = false },
            ["prometheusOperator"] = new MapValue { ["resources"] = Resources("100m", "128Mi", "500m", "512Mi") },
            ["prometheus"] = new MapValue
            {
                ["service"] = new MapValue { ["port"] = PrometheusPort },
                ["prometheusSpec"] = new MapValue
                {
                    ["retention"] = Args.Retention,
                    ["storageSpec"] = new MapValue { ["volumeClaimTemplate"] = new MapValue { ["spec"] = storage } },
                    // Select every ServiceMonitor, PodMonitor and PrometheusRule in the cluster, not only
                    // those labelled with this release: ours are created outside the chart.
                    ["serviceMonitorSelectorNilUsesHelmValues"] = false,
                    ["podMonitorSelectorNilUsesHelmValues"] = false,
                    ["ruleSelectorNilUsesHelmValues"] = false,
                    ["probeSelectorNilUsesHelmValues"] = false,
                    ["resources"] = Resources("500m", "2Gi", "2", "4Gi"),
                },
            },
            ["alertmanager"] = new MapValue
            {
                ["config"] = AlertmanagerConfig(),
                ["alertmanagerSpec"] = new MapValue { ["resources"] = Resources("50m", "128Mi", "200m", "256Mi") },
            },
            ["grafana"] = new MapValue
            {
                ["fullnameOverride"] = ReleaseName + "-grafana",
                ["service"] = new MapValue { ["port"] = GrafanaPort },
                // The admin password is generated (random:RandomPassword) into a Secret; never a chart value.
                ["admin"] = new MapValue
                {
                    ["existingSecret"] = GrafanaAdminSecret,
                    ["userKey"] = "admin-user",
                    ["passwordKey"] = "admin-password",
                },
                ["persistence"] = grafanaPersistence,
                ["sidecar"] = new MapValue
                {
                    ["dashboards"] = new MapValue
                    {
                        ["enabled"] = true,
                        ["label"] = DashboardLabel,
                        ["labelValue"] = "1",
                        ["searchNamespace"] = "ALL",
                    },
                    ["resources"] = Resources("50m", "64Mi", "200m", "128Mi"),
                },
                ["resources"] = Resources("100m", "256Mi", "500m", "512Mi"),
                // Merged into the chart's default context (non-root, no escalation, drop ALL): Grafana writes only to its
                // storage volume and the sidecar's emptyDir, so the image layer stays read-only (CMP061).
                ["containerSecurityContext"] = new MapValue { ["readOnlyRootFilesystem"] = true },
            },
            ["kube-state-metrics"] = new MapValue
            {
                ["resources"] = Resources("50m", "128Mi", "200m", "256Mi"),
                // kube_node_labels carries the GPU pool label, so GPU telemetry can be summed per pool.
                ["metricLabelsAllowlist"] = new ListValue { $"nodes=[{Labels.GpuPool}]" },
            },
            ["prometheus-node-exporter"] = new MapValue { ["resources"] = Resources("50m", "64Mi", "200m", "128Mi") },
        };
    }

    /// <summary>
    /// Routes every alert to the webhook when one is configured (the URL is a reference to secret config,
    /// so Pulumi keeps it encrypted and the chart stores it in a Secret); otherwise to the chart's
    /// <c>null</c> receiver, so alerts stay visible in Alertmanager without being sent anywhere.
    /// The chart's Watchdog heartbeat always goes to <c>null</c>.
    /// </summary>
    private MapValue AlertmanagerConfig()
    {
        var receivers = new ListValue { new MapValue { ["name"] = "null" } };
        var defaultReceiver = "null";
        if (Args.AlertWebhookUrl is not null)
        {
            receivers.Add(new MapValue
            {
                ["name"] = "webhook",
                ["webhook_configs"] = new ListValue { new MapValue { ["url"] = Args.AlertWebhookUrl, ["send_resolved"] = true } },
            });
            defaultReceiver = "webhook";
        }
        var routes = new ListValue { new MapValue { ["receiver"] = "null", ["matchers"] = new ListValue { "alertname = \"Watchdog\"" } } };
        foreach (var extra in Args.ExtraAlertRoutes)
        {
            receivers.Add(new MapValue
            {
                ["name"] = extra.Receiver,
                ["webhook_configs"] = new ListValue { new MapValue { ["url"] = extra.WebhookUrl, ["send_resolved"] = false } },
            });
            // continue: the alert also reaches the default receiver (people), not only the automation.
            routes.Add(new MapValue
            {
                ["receiver"] = extra.Receiver,
                ["matchers"] = new ListValue(extra.Matchers.Select(m => (Value)m)),
                ["group_by"] = new ListValue(extra.GroupBy.Select(g => (Value)g)),
                ["continue"] = true,
            });
        }
        return new MapValue
        {
            ["global"] = new MapValue { ["resolve_timeout"] = "5m" },
            ["route"] = new MapValue
            {
                ["group_by"] = new ListValue { "namespace", "alertname" },
                ["group_wait"] = "30s",
                ["group_interval"] = "5m",
                ["repeat_interval"] = "12h",
                ["receiver"] = defaultReceiver,
                ["routes"] = routes,
            },
            ["receivers"] = receivers,
        };
    }

    private static MapValue Resources(string cpu, string memory, string cpuLimit, string memoryLimit) =>
        new ComputeResources(cpu, memory, CpuLimit: cpuLimit, MemoryLimit: memoryLimit).Render();

    private void RenderServiceMonitor(ScrapeTarget target)
    {
        // Monitors and rules need the Prometheus Operator this component installed (local and azure targets).
        if (OperatorRelease.Length == 0) return;
        var endpoint = new MapValue { ["port"] = target.Port, ["path"] = target.Path, ["interval"] = "30s", ["scrapeTimeout"] = "10s" };
        if (target.HonorLabels) endpoint["honorLabels"] = true;
        var monitor = Kube.CustomObject(Scope, "monitoring.coreos.com/v1", "ServiceMonitor", target.Name, Namespace, new MapValue
        {
            ["selector"] = new MapValue { ["matchLabels"] = MapValue.From(target.Selector) },
            ["namespaceSelector"] = new MapValue { ["matchNames"] = new ListValue { target.Namespace } },
            ["endpoints"] = new ListValue { endpoint },
        });
        Kube.ConfigGroup(Scope, "servicemonitor-" + target.Name, [monitor], [OperatorRelease]);
    }

    private void RenderModelAlerts(ModelSpec model, string ns, string app)
    {
        // Monitors and rules need the Prometheus Operator this component installed (local and azure targets).
        if (OperatorRelease.Length == 0) return;
        var matchers = ModelMetrics.Matchers(("namespace", ns), (ModelMetrics.ModelLabel, model.Name));
        const string by = ModelMetrics.VersionLabel;
        MapValue Alert(string name, string expr, string forDuration, string severity, string summary) => new()
        {
            ["alert"] = name,
            ["expr"] = expr,
            ["for"] = forDuration,
            ["labels"] = new MapValue { ["severity"] = severity, ["team"] = model.Team, ["model"] = model.Name, ["workload"] = app },
            ["annotations"] = new MapValue
            {
                ["summary"] = summary,
                ["description"] = $"Model {model.Name} version {{{{ $labels.version }}}} in {ns}: value {{{{ $value }}}}.",
            },
        };

        var rule = Kube.CustomObject(Scope, "monitoring.coreos.com/v1", "PrometheusRule", "model-" + model.Name, Namespace, new MapValue
        {
            ["groups"] = new ListValue
            {
                new MapValue
                {
                    ["name"] = "model-" + model.Name,
                    ["rules"] = new ListValue
                    {
                        Alert("ModelLatencyP95High",
                            $"{ModelMetrics.LatencyP95(matchers, "5m", by)} > {ModelMetrics.Number(Args.LatencyP95Seconds)}",
                            "10m", "warning", $"p95 latency of {model.Name} above {ModelMetrics.Number(Args.LatencyP95Seconds)}s"),
                        Alert("ModelErrorRatioHigh",
                            $"{ModelMetrics.ErrorRatio(matchers, "5m", by)} > {ModelMetrics.Number(Args.ErrorRateThreshold)}",
                            "10m", "critical", $"error ratio of {model.Name} above {ModelMetrics.Number(Args.ErrorRateThreshold)}"),
                        Alert("ModelDataDriftHigh",
                            $"{ModelMetrics.Drift(matchers, by)} > {ModelMetrics.Number(Args.DriftThreshold)}",
                            "30m", "warning", $"data drift score of {model.Name} above {ModelMetrics.Number(Args.DriftThreshold)}"),
                    },
                },
            },
        }, new Dictionary<string, string> { [Labels.Team] = model.Team, [Labels.Model] = model.Name });
        Kube.ConfigGroup(Scope, "rules-" + model.Name, [rule], [OperatorRelease]);
    }
}
