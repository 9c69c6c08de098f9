namespace Supplychain.Components.Domain;

/// <summary>Where a stack deploys: any Kubernetes cluster, AWS (EKS) or Azure (AKS).</summary>
public enum DeploymentTarget { Local, Aws, Azure }

/// <summary>The environment tier; policies are stricter as it rises.</summary>
public enum EnvironmentTier { Dev, Staging, Prod }

/// <summary>What every component knows about the stack it renders into.</summary>
/// <param name="StackName">The Pulumi stack name, e.g. <c>dev</c>.</param>
/// <param name="Target">The deployment target.</param>
/// <param name="Environment">The environment tier.</param>
/// <param name="Owner">Owning team or person handle (a Kubernetes label value).</param>
/// <param name="CostCenter">Cost center code (a Kubernetes label value).</param>
/// <param name="DataClassification">public | internal | confidential | restricted.</param>
public sealed record StackContext(
    string StackName,
    DeploymentTarget Target,
    EnvironmentTier Environment,
    string Owner,
    string CostCenter,
    string DataClassification)
{
    public string EnvironmentName => Environment.ToString().ToLowerInvariant();
    public string TargetName => Target.ToString().ToLowerInvariant();

    /// <summary>The labels (Kubernetes) and tags (clouds) every resource carries, so cost and ownership can be traced.</summary>
    public IReadOnlyDictionary<string, string> GovernanceLabels => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        [Labels.Owner] = Owner,
        [Labels.CostCenter] = CostCenter,
        [Labels.Environment] = EnvironmentName,
        [Labels.DataClassification] = DataClassification,
        [Labels.ManagedBy] = "pulumi",
        [Labels.PartOf] = "supplychain",
        [Labels.Stack] = StackName,
    };
}

/// <summary>Label and annotation keys, in one place, namespaced under <c>supplychain.dev/</c>.</summary>
public static class Labels
{
    public const string Prefix = "supplychain.dev/";
    public const string Owner = Prefix + "owner";
    public const string CostCenter = Prefix + "cost-center";
    public const string Environment = Prefix + "environment";
    public const string DataClassification = Prefix + "data-classification";
    public const string Component = Prefix + "component";
    public const string Stack = Prefix + "stack";
    public const string Team = Prefix + "team";
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string PartOf = "app.kubernetes.io/part-of";
    public const string Name = "app.kubernetes.io/name";
    public const string Instance = "app.kubernetes.io/instance";
    public const string AppComponent = "app.kubernetes.io/component";
    public const string Version = "app.kubernetes.io/version";

    // Model lineage: label-safe values as labels, full values (digests, URIs) as annotations.
    public const string Model = Prefix + "model";
    public const string ModelVersion = Prefix + "model-version";
    public const string DatasetDigest = Prefix + "dataset-digest";
    public const string DatasetVersion = Prefix + "dataset-version";
    public const string TrainingRun = Prefix + "training-run";
    public const string CodeCommit = Prefix + "code-commit";
    public const string ArtifactDigest = Prefix + "artifact-digest";
    public const string ArtifactUri = Prefix + "artifact-uri";
    public const string Metrics = Prefix + "metrics";
    public const string Hyperparameters = Prefix + "hyperparameters";
    public const string ApprovalStatus = Prefix + "approval-status";
    public const string ApprovedBy = Prefix + "approved-by";
    public const string ApprovedAt = Prefix + "approved-at";
    public const string GpuPool = Prefix + "gpu-pool";
    public const string Workload = Prefix + "workload";
}
