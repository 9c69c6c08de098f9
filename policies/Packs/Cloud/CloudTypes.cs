namespace Supplychain.Policies.Packs.Cloud;

/// <summary>
/// Cloud type tokens as policies compare them. Pulumi accepts both <c>aws:s3/bucketV2:BucketV2</c> and the
/// short <c>aws:s3:BucketV2</c>; both normalize to the short form so a policy names a type once.
/// </summary>
public static class CloudTypes
{
    public const string S3Bucket = "aws:s3:Bucket";
    public const string S3BucketV2 = "aws:s3:BucketV2";
    public const string S3Encryption = "aws:s3:BucketServerSideEncryptionConfiguration";
    public const string S3EncryptionV2 = "aws:s3:BucketServerSideEncryptionConfigurationV2";
    public const string S3Versioning = "aws:s3:BucketVersioning";
    public const string S3VersioningV2 = "aws:s3:BucketVersioningV2";
    public const string S3PublicAccessBlock = "aws:s3:BucketPublicAccessBlock";
    public const string S3BucketAcl = "aws:s3:BucketAclV2";
    public const string RdsInstance = "aws:rds:Instance";
    public const string RdsCluster = "aws:rds:Cluster";
    public const string ElastiCacheReplicationGroup = "aws:elasticache:ReplicationGroup";
    public const string EcrRepository = "aws:ecr:Repository";
    public const string EksCluster = "aws:eks:Cluster";
    public const string IamPolicy = "aws:iam:Policy";
    public const string IamRolePolicy = "aws:iam:RolePolicy";
    public const string IamUserPolicy = "aws:iam:UserPolicy";
    public const string IamGroupPolicy = "aws:iam:GroupPolicy";
    public const string IamRole = "aws:iam:Role";
    public const string AzureStorageAccount = "azure-native:storage:StorageAccount";
    public const string AzureRegistry = "azure-native:containerregistry:Registry";
    public const string AzureManagedCluster = "azure-native:containerservice:ManagedCluster";
    public const string AzurePostgresServer = "azure-native:dbforpostgresql:Server";
    public const string AzurePostgresFlexibleServer = "azure-native:dbforpostgresql:FlexibleServer";
    public const string AzureRedis = "azure-native:cache:Redis";
    /// <summary>azure-native v2 token of diagnostic settings.</summary>
    public const string AzureDiagnosticSetting = "azure-native:insights:DiagnosticSetting";
    /// <summary>azure-native v3 token (the insights module was split; diagnostic settings moved to monitor).</summary>
    public const string AzureMonitorDiagnosticSetting = "azure-native:monitor:DiagnosticSetting";
    public const string AzureRoleDefinition = "azure-native:authorization:RoleDefinition";
    public const string S3BucketPolicy = "aws:s3:BucketPolicy";
    public const string S3Logging = "aws:s3:BucketLogging";
    public const string S3LoggingV2 = "aws:s3:BucketLoggingV2";
    public const string CloudTrail = "aws:cloudtrail:Trail";
    public const string EcrRegistryScanning = "aws:ecr:RegistryScanningConfiguration";
    public const string EksNodeGroup = "aws:eks:NodeGroup";
    public const string Vpc = "aws:ec2:Vpc";
    public const string FlowLog = "aws:ec2:FlowLog";
    public const string KmsKey = "aws:kms:Key";
    public const string LogGroup = "aws:cloudwatch:LogGroup";
    public const string IamRolePolicyAttachment = "aws:iam:RolePolicyAttachment";
    public const string IamPolicyAttachment = "aws:iam:PolicyAttachment";
    public const string IamUserPolicyAttachment = "aws:iam:UserPolicyAttachment";
    public const string IamGroupPolicyAttachment = "aws:iam:GroupPolicyAttachment";
    public const string AzureAgentPool = "azure-native:containerservice:AgentPool";
    public const string AzureKeyVault = "azure-native:keyvault:Vault";
    /// <summary>azure-native v3 token of Azure Cache for Redis (v2: <see cref="AzureRedis"/>).</summary>
    public const string AzureRedisV3 = "azure-native:redis:Redis";
    public const string AzureLogAnalytics = "azure-native:operationalinsights:Workspace";
    public const string AzureRoleAssignment = "azure-native:authorization:RoleAssignment";

    public static bool IsCloud(string type) =>
        type.StartsWith("aws:", StringComparison.Ordinal) || type.StartsWith("azure-native:", StringComparison.Ordinal);

    /// <summary><c>aws:s3/bucketV2:BucketV2</c> → <c>aws:s3:BucketV2</c>; other tokens unchanged.</summary>
    public static string Normalize(string type)
    {
        if (!IsCloud(type)) return type;
        var parts = type.Split(':');
        if (parts.Length != 3) return type;
        var slash = parts[1].IndexOf('/');
        return slash < 0 ? type : $"{parts[0]}:{parts[1][..slash]}:{parts[2]}";
    }

    public static bool Is(string type, params string[] tokens) => tokens.Contains(Normalize(type), StringComparer.Ordinal);
}
