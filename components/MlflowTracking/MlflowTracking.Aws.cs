using RandomPw = Supplychain.Components.Random.RandomPassword;
using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Components.Naming;
using Supplychain.Components.Platform.Aws;
using Supplychain.Components.Platform;

namespace Supplychain.Components.MlflowTracking;

/// <summary>
/// AWS target: the backend store is RDS PostgreSQL (encrypted with the stack's key, private subnets, reachable only from
/// the cluster's security group, generated password, automated backups); the tracking server runs on EKS as on any
/// cluster but reaches the model bucket through an IRSA role limited to the <c>mlflow/</c> prefix — no keys anywhere.
/// </summary>
public sealed partial class MlflowTracking
{
    /// <summary>The service account the IRSA role trusts (the azure rendering names the same account for its workload identity).</summary>
    public const string AwsServiceAccount = "mlflow";
    /// <summary>The prefix of the model bucket MLflow owns (its role can touch nothing else).</summary>
    public const string ArtifactPrefix = "mlflow";
    /// <summary>RDS PostgreSQL major version; minor versions are upgraded by RDS in the maintenance window.</summary>
    public const string PostgresMajorVersion = "16";

    /// <summary>The RDS instance (aws target only).</summary>
    public Resource? Database { get; private set; }

    private partial void RenderAws()
    {
        var aws = Scope.FoundationAs<AwsFoundation>();
        var ns = Kube.Namespace(Scope, "namespace", Namespace);
        NetworkIsolation.Apply(Scope, Namespace,
            ingressFrom: [Peer.FromNamespacesLabelled(Labels.PartOf, "supplychain", HttpPort)],
            egressTo:
            [
                // STS (IRSA token exchange) and S3 are HTTPS endpoints outside the cluster.
                Peer.Anywhere(443),
                // RDS lives in the VPC's private subnets.
                new Peer(null, [PostgresPort], aws.VpcCidr ?? "0.0.0.0/0"),
            ]);

        var dbScope = Scope.Child("database");
        var password = RandomPw.Create(dbScope, "password");
        Database = RenderRds(aws, dbScope, password);
        Kube.Secret(dbScope, "secret", Namespace, DatabaseSecret, new MapValue
        {
            ["username"] = DatabaseUser,
            ["password"] = RandomPw.Result(password),
        }, options: new ResourceOptions { DependsOn = [ns.Name] });

        var serverScope = Scope.Child("server");
        var role = aws.ServiceAccountRole(serverScope, "role", Namespace, AwsServiceAccount, $"{aws.NamePrefix}: MLflow reads and writes its artifacts");
        Args.Artifacts.GrantBucketAccess(serverScope, "role-artifacts", role, Args.Artifacts.ModelBucket, ArtifactPrefix);
        var account = AwsFoundation.AnnotatedServiceAccount(serverScope, "service-account", Namespace, AwsServiceAccount, role, [ns.Name]);
        RenderAwsServer(aws, serverScope, account);
    }

    private Resource RenderRds(AwsFoundation aws, Scope scope, Resource password)
    {
        var env = Scope.Stack.Environment;
        var identifier = AwsNames.RdsIdentifier(Scope.Stack.StackName, "mlflow");
        var subnets = scope.Add("subnet-group", AwsTypes.DbSubnetGroup, new MapValue
        {
            ["description"] = "MLflow backend store: private subnets only",
            ["subnetIds"] = new ListValue(aws.PrivateSubnetIds),
            ["tags"] = scope.Tags(),
        });
        var securityGroup = aws.DataStoreSecurityGroup(scope, "security-group", PostgresPort, "MLflow PostgreSQL: EKS nodes and pods only");
        var props = new MapValue
        {
            ["identifier"] = identifier,
            ["engine"] = "postgres",
            ["engineVersion"] = PostgresMajorVersion,
            ["autoMinorVersionUpgrade"] = true,
            ["instanceClass"] = aws.Aws.DatabaseInstanceClass,
            ["allocatedStorage"] = aws.Aws.DatabaseStorageGb,
            // Storage grows on its own up to 5x before anyone is paged for it.
            ["maxAllocatedStorage"] = aws.Aws.DatabaseStorageGb * 5,
            ["storageType"] = "gp3",
            ["storageEncrypted"] = true,
            ["kmsKeyId"] = aws.KeyArn,
            ["dbName"] = DatabaseName,
            ["username"] = DatabaseUser,
            ["password"] = RandomPw.Result(password),
            ["dbSubnetGroupName"] = subnets.Ref("name"),
            ["vpcSecurityGroupIds"] = new ListValue { securityGroup.Ref("id") },
            ["publiclyAccessible"] = false,
            ["backupRetentionPeriod"] = env == EnvironmentTier.Prod ? 14 : 7,
            ["copyTagsToSnapshot"] = true,
            ["multiAz"] = env == EnvironmentTier.Prod,
            ["deletionProtection"] = env != EnvironmentTier.Dev,
            ["skipFinalSnapshot"] = env == EnvironmentTier.Dev,
            ["enabledCloudwatchLogsExports"] = new ListValue { "postgresql", "upgrade" },
            ["tags"] = scope.Tags(),
        };
        if (env != EnvironmentTier.Dev) props["finalSnapshotIdentifier"] = identifier + "-final";
        var db = scope.Add("instance", AwsTypes.DbInstance, props, new ResourceOptions { Protect = env == EnvironmentTier.Prod });

        var dimensions = new MapValue { ["DBInstanceIdentifier"] = db.Ref("identifier") };
        aws.Alarm(scope, "alarm-cpu", new CloudWatchAlarm("CPUUtilization", "AWS/RDS", dimensions, "GreaterThanThreshold", 80,
            "MLflow's database CPU has been above 80% for 15 minutes: tracking calls slow down. Check slow queries or raise aws.database.instanceClass."));
        aws.Alarm(scope, "alarm-free-storage", new CloudWatchAlarm("FreeStorageSpace", "AWS/RDS", dimensions, "LessThanThreshold", 2m * 1024 * 1024 * 1024,
            "MLflow's database has under 2 GiB free: storage autoscaling is at its maximum or cannot keep up. Raise aws.database.storageGb."));
        return db;
    }

    private void RenderAwsServer(AwsFoundation aws, Scope scope, Resource serviceAccount)
    {
        RenderTrackingServer(scope,
            // $(DB_HOST) and $(DB_PASSWORD) are expanded by the kubelet from the variables below; RDS requires TLS.
            $"postgresql://{DatabaseUser}:$(DB_PASSWORD)@$(DB_HOST):{PostgresPort}/{DatabaseName}?sslmode=require",
            new InterpolationValue("s3://", Args.Artifacts.BucketName(Args.Artifacts.ModelBucket), "/" + ArtifactPrefix),
        [
            new EnvVar("DB_HOST", Database!.Ref("address")),
            EnvVar.FromSecret("DB_PASSWORD", DatabaseSecret, "password"),
            // boto3 finds the IRSA role from AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE, injected by the EKS webhook.
            new EnvVar("AWS_REGION", aws.Region),
            new EnvVar("AWS_DEFAULT_REGION", aws.Region),
        ], [Database.Name, serviceAccount.Name], serviceAccount: AwsServiceAccount);
    }
}
