using System.Text;
using RandomPw = Supplychain.Components.Random.RandomPassword;
using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Components.Naming;
using Supplychain.Components.Platform.Aws;
using Supplychain.Components.Platform;

namespace Supplychain.Components.FeatureStore;

/// <summary>
/// AWS target: the online store is an ElastiCache Redis replication group (TLS in transit, encrypted at rest with the
/// stack's key, AUTH token generated, reachable only from the cluster's security group); the registry and offline data
/// live in the repository's feature bucket, reached through an IRSA role; the Feast server runs on EKS.
/// </summary>
public sealed partial class FeatureStore
{
    /// <summary>The service account the IRSA role trusts (the azure rendering names the same account for its workload identity).</summary>
    public const string AwsServiceAccount = "feast";
    /// <summary>Redis OSS engine version of the replication group.</summary>
    public const string RedisEngineVersion = "7.1";

    /// <summary>The ElastiCache replication group (aws target only).</summary>
    public Resource? OnlineStore { get; private set; }

    private partial void RenderAws()
    {
        if (!ProjectName.IsMatch(Args.Project))
            throw new ArgumentException($"FeatureStoreArgs.Project must be letters, digits and underscores (not leading), got '{Args.Project}'");
        var aws = Scope.FoundationAs<AwsFoundation>();
        _ = Args.Artifacts.BucketArn(Args.Bucket); // refuses a bucket the repository does not have

        var ns = Kube.Namespace(Scope, "namespace", Namespace);
        NetworkIsolation.Apply(Scope, Namespace,
            ingressFrom:
            [
                Peer.FromNamespacesLabelled(Labels.PartOf, "supplychain", HttpPort),
                Peer.FromNamespace(PlatformNamespaces.Monitoring, MetricsPort),
            ],
            egressTo:
            [
                Peer.Anywhere(443), // STS and S3
                new Peer(null, [RedisPort], aws.VpcCidr ?? "0.0.0.0/0"),
            ]);

        var redisScope = Scope.Child(RedisName);
        var token = RandomPw.Create(redisScope, "auth-token", length: 64);
        OnlineStore = RenderReplicationGroup(aws, redisScope, token);
        Kube.Secret(redisScope, "secret", Namespace, RedisSecret, new MapValue { ["password"] = RandomPw.Result(token) },
            options: new ResourceOptions { DependsOn = [ns.Name] });

        var serverScope = Scope.Child("server");
        var role = aws.ServiceAccountRole(serverScope, "role", Namespace, AwsServiceAccount, $"{aws.NamePrefix}: Feast reads and writes its registry and offline store");
        Args.Artifacts.GrantBucketAccess(serverScope, "role-bucket", role, Args.Bucket);
        var account = AwsFoundation.AnnotatedServiceAccount(serverScope, "service-account", Namespace, AwsServiceAccount, role, [ns.Name]);
        RenderAwsServer(aws, serverScope, account);
    }

    private Resource RenderReplicationGroup(AwsFoundation aws, Scope scope, Resource token)
    {
        var id = AwsNames.ElastiCacheId(Scope.Stack.StackName, "feast");
        var nodes = Scope.Stack.Environment == EnvironmentTier.Dev ? 1 : 2;
        var subnets = scope.Add("subnet-group", AwsTypes.CacheSubnetGroup, new MapValue
        {
            ["description"] = "Feast online store: private subnets only",
            ["subnetIds"] = new ListValue(aws.PrivateSubnetIds),
            ["tags"] = scope.Tags(),
        });
        var securityGroup = aws.DataStoreSecurityGroup(scope, "security-group", RedisPort, "Feast Redis: EKS nodes and pods only");
        var group = scope.Add("replication-group", AwsTypes.CacheReplicationGroup, new MapValue
        {
            ["replicationGroupId"] = id,
            ["description"] = "Feast online store",
            ["engine"] = "redis",
            ["engineVersion"] = RedisEngineVersion,
            ["nodeType"] = aws.Aws.CacheNodeType,
            ["numCacheClusters"] = nodes,
            // Outside dev a replica in another zone takes over when the primary fails.
            ["automaticFailoverEnabled"] = nodes > 1,
            ["multiAzEnabled"] = nodes > 1,
            ["port"] = RedisPort,
            ["subnetGroupName"] = subnets.Ref("name"),
            ["securityGroupIds"] = new ListValue { securityGroup.Ref("id") },
            ["atRestEncryptionEnabled"] = true,
            ["kmsKeyId"] = aws.KeyArn,
            ["transitEncryptionEnabled"] = true,
            ["authToken"] = RandomPw.Result(token),
            ["snapshotRetentionLimit"] = 7,
            ["autoMinorVersionUpgrade"] = true,
            ["tags"] = scope.Tags(),
        }, new ResourceOptions { Protect = Scope.Stack.Environment == EnvironmentTier.Prod }); // the online store: a replace empties it
        aws.Alarm(scope, "alarm-memory", new CloudWatchAlarm("DatabaseMemoryUsagePercentage", "AWS/ElastiCache",
            new MapValue { ["CacheClusterId"] = new InterpolationValue(group.Ref("id"), "-001") }, "GreaterThanThreshold", 80,
            "Feast's online store primary uses over 80% of its memory: evictions will drop features. Raise aws.cache.nodeType or shorten feature TTLs."));
        aws.Alarm(scope, "alarm-cpu", new CloudWatchAlarm("EngineCPUUtilization", "AWS/ElastiCache",
            new MapValue { ["CacheClusterId"] = new InterpolationValue(group.Ref("id"), "-001") }, "GreaterThanThreshold", 80,
            "Feast's online store primary's Redis thread is above 80% CPU: lookups slow down."));
        return group;
    }

    private void RenderAwsServer(AwsFoundation aws, Scope scope, Resource serviceAccount)
    {
        RenderFeatureServer(scope, AwsFeatureStoreYaml(),
        [
            new EnvVar("REDIS_HOST", OnlineStore!.Ref("primaryEndpointAddress")),
            EnvVar.FromSecret("REDIS_PASSWORD", RedisSecret, "password"),
            new EnvVar("FEAST_BUCKET", Args.Artifacts.BucketName(Args.Bucket)),
            new EnvVar("AWS_REGION", aws.Region),
            new EnvVar("AWS_DEFAULT_REGION", aws.Region),
        ], ServerReplicas, [OnlineStore.Name, serviceAccount.Name], serviceAccount: AwsServiceAccount);
    }

    /// <summary>
    /// The repository configuration on AWS: registry and offline data in the feature bucket (a name known only after
    /// deploy, so read from <c>${FEAST_BUCKET}</c>), Redis over TLS with the AUTH token. Every <c>${...}</c> is Feast's own
    /// environment substitution; the writer escapes it so Pulumi leaves it alone.
    /// </summary>
    public string AwsFeatureStoreYaml()
    {
        var sb = new StringBuilder();
        sb.Append($"project: {Args.Project}\n");
        sb.Append("provider: local\n");
        sb.Append("registry:\n");
        sb.Append("  registry_type: file\n");
        sb.Append("  path: s3://${FEAST_BUCKET}/registry.db\n");
        sb.Append("  cache_ttl_seconds: 60\n");
        sb.Append("online_store:\n");
        sb.Append("  type: redis\n");
        sb.Append("  redis_type: redis\n");
        sb.Append($"  connection_string: ${{REDIS_HOST}}:{RedisPort},ssl=true,password=${{REDIS_PASSWORD}}\n");
        sb.Append("offline_store:\n");
        sb.Append("  type: file\n");
        sb.Append("entity_key_serialization_version: 3\n");
        return sb.ToString();
    }
}
