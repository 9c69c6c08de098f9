namespace Supplychain.Components.Domain;

/// <summary>A team that owns models: it gets a namespace, RBAC, a GPU quota and a budget.</summary>
/// <param name="Name">DNS label; the namespace is <c>team-NAME</c>.</param>
/// <param name="GpuQuota">Maximum GPUs the team's namespace may request (default 0: no GPUs).</param>
/// <param name="MonthlyBudgetUsd">The team's monthly budget, enforced by the cost pack; null when not declared.</param>
/// <param name="Groups">Identity-provider groups bound to the team's edit role (default <c>team:NAME</c>).</param>
public sealed record TeamSpec(string Name, int GpuQuota = 0, decimal? MonthlyBudgetUsd = null, IReadOnlyList<string>? Groups = null)
{
    public string Namespace => "team-" + Name;
    public IReadOnlyList<string> EffectiveGroups => Groups is { Count: > 0 } ? Groups : ["team:" + Name];
}

public enum GpuPoolPurpose { Training, Inference }

/// <summary>A pool of GPU nodes. On Kubernetes it is the set of nodes labelled <c>supplychain.dev/gpu-pool=NAME</c>; on clouds a real node group.</summary>
/// <param name="Name">DNS label.</param>
/// <param name="Purpose">training | inference: decides the priority class and cost rules.</param>
/// <param name="InstanceType">Cloud instance type / VM size (e.g. g5.2xlarge); for local pools a descriptive GPU model.</param>
/// <param name="GpusPerNode">GPUs per node (1..16).</param>
/// <param name="MinNodes">Minimum nodes (0 lets the pool scale to zero).</param>
/// <param name="MaxNodes">Maximum nodes; null means undeclared, which the cost pack refuses.</param>
/// <param name="Spot">Use spot/preemptible capacity.</param>
public sealed record GpuPoolSpec(string Name, GpuPoolPurpose Purpose, string InstanceType, int GpusPerNode, int MinNodes, int? MaxNodes, bool Spot)
{
    public int DesiredNodes => MinNodes;

    /// <summary>
    /// The pool a GPU model runs on when it names none: the first declared inference pool. Never a training pool (spot,
    /// preemptible, sized for batch work): with no inference pool a GPU model must name its pool.
    /// </summary>
    public static GpuPoolSpec? DefaultServingPool(IReadOnlyList<GpuPoolSpec> pools) =>
        pools.FirstOrDefault(p => p.Purpose == GpuPoolPurpose.Inference);
}

/// <summary>Where the trained model lives and its content digest.</summary>
public sealed record ArtifactSpec(string Uri, string Digest);

/// <summary>Who approved a model for release, and when. Status: approved | pending | rejected.</summary>
public sealed record ApprovalSpec(string Status, string? By, string? At);

/// <summary>The model's lineage. Every field may be missing in config: the lineage pack judges completeness.</summary>
public sealed record LineageSpec(
    string? DatasetDigest,
    string? DatasetVersion,
    string? TrainingRun,
    string? CodeCommit,
    IReadOnlyDictionary<string, string> Hyperparameters,
    IReadOnlyDictionary<string, decimal> Metrics,
    ApprovalSpec? Approval)
{
    /// <summary>The evaluation record backing the metrics (<c>lineage.evaluation</c>); null when not declared.</summary>
    public Evaluation.EvaluationReference? Evaluation { get; init; }
}

/// <summary>How a model is served.</summary>
/// <param name="Replicas">Pods (1..100, default 2).</param>
/// <param name="Cpu">CPU request, Kubernetes quantity (default <c>500m</c>); the limit is the same, for guaranteed QoS.</param>
/// <param name="Memory">Memory request and limit (default <c>1Gi</c>).</param>
/// <param name="Gpus">GPUs per pod (default 0); &gt; 0 adds the GPU request, toleration and node selector.</param>
/// <param name="GpuPool">The GPU pool to schedule on; defaults to the first inference pool.</param>
/// <param name="CanarySteps">Traffic weights (percent, increasing, 1..99) of the canary; empty means an immediate rollout.</param>
/// <param name="CanaryPauseMinutes">How long each canary step waits (and is analysed) before the next (default 5).</param>
/// <param name="Port">The container's HTTP port (default 8080).</param>
public sealed record ServingSpec(
    int Replicas = 2,
    string Cpu = "500m",
    string Memory = "1Gi",
    int Gpus = 0,
    string? GpuPool = null,
    IReadOnlyList<int>? CanarySteps = null,
    int CanaryPauseMinutes = 5,
    int Port = 8080)
{
    public IReadOnlyList<int> EffectiveCanarySteps => CanarySteps ?? [10, 50];
}

/// <summary>One model to serve, with everything needed to trace it back to data, code and approval.</summary>
public sealed record ModelSpec(
    string Name,
    string Team,
    string Version,
    string Image,
    ArtifactSpec Artifact,
    LineageSpec? Lineage,
    ServingSpec Serving)
{
    /// <summary>How the model is retrained (<c>retraining</c>); null when it is not.</summary>
    public RetrainingSpec? Retraining { get; init; }
    /// <summary>The in-cluster drift check (<c>drift</c>); null when the serving image reports drift itself.</summary>
    public DriftCheckSpec? DriftCheck { get; init; }
    /// <summary>Where the model is declared when it comes from a model catalog file; null for a model declared inline in the stack.</summary>
    public CatalogRelease? Catalog { get; init; }
}

/// <summary>A catalog model's origin: the file (relative to the project root, <c>models/fraud/fraud-detector.yaml</c>) and the release key the stack serves.</summary>
public sealed record CatalogRelease(string File, string Release);

/// <summary>Options that only the <c>local</c> (any Kubernetes cluster) target reads.</summary>
/// <param name="KubeContext">kubeconfig context to deploy to; null uses the current context.</param>
/// <param name="StorageClass">StorageClass for persistent volumes; null uses the cluster default.</param>
public sealed record LocalTargetSpec(string? KubeContext = null, string? StorageClass = null);

/// <summary>The stack's monthly budget: an explicit promise the cost pack enforces, and (on clouds) a budget alert.</summary>
/// <param name="MonthlyUsd">Budget in USD per month (&gt; 0).</param>
/// <param name="AlertEmails">Who is notified when forecast or actual spend crosses the thresholds.</param>
/// <param name="AlertThresholdsPercent">Percentages of the budget that notify (default 80, 100).</param>
public sealed record BudgetSpec(decimal MonthlyUsd, IReadOnlyList<string> AlertEmails, IReadOnlyList<int>? AlertThresholdsPercent = null)
{
    public IReadOnlyList<int> EffectiveThresholds => AlertThresholdsPercent ?? [80, 100];
}

/// <summary>Everything the supply chain renders from: the validated form of a stack's config.</summary>
/// <param name="AlertWebhookConfigKey">The config key (without project prefix) holding the secret Alertmanager webhook URL, when set; only its reference is ever written.</param>
public sealed record SupplyChainSpec(
    StackContext Stack,
    IReadOnlyList<TeamSpec> Teams,
    IReadOnlyList<GpuPoolSpec> GpuPools,
    IReadOnlyList<ModelSpec> Models,
    LocalTargetSpec Local,
    BudgetSpec? Budget = null,
    string? AlertWebhookConfigKey = null)
{
    public TeamSpec Team(string name) => Teams.First(t => t.Name == name);

    /// <summary>AWS target options (<c>supplychain:aws</c>); set when the target is aws.</summary>
    public AwsTargetSpec? Aws { get; init; }

    /// <summary>Azure target options (<c>supplychain:azure</c>); set when the target is azure.</summary>
    public AzureTargetSpec? Azure { get; init; }

    /// <summary>The CI system that releases into the stack (<c>supplychain:ci</c>); cloud targets trust it through OIDC.</summary>
    public CiSpec? Ci { get; init; }

    /// <summary>The closed loop's stack settings; set when a model declares retraining or a drift check.</summary>
    public RetrainingLoopSpec? Loop { get; init; }

    /// <summary>GPU telemetry (DCGM exporter); null when the stack declares no GPU pool.</summary>
    public GpuTelemetrySpec? GpuTelemetry { get; init; }
}

/// <summary>The repository and branch whose CI workflows may push images and model artifacts (OIDC trust, no stored keys).</summary>
/// <param name="GitHubRepository"><c>owner/repo</c>.</param>
/// <param name="Branch">Branch allowed to release (default <c>main</c>).</param>
public sealed record CiSpec(string GitHubRepository, string Branch = "main");
