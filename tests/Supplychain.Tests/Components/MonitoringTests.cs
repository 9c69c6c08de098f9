using System.Text.Json;
using Supplychain.Components.Core;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Components.ModelServing;
using Supplychain.Components.Monitoring;
using Supplychain.Components.Random;
using Supplychain.Components.Yaml;
using Supplychain.Tests.Support;
using static Supplychain.Tests.ComponentTests.ComponentKit;

namespace Supplychain.Tests.ComponentTests;

public sealed class MonitoringTests
{
    private static (PulumiProgram Program, Monitoring Monitoring) Render(MonitoringArgs? args = null, Func<PulumiProgram, MonitoringArgs>? build = null)
    {
        var program = new PulumiProgram();
        var monitoring = new Monitoring(Root(program), "monitoring", build?.Invoke(program) ?? args ?? new MonitoringArgs());
        return (program, monitoring);
    }

    [Fact]
    public void Should_Pin_The_KubePrometheusStack_Chart()
    {
        var (program, monitoring) = Render();

        var release = program.Get(monitoring.OperatorRelease);

        Assert.Equal(KubeTypes.HelmRelease, release.Type);
        Assert.Equal("kube-prometheus-stack", Text(release.Properties["chart"]));
        Assert.Equal("67.8.0", Text(release.Properties["version"]));
        Assert.Equal("https://prometheus-community.github.io/helm-charts", Text(release.Properties.At("repositoryOpts.repo")));
        Assert.Equal("monitoring", Text(release.Properties["namespace"]));
        Assert.Equal(ComponentKit.Provider, release.Options.Provider);
    }

    [Fact]
    public void Should_Select_Monitors_And_Rules_Created_Outside_The_Chart()
    {
        var (program, monitoring) = Render();

        var spec = program.Get(monitoring.OperatorRelease).Properties.At("values.prometheus.prometheusSpec")!;

        Assert.Equal(new BoolValue(false), Key(spec, "serviceMonitorSelectorNilUsesHelmValues"));
        Assert.Equal(new BoolValue(false), Key(spec, "ruleSelectorNilUsesHelmValues"));
    }

    [Fact]
    public void Should_Size_Prometheus_Storage_And_Retention_From_Args()
    {
        var (program, monitoring) = Render(new MonitoringArgs { PrometheusStorageSize = "80Gi", StorageClass = "fast-ssd", Retention = "30d" });

        var spec = program.Get(monitoring.OperatorRelease).Properties.At("values.prometheus.prometheusSpec")!;

        Assert.Equal("30d", Text(Key(spec, "retention")));
        Assert.Equal("80Gi", Text(Key(spec, "storageSpec", "volumeClaimTemplate", "spec", "resources", "requests", "storage")));
        Assert.Equal("fast-ssd", Text(Key(spec, "storageSpec", "volumeClaimTemplate", "spec", "storageClassName")));
        Assert.NotNull(Map(spec).At("resources.limits.memory"));
    }

    [Fact]
    public void Should_Give_Grafana_A_Generated_Admin_Password_By_Reference()
    {
        var (program, monitoring) = Render();

        var secret = program.Resources.Single(r => r.Type == KubeTypes.Secret && Text(r.Properties.At("metadata.name")) == Monitoring.GrafanaAdminSecret);
        var password = program.Resources.Single(r => r.Type == RandomPassword.Type);
        var admin = program.Get(monitoring.OperatorRelease).Properties.At("values.grafana.admin")!;

        Assert.Equal(password.Ref("result"), secret.Properties.At("stringData.admin-password"));
        Assert.Equal(Monitoring.GrafanaAdminSecret, Text(Key(admin, "existingSecret")));
        Assert.Contains(secret.Name, program.Get(monitoring.OperatorRelease).Options.DependsOn);
    }

    [Fact]
    public void Should_Reference_The_Webhook_Config_Key_And_Never_Its_Value()
    {
        var (program, monitoring) = Render(build: p => new MonitoringArgs { AlertWebhookUrl = p.DeclareConfig("alertWebhookUrl", secret: true) });

        var config = program.Get(monitoring.OperatorRelease).Properties.At("values.alertmanager.config")!;
        var webhook = List(Key(config, "receivers")).Cast<MapValue>().Single(r => Text(r["name"]) == "webhook");

        Assert.Equal(new ConfigRefValue("alertWebhookUrl"), Map(List(webhook["webhook_configs"])[0])["url"]);
        Assert.Equal("webhook", Text(Key(config, "route", "receiver")));
        Assert.Contains("url: ${alertWebhookUrl}", PulumiYamlWriter.Write(program));
    }

    [Fact]
    public void Should_Route_Alerts_To_The_Null_Receiver_Without_A_Webhook()
    {
        var (program, monitoring) = Render();

        var config = program.Get(monitoring.OperatorRelease).Properties.At("values.alertmanager.config")!;

        Assert.Equal("null", Text(Key(config, "route", "receiver")));
        Assert.Single(List(Key(config, "receivers")));
    }

    [Fact]
    public void Should_Expose_Urls_Of_The_Services_The_Chart_Names()
    {
        var (program, monitoring) = Render();

        var values = program.Get(monitoring.OperatorRelease).Properties.At("values")!;

        Assert.Equal("kube-prometheus-stack", Text(Key(values, "fullnameOverride")));
        Assert.Equal("kube-prometheus-stack-grafana", Text(Key(values, "grafana", "fullnameOverride")));
        Assert.Equal("http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090", monitoring.PrometheusUrl);
        Assert.Equal("http://kube-prometheus-stack-grafana.monitoring.svc.cluster.local:80", monitoring.GrafanaUrl);
    }

    [Fact]
    public void Should_Run_Node_Exporter_In_A_Privileged_Namespace_With_Default_Deny()
    {
        var (program, _) = Render();

        var ns = program.Resources.Single(r => r.Type == KubeTypes.Namespace);

        Assert.Equal("privileged", Text(Key(ns.Properties.At("metadata.labels")!, "pod-security.kubernetes.io/enforce")));
        Assert.Contains(program.Resources, r => r.Type == KubeTypes.NetworkPolicy && Text(r.Properties.At("metadata.name")) == "default-deny");
    }

    [Fact]
    public void Should_Ship_Dashboards_As_Labelled_ConfigMaps_Of_Valid_Json()
    {
        var (program, _) = Render();

        var dashboards = program.Resources.Where(r => r.Type == KubeTypes.ConfigMap).ToList();

        Assert.Equal(2, dashboards.Count);
        foreach (var cm in dashboards)
        {
            Assert.Equal("1", Text(Key(cm.Properties.At("metadata.labels")!, "grafana_dashboard")));
            var json = Text(Map(cm.Properties["data"]).Single().Value);
            using var doc = JsonDocument.Parse(json);
            Assert.True(doc.RootElement.GetProperty("panels").GetArrayLength() >= 4);
        }
        var serving = Text(Map(dashboards.Single(d => Text(d.Properties.At("metadata.name")) == "supplychain-model-serving").Properties["data"]).Single().Value);
        Assert.Contains(ModelMetrics.RequestDuration + "_bucket", serving);
        Assert.Contains(ModelMetrics.RequestsTotal, serving);
        Assert.Contains(ModelMetrics.DriftScore, serving);
    }

    [Fact]
    public void Should_Watch_A_Scrape_Target_With_A_ServiceMonitor_After_The_Operator()
    {
        var (program, monitoring) = Render();

        monitoring.Watch(new ScrapeTarget("mlflow", "mlflow", "mlflow", "http"));

        var group = program.Get("monitoring-servicemonitor-mlflow");
        var monitor = Manifest(group);
        Assert.Equal(KubeTypes.ConfigGroup, group.Type);
        Assert.Equal([monitoring.OperatorRelease], group.Options.DependsOn);
        Assert.Equal("ServiceMonitor", Text(monitor["kind"]));
        Assert.Equal("mlflow", Text(Key(monitor, "spec", "selector", "matchLabels", "app.kubernetes.io/name")));
        Assert.Equal("mlflow", Text(List(Key(monitor, "spec", "namespaceSelector", "matchNames"))[0]));
        Assert.Equal("http", Text(Map(List(Key(monitor, "spec", "endpoints"))[0])["port"]));
    }

    [Fact]
    public void Should_Alert_On_Latency_Errors_And_Drift_At_The_Configured_Thresholds()
    {
        var (program, monitoring) = Render(new MonitoringArgs { LatencyP95Seconds = 0.25m, ErrorRateThreshold = 0.02m, DriftThreshold = 0.4m });

        monitoring.AlertOnModel(SampleSpecs.Model(), "team-fraud", "model-fraud-detector");

        var rule = Manifest(program.Get("monitoring-rules-fraud-detector"));
        var alerts = List(Map(List(Key(rule, "spec", "groups"))[0])["rules"]).Cast<MapValue>().ToDictionary(a => Text(a["alert"]), a => Text(a["expr"]));
        Assert.Equal("PrometheusRule", Text(rule["kind"]));
        Assert.EndsWith("> 0.25", alerts["ModelLatencyP95High"]);
        Assert.Contains(ModelMetrics.RequestDuration + "_bucket{namespace=\"team-fraud\",model=\"fraud-detector\"}", alerts["ModelLatencyP95High"]);
        Assert.EndsWith("> 0.02", alerts["ModelErrorRatioHigh"]);
        Assert.Contains("code=~\"5..\"", alerts["ModelErrorRatioHigh"]);
        Assert.EndsWith("> 0.4", alerts["ModelDataDriftHigh"]);
        Assert.Contains(ModelMetrics.DriftScore, alerts["ModelDataDriftHigh"]);
    }
}
