using Supplychain.Components.Core;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Components.ModelServing;
using Supplychain.Components.Platform;

namespace Supplychain.Components.ReleasePipeline;

/// <summary>The rendering every cluster shares (local, EKS, AKS): Argo CD, Argo Rollouts and a canary AnalysisTemplate per team.</summary>
public sealed partial class ReleasePipeline
{
    public const string ArgoHelmRepository = "https://argoproj.github.io/argo-helm";
    public const string ArgoCdChartVersion = "7.7.14";       // Argo CD v2.13.3
    public const string ArgoRolloutsChartVersion = "2.38.0";  // Argo Rollouts v1.7.2

    /// <summary>Argument names of the AnalysisTemplate; a Rollout passes all three.</summary>
    public const string ServiceNameArg = "service-name";
    public const string ModelArg = "model";
    public const string VersionArg = "version";

    private void RenderKubernetes()
    {
        var argoCdNs = Kube.Namespace(Scope.Child("argocd"), "namespace", PlatformNamespaces.ArgoCd);
        var rolloutsNs = Kube.Namespace(Scope.Child("rollouts"), "namespace", PlatformNamespaces.ArgoRollouts);

        NetworkIsolation.Apply(Scope.Child("argocd"), PlatformNamespaces.ArgoCd,
            ingressFrom: [Peer.FromNamespace(PlatformNamespaces.Monitoring)], // Prometheus scrapes the metrics ports
            egressTo:
            [
                // 443: the API server through the kubernetes Service and Git/Helm repositories over HTTPS;
                // 6443: the API server where the CNI evaluates policy after the Service is translated;
                // 22: Git repositories over SSH.
                Peer.Anywhere(443, 6443, 22),
            ]);
        NetworkIsolation.Apply(Scope.Child("rollouts"), PlatformNamespaces.ArgoRollouts,
            ingressFrom: [Peer.FromNamespace(PlatformNamespaces.Monitoring)],
            egressTo:
            [
                Peer.Anywhere(443, 6443),                                // the API server only
                Peer.FromNamespace(PlatformNamespaces.Monitoring, 9090), // analysis runs query Prometheus
            ]);

        Kube.HelmRelease(Scope, "argocd", PlatformNamespaces.ArgoCd, "argocd", "argo-cd", ArgoCdChartVersion, ArgoHelmRepository,
            ArgoCdValues(), new ResourceOptions { DependsOn = [argoCdNs.Name] });
        var rollouts = Kube.HelmRelease(Scope, "argo-rollouts", PlatformNamespaces.ArgoRollouts, "argo-rollouts", "argo-rollouts",
            ArgoRolloutsChartVersion, ArgoHelmRepository, RolloutsValues(), new ResourceOptions { DependsOn = [rolloutsNs.Name] });

        RolloutsRelease = rollouts.Name;
        ArgoCdUrl = $"https://argocd-server.{PlatformNamespaces.ArgoCd}.svc.cluster.local:443";
        ScrapeTargets =
        [
            new ScrapeTarget("argocd-server", PlatformNamespaces.ArgoCd, "argocd-server-metrics", "http-metrics"),
            // argo-cd 7.7.14 argocd-application-controller/metrics.yaml: labels from argo-cd.labels with name "metrics",
            // i.e. app.kubernetes.io/name argocd-metrics (shared with ApplicationSet and notifications) and component
            // application-controller.
            new ScrapeTarget("argocd-application-controller", PlatformNamespaces.ArgoCd, "argocd-metrics", "http-metrics") { Component = "application-controller" },
            new ScrapeTarget("argocd-repo-server", PlatformNamespaces.ArgoCd, "argocd-repo-server-metrics", "http-metrics"),
            new ScrapeTarget("argo-rollouts", PlatformNamespaces.ArgoRollouts, "argo-rollouts", "metrics"),
        ];

        var templates = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var team in Args.Teams)
        {
            var template = Kube.CustomObject(Scope, "argoproj.io/v1alpha1", "AnalysisTemplate", AnalysisTemplateName, team.Namespace,
                AnalysisTemplateSpec(), new Dictionary<string, string> { [Domain.Labels.Team] = team.Name });
            var group = Kube.ConfigGroup(Scope, "analysis-" + team.Name, [template], [RolloutsRelease, .. Args.TeamNamespaceResources]);
            templates[team.Name] = group.Name;
        }
        AnalysisTemplateResources = templates;
    }

    /// <summary>
    /// Two Prometheus metrics on the canary's own version, measured every minute for as long as the
    /// canary runs (background analysis): the success ratio must stay at or above the threshold and the
    /// p95 latency at or below it. Each condition is written twice (success and failure) and guarded by
    /// <c>len(result) &gt; 0</c>, so a canary without traffic (empty or NaN result) is Inconclusive and
    /// pauses for a person instead of being promoted blind or failing on a division by zero.
    /// </summary>
    private MapValue AnalysisTemplateSpec()
    {
        var matchers = string.Join(",",
            $"service=\"{{{{args.{ServiceNameArg}}}}}\"",
            $"{ModelMetrics.ModelLabel}=\"{{{{args.{ModelArg}}}}}\"",
            $"{ModelMetrics.VersionLabel}=\"{{{{args.{VersionArg}}}}}\"");
        var success = ModelMetrics.Number(Args.SuccessRateThreshold);
        var latency = ModelMetrics.Number(Args.LatencyP95Seconds);
        MapValue Metric(string name, string query, string successCondition, string failureCondition) => new()
        {
            ["name"] = name,
            ["interval"] = "1m",
            ["failureLimit"] = 2,
            ["inconclusiveLimit"] = 5,
            ["consecutiveErrorLimit"] = 4,
            ["successCondition"] = successCondition,
            ["failureCondition"] = failureCondition,
            ["provider"] = new MapValue
            {
                ["prometheus"] = new MapValue { ["address"] = Args.PrometheusUrl, ["query"] = query },
            },
        };
        return new MapValue
        {
            ["args"] = new ListValue
            {
                new MapValue { ["name"] = ServiceNameArg },
                new MapValue { ["name"] = ModelArg },
                new MapValue { ["name"] = VersionArg },
            },
            ["metrics"] = new ListValue
            {
                Metric("success-rate", ModelMetrics.SuccessRatio(matchers, "2m"),
                    $"len(result) > 0 && result[0] >= {success}", $"len(result) > 0 && result[0] < {success}"),
                Metric("latency-p95", ModelMetrics.LatencyP95(matchers, "2m"),
                    $"len(result) > 0 && result[0] <= {latency}", $"len(result) > 0 && result[0] > {latency}"),
            },
        };
    }

    private static MapValue Resources(string cpu, string memory, string cpuLimit, string memoryLimit) =>
        new ComputeResources(cpu, memory, CpuLimit: cpuLimit, MemoryLimit: memoryLimit).Render();

    /// <summary>Metrics Services on, chart ServiceMonitors off: Monitoring watches <see cref="ScrapeTargets"/>, which depend on the operator's CRDs.</summary>
    private static MapValue Metrics() => new() { ["enabled"] = true, ["serviceMonitor"] = new MapValue { ["enabled"] = false } };

    private static MapValue ArgoCdValues() => new()
    {
        ["fullnameOverride"] = "argocd",
        ["global"] = new MapValue { ["domain"] = $"argocd-server.{PlatformNamespaces.ArgoCd}.svc.cluster.local" },
        // Dex is off: people sign in through the cluster's OIDC provider configured in argocd-cm, or with
        // the generated admin secret until then. One less component holding credentials.
        ["dex"] = new MapValue { ["enabled"] = false },
        ["configs"] = new MapValue
        {
            // TLS on the API server; nothing terminates TLS in front of it on a plain cluster.
            ["params"] = new MapValue { ["server.insecure"] = false },
        },
        ["controller"] = new MapValue { ["metrics"] = Metrics(), ["resources"] = Resources("250m", "1Gi", "1", "2Gi") },
        ["server"] = new MapValue { ["metrics"] = Metrics(), ["resources"] = Resources("100m", "256Mi", "500m", "512Mi") },
        ["repoServer"] = new MapValue { ["metrics"] = Metrics(), ["resources"] = Resources("100m", "256Mi", "1", "1Gi") },
        ["applicationSet"] = new MapValue { ["metrics"] = Metrics(), ["resources"] = Resources("50m", "128Mi", "200m", "256Mi") },
        ["notifications"] = new MapValue { ["metrics"] = Metrics(), ["resources"] = Resources("50m", "64Mi", "200m", "128Mi") },
        ["redis"] = new MapValue { ["resources"] = Resources("50m", "64Mi", "200m", "256Mi") },
    };

    private static MapValue RolloutsValues() => new()
    {
        ["installCRDs"] = true,
        // Keep the CRDs when the release is removed, or every Rollout in every team namespace goes with them.
        ["keepCRDs"] = true,
        ["controller"] = new MapValue
        {
            // Two replicas with leader election: a node drain does not stop canaries mid-step.
            ["replicas"] = 2,
            ["metrics"] = Metrics(),
            ["resources"] = Resources("100m", "128Mi", "500m", "512Mi"),
        },
        ["dashboard"] = new MapValue { ["enabled"] = false },
    };
}
