using Supplychain.Components.Domain;
using Supplychain.Components.GpuNodePool;
using Supplychain.Components.Model;
using Supplychain.Components.Platform.Aws;

namespace Supplychain.Tests.Aws;

public sealed class AwsComponentTests
{
    private static readonly PulumiProgram Staging = AwsSpecs.Render(AwsSpecs.Spec());

    [Fact]
    public void Should_Render_Each_Gpu_Pool_As_A_Managed_Node_Group_With_The_Gpu_Contract()
    {
        var groups = Staging.OfType(AwsTypes.EksNodeGroup).Where(g => g.Name.StartsWith("gpu-pools-", StringComparison.Ordinal)).ToDictionary(g => g.Name, g => g.Properties);
        Assert.Equal(["gpu-pools-inference-node-group", "gpu-pools-training-node-group"], groups.Keys.Order(StringComparer.Ordinal));

        var training = groups["gpu-pools-training-node-group"];
        Assert.Equal(GpuNodePool.GpuAmiType, training["amiType"].ToString());
        Assert.Equal(["g5.12xlarge"], AwsSpecs.Strings(training["instanceTypes"]));
        Assert.Equal("SPOT", training["capacityType"].ToString());
        Assert.Equal(("0", "0", "2"), (training.At("scalingConfig.minSize")!.ToString(), training.At("scalingConfig.desiredSize")!.ToString(), training.At("scalingConfig.maxSize")!.ToString()));
        Assert.Equal("training", training.At("labels")!.As<MapValue>()[Labels.GpuPool].ToString());
        var taint = Assert.Single(training["taints"].As<ListValue>().Cast<MapValue>());
        Assert.Equal(("nvidia.com/gpu", "present", "NO_SCHEDULE"), (taint["key"].ToString(), taint["value"].ToString(), taint["effect"].ToString()));
        Assert.Equal(new RefValue("platform-eks-node-role", "arn"), training["nodeRoleArn"]);

        Assert.Equal("ON_DEMAND", groups["gpu-pools-inference-node-group"]["capacityType"].ToString());
        // The autoscaler owns the desired size.
        Assert.Contains("scalingConfig.desiredSize", Staging.Named("gpu-pools-inference-node-group").Options.IgnoreChanges);
    }

    [Fact]
    public void Should_Keep_The_Kubernetes_Gpu_Scheduling_On_Eks()
    {
        Assert.Contains(Staging.Resources, r => r.Name == "gpu-device-plugin" && r.Type == "kubernetes:helm.sh/v3:Release");
        Assert.Contains(Staging.Resources, r => r.Type == "kubernetes:scheduling.k8s.io/v1:PriorityClass" && r.Properties.At("metadata.name")!.ToString() == GpuScheduling.TrainingPriorityClass);
        Assert.Contains(Staging.Resources, r => r.Type == "kubernetes:core/v1:ResourceQuota" && r.Properties.At("metadata.namespace")!.ToString() == "team-fraud");
    }

    [Fact]
    public void Should_Create_One_Immutable_Scanned_Kms_Encrypted_Repository_Per_Model()
    {
        var repos = Staging.OfType(AwsTypes.EcrRepository).ToDictionary(r => r.Properties["name"].ToString(), r => r.Properties);
        Assert.Equal(["staging-aws/fraud/fraud-detector", "staging-aws/search/query-ranker"], repos.Keys.Order(StringComparer.Ordinal));
        Assert.All(repos.Values, r =>
        {
            Assert.Equal("IMMUTABLE", r["imageTagMutability"].ToString());
            Assert.Equal(new BoolValue(true), r.At("imageScanningConfiguration.scanOnPush"));
            var encryption = r["encryptionConfigurations"].As<ListValue>()[0].As<MapValue>();
            Assert.Equal(("KMS", new RefValue("platform-kms-key", "arn")), (encryption["encryptionType"].ToString(), encryption["kmsKey"]));
        });
        var lifecycle = AwsSpecs.Json(Staging.Named("artifacts-ecr-fraud-fraud-detector-lifecycle").Properties["policy"]);
        var rules = lifecycle["rules"].As<ListValue>().Cast<MapValue>().ToList();
        Assert.Equal(["1 untagged sinceImagePushed 14", "2 any imageCountMoreThan 200"],
            rules.Select(r => $"{r["rulePriority"]} {r.At("selection.tagStatus")} {r.At("selection.countType")} {r.At("selection.countNumber")}"));
    }

    [Theory]
    [InlineData("models")]
    [InlineData("feast")]
    public void Should_Version_Encrypt_Block_And_Require_Tls_On_Each_Bucket(string bucket)
    {
        var prefix = $"artifacts-s3-{bucket}-";
        Assert.Equal(new InterpolationValue($"supplychain-staging-aws-{bucket}-", new RefValue("awsAccountId")), Staging.Named(prefix + "bucket").Properties["bucket"]);
        Assert.Equal("Enabled", Staging.Named(prefix + "versioning").Properties.At("versioningConfiguration.status")!.ToString());
        var sse = Staging.Named(prefix + "encryption").Properties["rules"].As<ListValue>()[0].As<MapValue>();
        Assert.Equal(("aws:kms", new RefValue("platform-kms-key", "arn")),
            (sse.At("applyServerSideEncryptionByDefault.sseAlgorithm")!.ToString(), sse.At("applyServerSideEncryptionByDefault.kmsMasterKeyId")));
        var block = Staging.Named(prefix + "public-access-block").Properties;
        Assert.All(new[] { "blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets" }, k => Assert.Equal(new BoolValue(true), block[k]));

        var deny = Assert.Single(AwsSpecs.Statements(Staging.Named(prefix + "policy").Properties["policy"]));
        Assert.Equal(("Deny", "s3:*", "*"), (deny["Effect"].ToString(), deny["Action"].ToString(), deny["Principal"].ToString()));
        Assert.Equal("false", deny.At("Condition.Bool")!.As<MapValue>()["aws:SecureTransport"].ToString());

        var rules = Staging.Named(prefix + "lifecycle").Properties["rules"].As<ListValue>().Cast<MapValue>().ToDictionary(r => r["id"].ToString());
        Assert.Equal("7", rules["abort-incomplete-uploads"].At("abortIncompleteMultipartUpload.daysAfterInitiation")!.ToString());
        Assert.Equal("90", rules["noncurrent-versions"].At("noncurrentVersionExpiration.noncurrentDays")!.ToString());
    }

    [Fact]
    public void Should_Back_Mlflow_With_An_Encrypted_Private_Rds_Instance_With_A_Generated_Password()
    {
        var db = Staging.Named("mlflow-database-instance").Properties;
        Assert.Equal(("postgres", "db.t4g.medium"), (db["engine"].ToString(), db["instanceClass"].ToString()));
        Assert.Equal(new BoolValue(true), db["storageEncrypted"]);
        Assert.Equal(new RefValue("platform-kms-key", "arn"), db["kmsKeyId"]);
        Assert.True(((NumberValue)db["backupRetentionPeriod"]).Number >= 7);
        Assert.Equal(new BoolValue(false), db["publiclyAccessible"]);
        Assert.Equal(new BoolValue(true), db["deletionProtection"]);
        Assert.Equal(new BoolValue(false), db["multiAz"]);
        Assert.Equal(new RefValue("mlflow-database-password", "result"), db["password"]);
        Assert.Equal(new RefValue("mlflow-database-subnet-group", "name"), db["dbSubnetGroupName"]);

        var sg = Staging.Named("mlflow-database-security-group").Properties;
        var ingress = Assert.Single(sg["ingress"].As<ListValue>().Cast<MapValue>());
        Assert.Equal(("5432", "5432"), (ingress["fromPort"].ToString(), ingress["toPort"].ToString()));
        Assert.Equal([new RefValue("platform-eks-cluster", "vpcConfig.clusterSecurityGroupId")], ingress["securityGroups"].As<ListValue>().Items);
        Assert.False(ingress.ContainsKey("cidrBlocks"));
        Assert.Empty(sg["egress"].As<ListValue>().Items);
    }

    [Fact]
    public void Should_Make_The_Prod_Database_Multi_Az_With_Longer_Backups()
    {
        var db = AwsSpecs.Render(AwsSpecs.Spec(EnvironmentTier.Prod)).Named("mlflow-database-instance");
        Assert.Equal(new BoolValue(true), db.Properties["multiAz"]);
        Assert.Equal("14", db.Properties["backupRetentionPeriod"].ToString());
        Assert.True(db.Options.Protect);
    }

    [Fact]
    public void Should_Run_Mlflow_With_Its_Irsa_Service_Account_And_No_Object_Store_Keys()
    {
        var deployment = Staging.Named("mlflow-server-deployment").Properties;
        var spec = deployment.At("spec.template.spec")!.As<MapValue>();
        Assert.Equal("mlflow", spec["serviceAccountName"].ToString());
        var env = spec["containers"].As<ListValue>()[0].As<MapValue>()["env"].As<ListValue>().Cast<MapValue>().Select(e => e["name"].ToString()).ToList();
        Assert.DoesNotContain("AWS_ACCESS_KEY_ID", env);
        Assert.DoesNotContain("AWS_SECRET_ACCESS_KEY", env);
        Assert.Equal(new RefValue("mlflow-server-role", "arn"),
            Staging.Named("mlflow-server-service-account").Properties.At("metadata.annotations")!.As<MapValue>()[AwsFoundation.RoleArnAnnotation]);
    }

    [Fact]
    public void Should_Back_Feast_With_An_Encrypted_Redis_Replication_Group_With_An_Auth_Token()
    {
        var redis = Staging.Named("feast-redis-replication-group").Properties;
        Assert.Equal(new BoolValue(true), redis["transitEncryptionEnabled"]);
        Assert.Equal(new BoolValue(true), redis["atRestEncryptionEnabled"]);
        Assert.Equal(new RefValue("feast-redis-auth-token", "result"), redis["authToken"]);
        Assert.Equal(("cache.t4g.small", "2"), (redis["nodeType"].ToString(), redis["numCacheClusters"].ToString()));
        Assert.Equal(new BoolValue(true), redis["automaticFailoverEnabled"]);
        var yaml = Staging.Named("feast-server-config").Properties.At("data")!.As<MapValue>()["feature_store.yaml"].ToString();
        Assert.Contains("connection_string: ${REDIS_HOST}:6379,ssl=true,password=${REDIS_PASSWORD}", yaml, StringComparison.Ordinal);
        Assert.Contains("path: s3://${FEAST_BUCKET}/registry.db", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Alarm_On_Aws_Native_Database_And_Cache_Signals()
    {
        var alarms = Staging.OfType(AwsTypes.MetricAlarm).ToDictionary(a => a.Name, a => a.Properties);
        Assert.Equal(["feast-redis-alarm-cpu", "feast-redis-alarm-memory", "mlflow-database-alarm-cpu", "mlflow-database-alarm-free-storage"], alarms.Keys.Order(StringComparer.Ordinal));
        Assert.All(alarms.Values, a => Assert.Equal([new RefValue("platform-alerts-topic", "arn")], a["alarmActions"].As<ListValue>().Items));
        Assert.Equal("FreeStorageSpace", alarms["mlflow-database-alarm-free-storage"]["metricName"].ToString());
    }

    [Fact]
    public void Should_Serve_Models_And_Monitor_Them_As_On_Any_Cluster()
    {
        Assert.Contains(Staging.Resources, r => r.Name == "models-fraud-detector-rollout");
        Assert.Contains(Staging.Resources, r => r.Name == "monitoring-kube-prometheus-stack");
        Assert.Contains(Staging.Resources, r => r.Name == "release-argo-rollouts");
    }
}
