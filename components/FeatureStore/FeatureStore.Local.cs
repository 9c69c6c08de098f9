using System.Text;
using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Components.Platform;
using RandomPw = Supplychain.Components.Random.RandomPassword;

namespace Supplychain.Components.FeatureStore;

/// <summary>
/// Local target: a Feast feature server in the <c>feast</c> namespace with a Redis online store on a
/// persistent volume, and the Feast registry as a file in the object store (client <c>feast</c>).
/// </summary>
public sealed partial class FeatureStore
{
    public const string RedisImage = "redis:7.4.6";

    /// <summary>The official redis image's <c>redis</c> user and group.</summary>
    public const long RedisUid = 999;

    public const string ObjectStoreClient = "feast";
    private const string ObjectStoreSecret = "feast-object-store";

    private partial void RenderLocal()
    {
        if (!ProjectName.IsMatch(Args.Project))
            throw new ArgumentException($"FeatureStoreArgs.Project must be letters, digits and underscores (not leading), got '{Args.Project}'");
        var repository = Args.Artifacts.Args;
        if (Args.Bucket != repository.ModelBucket && !repository.ExtraBuckets.Contains(Args.Bucket))
            throw new ArgumentException($"FeatureStoreArgs.Bucket '{Args.Bucket}' is not a bucket of the artifact repository (ModelBucket or ExtraBuckets)");
        var credentials = Args.Artifacts.CredentialsFor(ObjectStoreClient);

        Kube.Namespace(Scope, "namespace", Namespace);
        NetworkIsolation.Apply(Scope, Namespace,
            ingressFrom:
            [
                // Serving workloads and training jobs in any platform or team namespace read features.
                Peer.FromNamespacesLabelled(Labels.PartOf, "supplychain", HttpPort),
                Peer.FromNamespace(PlatformNamespaces.Monitoring, MetricsPort),
            ],
            // The registry file lives in the object store; Redis is inside the namespace.
            egressTo: [Peer.FromNamespace(Args.Artifacts.Namespace, ArtifactRepository.ArtifactRepository.S3Port)]);

        var password = RandomPw.Create(Scope.Child(RedisName), "password");
        Kube.Secret(Scope.Child(RedisName), "secret", Namespace, RedisSecret, new MapValue { ["password"] = RandomPw.Result(password) });
        Kube.Secret(Scope.Child("server"), "object-store-credentials", Namespace, ObjectStoreSecret, new MapValue
        {
            ["AWS_ACCESS_KEY_ID"] = credentials.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = credentials.SecretKey,
        });

        var redis = RenderRedis();
        RenderServer(redis);
    }

    private Resource RenderRedis()
    {
        var scope = Scope.Child(RedisName);
        var container = new Container(RedisName, RedisImage, new ComputeResources("100m", "256Mi", CpuLimit: "500m", MemoryLimit: "512Mi"))
        {
            RunAsUser = RedisUid,
            Command = ["redis-server"],
            // The password reaches the server through $(REDIS_PASSWORD), expanded by the kubelet from the Secret:
            // it is never in a ConfigMap, the program or the pod spec. AOF makes the online store survive restarts.
            Args = ["--requirepass", "$(REDIS_PASSWORD)", "--appendonly", "yes", "--dir", "/data", "--port", RedisPort.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            Env =
            [
                EnvVar.FromSecret("REDIS_PASSWORD", RedisSecret, "password"),
                // redis-cli authenticates with this variable, so the probe command holds no password either.
                EnvVar.FromSecret("REDISCLI_AUTH", RedisSecret, "password"),
            ],
            Ports = [new ContainerPort(RedisName, RedisPort)],
            // redis-cli exits 0 on an error reply, so the probe checks for PONG.
            Readiness = Probe.Exec("sh", "-c", "redis-cli ping | grep -q PONG") with { InitialDelaySeconds = 5 },
            Liveness = Probe.Exec("sh", "-c", "redis-cli ping | grep -q PONG") with { InitialDelaySeconds = 20, PeriodSeconds = 20 },
            VolumeMounts = [new VolumeMount("data", "/data")],
        };
        var statefulSet = Kube.StatefulSet(scope, "statefulset", Namespace, RedisName, RedisName,
            new PodSpec([container]) { FsGroup = RedisUid }, Args.OnlineStoreStorageSize, Args.StorageClass);
        Kube.Service(scope, "service", Namespace, RedisName, container.Ports);
        return statefulSet;
    }

    private void RenderServer(Resource redis)
    {
        var scope = Scope.Child("server");
        RenderFeatureServer(scope, FeatureStoreYaml(),
        [
            // Substituted by Feast into feature_store.yaml's ${REDIS_PASSWORD} when it loads the file.
            EnvVar.FromSecret("REDIS_PASSWORD", RedisSecret, "password"),
            EnvVar.FromSecret("AWS_ACCESS_KEY_ID", ObjectStoreSecret, "AWS_ACCESS_KEY_ID"),
            EnvVar.FromSecret("AWS_SECRET_ACCESS_KEY", ObjectStoreSecret, "AWS_SECRET_ACCESS_KEY"),
            new EnvVar("AWS_DEFAULT_REGION", "us-east-1"),
            // Feast's S3 registry store reads its endpoint from this variable.
            new EnvVar("FEAST_S3_ENDPOINT_URL", Args.Artifacts.ObjectStoreEndpoint),
        ], ServerReplicas, [redis.Name]);
    }

    /// <summary>
    /// The repository configuration. <c>${REDIS_PASSWORD}</c> is Feast's own environment substitution; the
    /// program writer escapes it as <c>$${</c> so Pulumi leaves it alone and the pod sees the literal text.
    /// </summary>
    public string FeatureStoreYaml()
    {
        var sb = new StringBuilder();
        sb.Append($"project: {Args.Project}\n");
        sb.Append("provider: local\n");
        sb.Append("registry:\n");
        sb.Append("  registry_type: file\n");
        sb.Append($"  path: s3://{Args.Bucket}/registry.db\n");
        sb.Append("  cache_ttl_seconds: 60\n");
        sb.Append("online_store:\n");
        sb.Append("  type: redis\n");
        sb.Append("  redis_type: redis\n");
        sb.Append($"  connection_string: {RedisName}.{Namespace}.svc.cluster.local:{RedisPort},password=${{REDIS_PASSWORD}}\n");
        sb.Append("entity_key_serialization_version: 3\n");
        return sb.ToString();
    }
}
