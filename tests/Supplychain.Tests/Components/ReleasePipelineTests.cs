using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Components.ModelServing;
using Supplychain.Components.ReleasePipeline;
using static Supplychain.Tests.ComponentTests.ComponentKit;

namespace Supplychain.Tests.ComponentTests;

public sealed class ReleasePipelineTests
{
    private const string PrometheusUrl = "http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090";

    private static (PulumiProgram Program, ReleasePipeline Pipeline) Render(decimal successRate = 0.99m, decimal latency = 0.5m)
    {
        var program = new PulumiProgram();
        var pipeline = new ReleasePipeline(Root(program), "release", new ReleasePipelineArgs
        {
            Teams = [new TeamSpec("fraud"), new TeamSpec("search")],
            PrometheusUrl = PrometheusUrl,
            TeamNamespaceResources = ["teams-fraud-namespace", "teams-search-namespace"],
            SuccessRateThreshold = successRate,
            LatencyP95Seconds = latency,
        });
        return (program, pipeline);
    }

    private static Resource Release(PulumiProgram program, string chart) =>
        program.Resources.Single(r => r.Type == KubeTypes.HelmRelease && Text(r.Properties["chart"]) == chart);

    [Theory]
    [InlineData("argo-cd", "7.7.14", "argocd")]
    [InlineData("argo-rollouts", "2.38.0", "argo-rollouts")]
    public void Should_Pin_Argo_Charts(string chart, string version, string ns)
    {
        var (program, _) = Render();

        var release = Release(program, chart);

        Assert.Equal(version, Text(release.Properties["version"]));
        Assert.Equal("https://argoproj.github.io/argo-helm", Text(release.Properties.At("repositoryOpts.repo")));
        Assert.Equal(ns, Text(release.Properties["namespace"]));
    }

    [Fact]
    public void Should_Serve_Argo_Cd_Over_Tls_Without_Dex_And_With_Metrics()
    {
        var (program, pipeline) = Render();

        var values = Release(program, "argo-cd").Properties["values"];

        Assert.Equal(new BoolValue(false), Key(values, "configs", "params", "server.insecure"));
        Assert.Equal(new BoolValue(false), Key(values, "dex", "enabled"));
        Assert.Equal(new BoolValue(true), Key(values, "server", "metrics", "enabled"));
        Assert.NotNull(Map(Key(values, "controller")).At("resources.limits.memory"));
        Assert.Equal("https://argocd-server.argocd.svc.cluster.local:443", pipeline.ArgoCdUrl);
    }

    [Fact]
    public void Should_Install_Rollouts_With_Metrics_And_No_Dashboard()
    {
        var (program, pipeline) = Render();

        var release = Release(program, "argo-rollouts");

        Assert.Equal(release.Name, pipeline.RolloutsRelease);
        Assert.Equal(new BoolValue(true), Key(release.Properties["values"], "controller", "metrics", "enabled"));
        Assert.Equal(new BoolValue(false), Key(release.Properties["values"], "dashboard", "enabled"));
    }

    [Fact]
    public void Should_Put_An_AnalysisTemplate_In_Every_Team_Namespace_After_Rollouts_And_Namespaces()
    {
        var (program, pipeline) = Render();

        Assert.Equal(["fraud", "search"], pipeline.AnalysisTemplateResources.Keys.Order());
        foreach (var (team, resource) in pipeline.AnalysisTemplateResources)
        {
            var group = program.Get(resource);
            var template = Manifest(group);
            Assert.Equal("AnalysisTemplate", Text(template["kind"]));
            Assert.Equal("argoproj.io/v1alpha1", Text(template["apiVersion"]));
            Assert.Equal("model-canary", Text(Key(template, "metadata", "name")));
            Assert.Equal("team-" + team, Text(Key(template, "metadata", "namespace")));
            Assert.Equal([pipeline.RolloutsRelease, "teams-fraud-namespace", "teams-search-namespace"], group.Options.DependsOn);
        }
    }

    [Fact]
    public void Should_Gate_Canaries_On_Success_Rate_And_Latency_From_Prometheus()
    {
        var (program, pipeline) = Render(successRate: 0.995m, latency: 0.3m);

        var spec = Map(Manifest(program.Get(pipeline.AnalysisTemplateResources["fraud"]))["spec"]);
        var args = List(spec["args"]).Select(a => Text(Map(a)["name"])).ToList();
        var metrics = List(spec["metrics"]).Cast<MapValue>().ToDictionary(m => Text(m["name"]));

        Assert.Equal(["service-name", "model", "version"], args);
        Assert.Equal(PrometheusUrl, Text(metrics["success-rate"].At("provider.prometheus.address")));
        Assert.Equal("len(result) > 0 && result[0] >= 0.995", Text(metrics["success-rate"]["successCondition"]));
        Assert.Equal("len(result) > 0 && result[0] < 0.995", Text(metrics["success-rate"]["failureCondition"]));
        Assert.Equal("len(result) > 0 && result[0] <= 0.3", Text(metrics["latency-p95"]["successCondition"]));
        Assert.Contains(ModelMetrics.RequestsTotal + "{service=\"{{args.service-name}}\",model=\"{{args.model}}\",version=\"{{args.version}}\"",
            Text(metrics["success-rate"].At("provider.prometheus.query")));
        Assert.Contains(ModelMetrics.RequestDuration + "_bucket", Text(metrics["latency-p95"].At("provider.prometheus.query")));
        Assert.All(metrics.Values, m => Assert.Equal("1m", Text(m["interval"])));
        Assert.All(metrics.Values, m => Assert.Equal(new NumberValue(2), m["failureLimit"]));
    }

    [Fact]
    public void Should_Let_Rollouts_Reach_Prometheus_Through_Its_Network_Policy()
    {
        var (program, _) = Render();

        var egress = program.Resources.Single(r => r.Name == "release-rollouts-netpol-allow-egress");

        Assert.Contains(List(egress.Properties.At("spec.egress")).Cast<MapValue>(), rule =>
            rule.At("to") is ListValue to && to.Any(p => Map(p).At("namespaceSelector.matchLabels") is MapValue m && m.Any(kv => Text(kv.Value) == "monitoring"))
            && Text(Map(List(rule["ports"])[0])["port"]) == "9090");
    }

    [Fact]
    public void Should_Reject_A_Success_Threshold_Above_One()
    {
        var ex = Assert.Throws<ArgumentException>(() => Render(successRate: 1.5m));

        Assert.Contains("SuccessRateThreshold", ex.Message);
    }
}
