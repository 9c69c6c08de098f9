using Supplychain.Components.Model;
using Supplychain.Stacks.Pipeline;
using Supplychain.Stacks.Settings;
using Supplychain.Tests.Settings;

namespace Supplychain.Tests.ComponentTests;

/// <summary>
/// Every ServiceMonitor selects at least one Service in the namespace it watches: a Service of the program, or one a
/// pinned chart renders. A selector that matches nothing is never scraped and nothing else reports it.
/// </summary>
public sealed class ServiceMonitorSelectorTests
{
    /// <summary>
    /// Services the pinned charts render, with the labels a selector can use, as the values the program passes produce
    /// them (the vendored charts/*/objects.yaml of ../shared/tools/k8s-objects-check is derived from the same templates;
    /// the tool may be absent where the tests run, so the labels are written here).
    /// </summary>
    private static readonly (string Namespace, string Name, Dictionary<string, string> Labels)[] ChartServices =
    [
        // argo-cd 7.7.14 templates/argocd-application-controller/metrics.yaml: argo-cd.labels with name "metrics".
        ("argocd", "argocd-application-controller-metrics", new() { ["app.kubernetes.io/name"] = "argocd-metrics", ["app.kubernetes.io/component"] = "application-controller", ["app.kubernetes.io/part-of"] = "argocd" }),
        // argo-cd 7.7.14 templates/argocd-applicationset/metrics.yaml and argocd-notifications/metrics.yaml: same name, other components.
        ("argocd", "argocd-applicationset-controller-metrics", new() { ["app.kubernetes.io/name"] = "argocd-metrics", ["app.kubernetes.io/component"] = "applicationset-controller", ["app.kubernetes.io/part-of"] = "argocd" }),
        ("argocd", "argocd-notifications-controller-metrics", new() { ["app.kubernetes.io/name"] = "argocd-metrics", ["app.kubernetes.io/component"] = "notifications-controller", ["app.kubernetes.io/part-of"] = "argocd" }),
        // argo-cd 7.7.14 templates/argocd-server/metrics.yaml and argocd-repo-server/metrics.yaml: name "<component>-metrics".
        ("argocd", "argocd-server-metrics", new() { ["app.kubernetes.io/name"] = "argocd-server-metrics", ["app.kubernetes.io/component"] = "server", ["app.kubernetes.io/part-of"] = "argocd" }),
        ("argocd", "argocd-repo-server-metrics", new() { ["app.kubernetes.io/name"] = "argocd-repo-server-metrics", ["app.kubernetes.io/component"] = "repo-server", ["app.kubernetes.io/part-of"] = "argocd" }),
        // argo-rollouts 2.38.0 templates/controller/metrics-service.yaml: argo-rollouts.labels plus the controller component.
        ("argo-rollouts", "argo-rollouts-metrics", new() { ["app.kubernetes.io/name"] = "argo-rollouts", ["app.kubernetes.io/component"] = "rollouts-controller", ["app.kubernetes.io/part-of"] = "argo-rollouts" }),
        // argo-workflows 1.0.18 templates/controller/workflow-controller-service.yaml (with controller.metricsConfig.enabled):
        // argo-workflows.labels with name "workflow-controller".
        ("argo", "argo-workflows-workflow-controller", new() { ["app.kubernetes.io/name"] = "argo-workflows-workflow-controller", ["app.kubernetes.io/component"] = "workflow-controller", ["app.kubernetes.io/part-of"] = "argo-workflows" }),
        // argo-events 2.4.22 templates/argo-events-controller/service.yaml (with controller.metrics.enabled): <controller fullname>-metrics.
        ("argo-events", "argo-events-controller-manager-metrics", new() { ["app.kubernetes.io/name"] = "argo-events-controller-manager-metrics", ["app.kubernetes.io/part-of"] = "argo-events" }),
        // dcgm-exporter 4.8.2 templates/service.yaml: the chart's selector labels, app.kubernetes.io/name = the chart name.
        ("gpu-telemetry", "dcgm-exporter", new() { ["app.kubernetes.io/name"] = "dcgm-exporter", ["app.kubernetes.io/instance"] = "dcgm-exporter" }),
    ];

    public static TheoryData<string> ExampleStacks => new() { "dev", "staging-aws", "prod-aws", "staging-azure", "prod-azure" };

    [Theory]
    [MemberData(nameof(ExampleStacks))]
    public void Should_Select_An_Existing_Service_With_Every_ServiceMonitor(string stack)
    {
        var program = SynthPipeline.Render(StackSettingsReader.Read(ConfigSource.FromStackFile(SettingsHarness.RepositoryRoot(), stack)));
        var services = ProgramServices(program).Concat(ChartServices).ToList();
        var monitors = program.Resources
            .Where(r => r.Type == "kubernetes:yaml/v2:ConfigGroup" && r.Properties.At("objs") is ListValue)
            .SelectMany(r => ((ListValue)r.Properties.At("objs")!).OfType<MapValue>())
            .Where(o => o.At("kind")?.ToString() == "ServiceMonitor")
            .ToList();

        Assert.NotEmpty(monitors);
        var unmatched = monitors.Where(m =>
        {
            var selector = (MapValue)m.At("spec.selector.matchLabels")!;
            var namespaces = ((ListValue)m.At("spec.namespaceSelector.matchNames")!).Select(n => n.ToString()).ToList();
            return !services.Any(s => namespaces.Contains(s.Namespace) && selector.All(kv => s.Labels.GetValueOrDefault(kv.Key) == kv.Value.ToString()));
        }).Select(m => $"{m.At("metadata.name")}: {m.At("spec.selector.matchLabels")}").ToList();
        Assert.Empty(unmatched);
    }

    [Fact]
    public void Should_Select_Only_The_Application_Controller_Among_Argo_CDs_Shared_Metrics_Name()
    {
        var program = SynthPipeline.Render(StackSettingsReader.Read(ConfigSource.FromStackFile(SettingsHarness.RepositoryRoot(), "dev")));
        var monitor = program.Resources
            .Where(r => r.Type == "kubernetes:yaml/v2:ConfigGroup" && r.Properties.At("objs") is ListValue)
            .SelectMany(r => ((ListValue)r.Properties.At("objs")!).OfType<MapValue>())
            .Single(o => o.At("kind")?.ToString() == "ServiceMonitor" && o.At("metadata.name")?.ToString() == "argocd-application-controller");
        var selector = (MapValue)monitor.At("spec.selector.matchLabels")!;

        var matched = ChartServices.Where(s => selector.All(kv => s.Labels.GetValueOrDefault(kv.Key) == kv.Value.ToString())).Select(s => s.Name);

        Assert.Equal(["argocd-application-controller-metrics"], matched);
    }

    private static IEnumerable<(string Namespace, string Name, Dictionary<string, string> Labels)> ProgramServices(PulumiProgram program) =>
        program.Resources
            .Where(r => r.Type == "kubernetes:core/v1:Service")
            .Select(r => (
                r.Properties.At("metadata.namespace")?.ToString() ?? "",
                r.Properties.At("metadata.name")?.ToString() ?? "",
                r.Properties.At("metadata.labels") is MapValue labels ? labels.ToDictionary(kv => kv.Key, kv => kv.Value.ToString()!) : new Dictionary<string, string>()));
}
