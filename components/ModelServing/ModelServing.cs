using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.GpuNodePool;
using Supplychain.Components.Naming;

namespace Supplychain.Components.ModelServing;

/// <summary>Arguments of <see cref="ModelServing"/>.</summary>
public sealed record ModelServingArgs
{
    public required ModelSpec Model { get; init; }
    public required TeamSpec Team { get; init; }
    /// <summary>Placement on a GPU pool, when the model asks for GPUs.</summary>
    public GpuPlacement? GpuPlacement { get; init; }
    /// <summary>Logical name of the Argo Rollouts release (the Rollout CRD must exist first).</summary>
    public required string RolloutsRelease { get; init; }
    /// <summary>The AnalysisTemplate in the team namespace that gates each canary step, and the resource creating it.</summary>
    public required string AnalysisTemplateName { get; init; }
    public string? AnalysisTemplateResource { get; init; }
    /// <summary>Logical name of the team namespace resource.</summary>
    public string? NamespaceResource { get; init; }
    /// <summary>Monitoring to register the model with (ServiceMonitor and alert rules); null skips it.</summary>
    public Monitoring.Monitoring? Monitoring { get; init; }
}

/// <summary>
/// Serves one model: an Argo Rollout with the configured canary steps and analysis, a Service, the pinned
/// image with requests and limits, GPU placement when asked, and the model's lineage as labels and annotations.
/// </summary>
public sealed partial class ModelServing
{
    public ModelServing(Scope parent, string id, ModelServingArgs args)
    {
        Args = args;
        Scope = parent.Child(id);
        if (args.Model.Serving.Gpus > 0 && args.GpuPlacement is null)
            throw new ArgumentException($"ModelServingArgs.GpuPlacement: model '{args.Model.Name}' asks for {args.Model.Serving.Gpus} GPUs but no GPU pool placement was given");
        Scope.Stack.Target.Render(local: RenderLocal, aws: RenderAws, azure: RenderAzure);
    }

    public ModelServingArgs Args { get; }
    public Scope Scope { get; }
    public string Namespace => Args.Team.Namespace;
    /// <summary>Workload and Service name: <c>model-NAME</c>.</summary>
    public string WorkloadName => ServiceNames(Args.Model.Name).Stable;

    /// <summary>
    /// The three Services of a model in its team's namespace: stable (also the Rollout's name), canary and metrics,
    /// each a valid Service name (<see cref="KubernetesNames.Service"/>). The settings reader checks that no two models of
    /// a team share one (model <c>x-canary</c> beside model <c>x</c>).
    /// </summary>
    public static (string Stable, string Canary, string Metrics) ServiceNames(string model)
    {
        var stable = KubernetesNames.Service("model-" + model);
        return (stable, KubernetesNames.Service(stable + "-canary"), KubernetesNames.Service(stable + "-metrics"));
    }
    /// <summary>The in-cluster URL of the model's stable Service.</summary>
    public string ServiceUrl => $"http://{WorkloadName}.{Namespace}.svc.cluster.local:{Args.Model.Serving.Port}";

    private partial void RenderLocal();
    private partial void RenderAws();
    private partial void RenderAzure();
}
