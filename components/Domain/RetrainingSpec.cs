namespace Supplychain.Components.Domain;

/// <summary>
/// How a model is retrained (<c>models[].retraining</c>): on a schedule, on a drift alert, or both. Every run snapshots the
/// dataset, trains with the team's image on a training GPU pool, evaluates with the project's tool image, registers the
/// run in MLflow and opens a pull request with the new version and lineage, so promotion still goes through review.
/// </summary>
/// <param name="TrainingImage">The team's training image (OCI reference with a tag and/or digest).</param>
/// <param name="Dataset">Key of the training dataset file in the stack's artifact store (the model bucket or container).</param>
/// <param name="EvaluationDataset">Key of the pinned evaluation dataset file in the artifact store.</param>
/// <param name="Schedule">Cron schedule (5 fields, UTC) of scheduled retraining; null for none.</param>
/// <param name="OnDrift">Retrain when the model's data-drift alert fires (default false).</param>
/// <param name="Task">What <c>evaluate</c> scores: binary-classification, multiclass-classification, regression, ranking.</param>
/// <param name="Label">The label column of the evaluation dataset (default <c>label</c>).</param>
/// <param name="Gpus">GPUs of the training step (default 1).</param>
/// <param name="GpuPool">Training GPU pool; defaults to the first pool whose purpose is training.</param>
/// <param name="Cpu">CPU of the training step (request = limit, default 4).</param>
/// <param name="Memory">Memory of the training step (request = limit, default 16Gi).</param>
/// <param name="TimeoutMinutes">Deadline of a whole run (activeDeadlineSeconds, default 360).</param>
/// <param name="TrainTimeoutMinutes">Deadline of one training attempt (default 240, at most <paramref name="TimeoutMinutes"/>).</param>
/// <param name="Retries">Retries of a training attempt lost to a reclaimed spot node or a node failure (default 3).</param>
public sealed record RetrainingSpec(
    string TrainingImage,
    string Dataset,
    string EvaluationDataset,
    string? Schedule = null,
    bool OnDrift = false,
    string Task = "binary-classification",
    string Label = "label",
    int Gpus = 1,
    string? GpuPool = null,
    string Cpu = "4",
    string Memory = "16Gi",
    int TimeoutMinutes = 360,
    int TrainTimeoutMinutes = 240,
    int Retries = 3)
{
    /// <summary>Columns of the evaluation dataset measured per value (<c>retraining.slices</c>): segments or sensitive attributes for the fairness gaps.</summary>
    public IReadOnlyList<string> Slices { get; init; } = [];

    /// <summary>The gates the <c>evaluate</c> step holds a retrained model to: the stack's policy thresholds for this model.</summary>
    public EvaluationGates Gates { get; init; } = EvaluationGates.None;
}

/// <summary>
/// The stack's thresholds for one model, as the retraining workflow's <c>evaluate</c> step applies them: metric → at least
/// (<c>policy.minimumMetrics</c>) and metric → largest slice gap (<c>policy.maxSliceGaps</c>), keyed by the evaluation's metric names.
/// </summary>
public sealed record EvaluationGates(IReadOnlyDictionary<string, decimal> Minimum, IReadOnlyDictionary<string, decimal> MaxSliceGap)
{
    public static readonly EvaluationGates None = new(new SortedDictionary<string, decimal>(StringComparer.Ordinal), new SortedDictionary<string, decimal>(StringComparer.Ordinal));
}

/// <summary>
/// An in-cluster drift check (<c>models[].drift</c>): on a schedule, the project's <c>drift</c> verb compares a reference
/// sample with the current one and publishes <c>model_data_drift_score</c>, which the model's drift alert reads.
/// </summary>
/// <param name="Schedule">Cron schedule (5 fields, UTC), default hourly.</param>
/// <param name="Reference">Key of the reference sample in the artifact store.</param>
/// <param name="Current">Key of the current (live) sample in the artifact store.</param>
public sealed record DriftCheckSpec(string Reference, string Current, string Schedule = "0 * * * *");

/// <summary>
/// Stack-wide settings of the closed loop (<c>supplychain:retraining</c> and <c>supplychain:toolImage</c>).
/// </summary>
/// <param name="ToolImage">This project's CLI image (runs <c>evaluate</c> and <c>drift</c>); pinned by digest outside dev.</param>
/// <param name="Repository">GitHub <c>owner/repo</c> the pull requests go to.</param>
/// <param name="BaseBranch">Branch the pull requests target (default <c>main</c>).</param>
/// <param name="TokenSecret">Name of the Kubernetes Secret (key <c>token</c>) in each team namespace that holds the GitHub
/// token; created outside the program (never a config value), referenced by name only.</param>
public sealed record RetrainingLoopSpec(string ToolImage, string Repository, string BaseBranch = "main", string TokenSecret = "retraining-github-token");

/// <summary>NVIDIA DCGM exporter on GPU-pool nodes (<c>supplychain:gpuTelemetry</c>).</summary>
/// <param name="Enabled">Deploy the exporter, its ServiceMonitor, GPU alert rules and dashboard (default true when GPU pools exist).</param>
/// <param name="IdleUtilisationPercent">A GPU allocated to a pod and below this utilisation for an hour alerts (default 5).</param>
public sealed record GpuTelemetrySpec(bool Enabled = true, int IdleUtilisationPercent = 5);
