using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.GpuNodePool;
using Supplychain.Components.Monitoring;
using Supplychain.Components.Platform;

namespace Supplychain.Components.Retraining;

/// <summary>Arguments of <see cref="Retraining"/>.</summary>
public sealed record RetrainingArgs
{
    /// <summary>Every model of the stack; those with <see cref="ModelSpec.Retraining"/> or <see cref="ModelSpec.DriftCheck"/> get workflows.</summary>
    public required IReadOnlyList<ModelSpec> Models { get; init; }
    /// <summary>The stack-wide loop settings: tool image, repository, token Secret.</summary>
    public required RetrainingLoopSpec Loop { get; init; }
    /// <summary>The stack's GPU pools, by name, with their placement (training steps land on a training pool).</summary>
    public required IReadOnlyList<(GpuPoolSpec Pool, GpuPlacement Placement)> Pools { get; init; }
    /// <summary>The artifact store the workflows keep their artifacts in (datasets are read from it too).</summary>
    public required ArtifactRepository.ArtifactRepository Artifacts { get; init; }
    /// <summary>MLflow's in-cluster URL: the register step records the run there.</summary>
    public required string MlflowUrl { get; init; }
    /// <summary>Logical names of the team namespace resources, by team.</summary>
    public IReadOnlyDictionary<string, string> TeamNamespaceResources { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// The closed loop's automation: Argo Workflows runs a per-model retraining WorkflowTemplate (snapshot the dataset →
/// train on the training GPU pool → <c>evaluate</c> → register in MLflow → open a pull request with the new version and
/// lineage), on a CronWorkflow schedule and, through Argo Events, when the model's drift alert fires. Per-model drift
/// checks run the project's <c>drift</c> verb on a schedule and push <c>model_data_drift_score</c> to a Pushgateway that
/// Prometheus scrapes, so the existing drift alert rules fire without the serving image computing drift.
/// </summary>
public sealed partial class Retraining
{
    /// <summary>Argo Events' webhook EventSource: Alertmanager posts drift alerts here.</summary>
    public const int WebhookPort = 12000;
    public const string WebhookPath = "/drift";
    public const string EventSourceName = "model-drift";
    public static string DriftWebhookUrl => $"http://{EventSourceName}-eventsource-svc.{PlatformNamespaces.ArgoEvents}.svc.cluster.local:{WebhookPort}{WebhookPath}";

    /// <summary>The Alertmanager route that sends drift alerts of retrained models to the EventSource, one notification per model.</summary>
    public static AlertRoute DriftAlertRoute(IEnumerable<ModelSpec> models) => new("retraining-trigger", DriftWebhookUrl,
        ["alertname = \"ModelDataDriftHigh\"", $"model =~ \"{string.Join("|", models.Where(m => m.Retraining?.OnDrift == true).Select(m => m.Name))}\""],
        ["model"]);

    public Retraining(Scope parent, string id, RetrainingArgs args)
    {
        Args = args;
        Scope = parent.Child(id);
        foreach (var model in args.Models.Where(m => m.Retraining is { Gpus: > 0 }))
        {
            var pool = TrainingPool(model);
            if (pool.Pool.Purpose != GpuPoolPurpose.Training)
                throw new ArgumentException($"RetrainingArgs.Models: model '{model.Name}' trains on pool '{pool.Pool.Name}', whose purpose is {pool.Pool.Purpose}; expected a training pool");
        }
        Store = RetrainingStore.For(Scope, args.Artifacts);
        RenderKubernetes();
    }

    public RetrainingArgs Args { get; }
    public Scope Scope { get; }
    /// <summary>Where workflow artifacts go on this target (the one per-target part of the component).</summary>
    internal RetrainingStore Store { get; }
    /// <summary>Metrics Services (workflow controller, events controller, drift Pushgateway), for <c>Monitoring.Watch</c>.</summary>
    public IReadOnlyList<ScrapeTarget> ScrapeTargets { get; private set; } = [];
    /// <summary>Logical name of the Argo Workflows release (installs the Workflow CRDs).</summary>
    public string WorkflowsRelease { get; private set; } = "";

    internal IEnumerable<ModelSpec> Retrained => Args.Models.Where(m => m.Retraining is not null);
    internal IEnumerable<ModelSpec> DriftChecked => Args.Models.Where(m => m.DriftCheck is not null);
    internal IEnumerable<string> LoopTeams => Args.Models.Where(m => m.Retraining is not null || m.DriftCheck is not null)
        .Select(m => m.Team).Distinct().OrderBy(t => t, StringComparer.Ordinal);

    internal (GpuPoolSpec Pool, GpuPlacement Placement) TrainingPool(ModelSpec model)
    {
        var r = model.Retraining!;
        if (r.GpuPool is { } name)
            return Args.Pools.Where(p => p.Pool.Name == name).Cast<(GpuPoolSpec, GpuPlacement)?>().FirstOrDefault()
                ?? throw new ArgumentException($"RetrainingArgs.Models: model '{model.Name}' names GPU pool '{name}', which is not declared");
        return Args.Pools.Where(p => p.Pool.Purpose == GpuPoolPurpose.Training).Cast<(GpuPoolSpec, GpuPlacement)?>().FirstOrDefault()
               ?? throw new ArgumentException($"RetrainingArgs.Models: model '{model.Name}' trains on {r.Gpus} GPU(s) but the stack declares no training GPU pool");
    }
}
