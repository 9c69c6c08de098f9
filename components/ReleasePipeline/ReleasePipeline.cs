using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Platform;

namespace Supplychain.Components.ReleasePipeline;

/// <summary>Arguments of <see cref="ReleasePipeline"/>.</summary>
public sealed record ReleasePipelineArgs
{
    /// <summary>Teams whose namespaces get the canary AnalysisTemplate.</summary>
    public required IReadOnlyList<TeamSpec> Teams { get; init; }
    /// <summary>Prometheus URL the analysis queries.</summary>
    public required string PrometheusUrl { get; init; }
    /// <summary>Logical names of resources the team namespaces are (Pulumi dependencies of the templates).</summary>
    public IReadOnlyList<string> TeamNamespaceResources { get; init; } = [];
    /// <summary>Minimum success ratio for a canary step to pass (default 0.99).</summary>
    public decimal SuccessRateThreshold { get; init; } = 0.99m;
    /// <summary>Maximum p95 latency in seconds for a canary step to pass (default 0.5).</summary>
    public decimal LatencyP95Seconds { get; init; } = 0.5m;
    /// <summary>Cloud targets: the repositories and bucket the CI release identity may push to.</summary>
    public ArtifactRepository.ArtifactRepository? Artifacts { get; init; }
    /// <summary>Cloud targets: the repository and branch whose workflows get the release identity (OIDC); null creates none.</summary>
    public CiSpec? Ci { get; init; }
}

/// <summary>Argo CD (GitOps) and Argo Rollouts (progressive delivery), with an AnalysisTemplate that gates canaries on Prometheus metrics.</summary>
public sealed partial class ReleasePipeline
{
    public ReleasePipeline(Scope parent, string id, ReleasePipelineArgs args)
    {
        Args = args;
        Scope = parent.Child(id);
        if (args.SuccessRateThreshold is <= 0 or > 1) throw new ArgumentException($"ReleasePipelineArgs.SuccessRateThreshold must be in (0, 1], got {args.SuccessRateThreshold}");
        Scope.Stack.Target.Render(local: RenderLocal, aws: RenderAws, azure: RenderAzure);
    }

    public ReleasePipelineArgs Args { get; }
    public Scope Scope { get; }
    /// <summary>Logical name of the Argo Rollouts Helm release (installs the Rollout CRDs).</summary>
    public string RolloutsRelease { get; private set; } = "";
    /// <summary>Logical names of the resources creating the AnalysisTemplates, by team.</summary>
    public IReadOnlyDictionary<string, string> AnalysisTemplateResources { get; private set; } = new Dictionary<string, string>();
    /// <summary>Name of the AnalysisTemplate in each team namespace.</summary>
    public string AnalysisTemplateName { get; private set; } = "model-canary";
    /// <summary>Argo CD's in-cluster URL.</summary>
    public string ArgoCdUrl { get; private set; } = "";
    public string ArgoCdNamespace => PlatformNamespaces.ArgoCd;
    /// <summary>Metrics Services of Argo CD and Argo Rollouts, for <c>Monitoring.Watch</c>.</summary>
    public IReadOnlyList<ScrapeTarget> ScrapeTargets { get; private set; } = [];

    private partial void RenderLocal();
    private partial void RenderAws();
    private partial void RenderAzure();
}
