namespace Supplychain.Components.Platform.Aws;

/// <summary>The AWS provider (v7) type tokens the target renders, in one place.</summary>
public static class AwsTypes
{
    public const string Vpc = "aws:ec2:Vpc";
    public const string Subnet = "aws:ec2:Subnet";
    public const string InternetGateway = "aws:ec2:InternetGateway";
    public const string Eip = "aws:ec2:Eip";
    public const string NatGateway = "aws:ec2:NatGateway";
    public const string RouteTable = "aws:ec2:RouteTable";
    public const string RouteTableAssociation = "aws:ec2:RouteTableAssociation";
    public const string VpcEndpoint = "aws:ec2:VpcEndpoint";
    public const string SecurityGroup = "aws:ec2:SecurityGroup";
    public const string KmsKey = "aws:kms:Key";
    public const string KmsAlias = "aws:kms:Alias";
    public const string LogGroup = "aws:cloudwatch:LogGroup";
    public const string MetricAlarm = "aws:cloudwatch:MetricAlarm";
    public const string SnsTopic = "aws:sns:Topic";
    public const string SnsSubscription = "aws:sns:TopicSubscription";
    public const string IamRole = "aws:iam:Role";
    public const string IamRolePolicy = "aws:iam:RolePolicy";
    public const string IamRolePolicyAttachment = "aws:iam:RolePolicyAttachment";
    public const string OidcProvider = "aws:iam:OpenIdConnectProvider";
    public const string EksCluster = "aws:eks:Cluster";
    public const string EksNodeGroup = "aws:eks:NodeGroup";
    public const string EksAddon = "aws:eks:Addon";
    public const string Budget = "aws:budgets:Budget";
    public const string EcrRepository = "aws:ecr:Repository";
    public const string EcrLifecyclePolicy = "aws:ecr:LifecyclePolicy";
    public const string Bucket = "aws:s3:Bucket";
    public const string BucketVersioning = "aws:s3:BucketVersioning";
    public const string BucketEncryption = "aws:s3:BucketServerSideEncryptionConfiguration";
    public const string BucketPublicAccessBlock = "aws:s3:BucketPublicAccessBlock";
    public const string BucketOwnershipControls = "aws:s3:BucketOwnershipControls";
    public const string BucketLifecycle = "aws:s3:BucketLifecycleConfiguration";
    public const string BucketPolicy = "aws:s3:BucketPolicy";
    public const string BucketLogging = "aws:s3:BucketLogging";
    public const string FlowLog = "aws:ec2:FlowLog";
    public const string DefaultSecurityGroup = "aws:ec2:DefaultSecurityGroup";
    public const string DbSubnetGroup = "aws:rds:SubnetGroup";
    public const string DbInstance = "aws:rds:Instance";
    public const string CacheSubnetGroup = "aws:elasticache:SubnetGroup";
    public const string CacheReplicationGroup = "aws:elasticache:ReplicationGroup";
    public const string KubernetesProvider = "pulumi:providers:kubernetes";
    public const string AwsProvider = "pulumi:providers:aws";
}
