namespace Supplychain.Components.Naming;

/// <summary>
/// Every AWS physical name of the supply chain, one function per service, each within the service's documented rule
/// (<see cref="Rules"/>). Names start from <c>supplychain-STACK</c>, the stack name normalised by
/// <see cref="NameFitting.Slug"/> (unchanged when it is already lowercase letters, digits and single hyphens).
/// </summary>
public static class AwsNames
{
    public static readonly NameRule S3Bucket = new("S3 bucket", 3, 63, @"\A[a-z0-9][a-z0-9.-]*[a-z0-9]\z", "global (every AWS account)",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html") { NoConsecutiveHyphens = false };
    public static readonly NameRule RdsInstance = new("RDS DB instance identifier", 1, 63, @"\A[a-z][a-z0-9-]*[a-z0-9]\z", "account and region",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.Constraints") { NoConsecutiveHyphens = true };
    public static readonly NameRule ElastiCacheReplicationGroup = new("ElastiCache replication group id", 1, 40, @"\A[a-z][a-z0-9-]*[a-z0-9]\z", "account and region",
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html") { NoConsecutiveHyphens = true };
    public static readonly NameRule EksCluster = new("EKS cluster", 1, 100, @"\A[0-9A-Za-z][A-Za-z0-9_-]*\z", "account and region",
        "https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html");
    public static readonly NameRule EksNodeGroup = new("EKS node group", 1, 63, @"\A[0-9A-Za-z][A-Za-z0-9_-]*\z", "cluster",
        "https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html");
    public static readonly NameRule KmsAlias = new("KMS alias", 7, 256, @"\Aalias/[A-Za-z0-9/_-]+\z", "account and region",
        "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html");
    public static readonly NameRule SnsTopic = new("SNS topic", 1, 256, @"\A[A-Za-z0-9_-]+\z", "account and region",
        "https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html");
    public static readonly NameRule Budget = new("AWS Budgets budget", 1, 100, @"\A[^:\\]+\z", "account",
        "https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_Budget.html");
    public static readonly NameRule EcrRepository = new("ECR repository", 2, 256, @"\A(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*\z", "account and region",
        "https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html");
    public static readonly NameRule IamRole = new("IAM role", 1, 64, @"\A[\w+=,.@-]+\z", "account (global)",
        "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html");
    public static readonly NameRule LogGroup = new("CloudWatch log group", 1, 512, @"\A[\.\-_/#A-Za-z0-9]+\z", "account and region",
        "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html");

    public static IReadOnlyList<NameRule> Rules { get; } =
        [S3Bucket, RdsInstance, ElastiCacheReplicationGroup, EksCluster, EksNodeGroup, KmsAlias, SnsTopic, Budget, EcrRepository, IamRole, LogGroup];

    /// <summary>Digits of an AWS account id, which follows the bucket prefix.</summary>
    public const int AccountIdLength = 12;

    /// <summary><c>supplychain-STACK</c>: the start of every stack-wide AWS name.</summary>
    public static string Prefix(string stackName) => "supplychain-" + NameFitting.Slug(stackName);

    /// <summary>The bucket name up to the account id that ends it: <c>supplychain-STACK-BUCKET-</c>, so the whole name stays within 63.</summary>
    public static string S3BucketPrefix(string stackName, string bucket) =>
        NameFitting.Fit($"{Prefix(stackName)}-{NameFitting.Slug(bucket)}", S3Bucket.MaxLength - AccountIdLength - 1) + "-";

    public static string RdsIdentifier(string stackName, string purpose) =>
        RdsInstance.Checked(NameFitting.Fit($"{Prefix(stackName)}-{purpose}", RdsInstance.MaxLength));

    public static string ElastiCacheId(string stackName, string purpose) =>
        ElastiCacheReplicationGroup.Checked(NameFitting.Fit($"{Prefix(stackName)}-{purpose}", ElastiCacheReplicationGroup.MaxLength));

    public static string ClusterName(string stackName) => EksCluster.Checked(NameFitting.Fit(Prefix(stackName), EksCluster.MaxLength));

    public static string KmsAliasName(string stackName) => KmsAlias.Checked("alias/" + NameFitting.Fit(Prefix(stackName), KmsAlias.MaxLength - 6));

    public static string SnsTopicName(string stackName, string purpose) =>
        SnsTopic.Checked(NameFitting.Fit($"{Prefix(stackName)}-{purpose}", SnsTopic.MaxLength));

    public static string BudgetName(string stackName, string purpose) =>
        Budget.Checked(NameFitting.Fit($"{Prefix(stackName)}-{purpose}", Budget.MaxLength));

    /// <summary><c>STACK/TEAM/MODEL</c>, each part lowercase with single separators as ECR requires.</summary>
    public static string EcrRepositoryName(string stackName, string team, string model) =>
        EcrRepository.Checked($"{NameFitting.Slug(stackName)}/{NameFitting.Slug(team)}/{NameFitting.Slug(model)}");
}

/// <summary>Pulumi's auto-naming: the logical name, '-', and 7 random hex characters (pulumi-terraform-bridge's <c>NewUniqueHex(name+"-", 7, ...)</c>).</summary>
public static class PulumiAutoName
{
    public const int SuffixLength = 8;
}
