using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;

namespace Supplychain.Components.FeatureStore;

/// <summary>
/// The Feast feature server as every target runs it: <c>feature_store.yaml</c> in a ConfigMap, the server Deployment
/// (restarted when the file changes), its Service and, with more than one replica, a PodDisruptionBudget. Targets
/// differ only in the file's text, the environment it substitutes, the pod identity and what the server waits for.
/// </summary>
public sealed partial class FeatureStore
{
    /// <summary>Feast moved its images from Docker Hub to quay.io after 0.46; the image ships <c>feast[minimal]</c> (redis, aws).</summary>
    public const string FeatureServerImage = "quay.io/feastdev/feature-server:0.62.0";

    public const int HttpPort = 6566;
    /// <summary><c>feast serve --metrics</c> starts a Prometheus endpoint on this fixed port.</summary>
    public const int MetricsPort = 8000;
    public const int RedisPort = 6379;

    private const string ServerName = "feature-server";
    private const string RedisName = "redis";
    private const string RedisSecret = "redis-auth";
    private const string ConfigName = "feature-store-config";
    private const string RepoPath = "/etc/feast";

    private static readonly Regex ProjectName = new("^[A-Za-z0-9][A-Za-z0-9_]*$");

    private void RenderFeatureServer(Scope scope, string featureStoreYaml, IReadOnlyList<EnvVar> env, int replicas,
        IReadOnlyList<string> dependsOn, string? serviceAccount = null, IReadOnlyDictionary<string, string>? podLabels = null)
    {
        var config = Kube.ConfigMap(scope, "config", Namespace, ConfigName, new MapValue { ["feature_store.yaml"] = featureStoreYaml });
        var server = new Container(ServerName, FeatureServerImage, new ComputeResources("250m", "512Mi", CpuLimit: "1", MemoryLimit: "1Gi"))
        {
            Command = ["feast", "--chdir", RepoPath, "serve", "--host", "0.0.0.0", "--port", HttpPort.ToString(CultureInfo.InvariantCulture), "--metrics"],
            // Feast substitutes ${VAR} in feature_store.yaml from this environment when it loads the file.
            Env = [.. env, new EnvVar("FEAST_USAGE", "False"),
                // Python libraries write caches under $HOME, which is read-only here; /tmp is a writable emptyDir.
                new EnvVar("HOME", "/tmp")],
            Ports = [new ContainerPort("http", HttpPort), new ContainerPort("metrics", MetricsPort)],
            // /health answers 503 until the registry is loaded: a team's first `feast apply` creates it. Readiness
            // keeps traffic away until then; liveness only checks the socket, so the wait is not a restart loop.
            Readiness = Probe.Http("/health", "http") with { InitialDelaySeconds = 10 },
            Liveness = Probe.Tcp("http") with { InitialDelaySeconds = 30, PeriodSeconds = 20 },
            VolumeMounts = [new VolumeMount("config", RepoPath, ReadOnly: true)],
        };
        var pod = new PodSpec([server]) { Volumes = [new ConfigMapVolume("config", ConfigName)], ServiceAccountName = serviceAccount };
        Kube.Deployment(scope, "deployment", Namespace, ServerName, pod, replicas, podLabels,
            podAnnotations: new Dictionary<string, string> { [Labels.Prefix + "config-hash"] = ConfigHash(featureStoreYaml) },
            options: new ResourceOptions { DependsOn = [.. dependsOn, config.Name] });
        Kube.Service(scope, "service", Namespace, ServerName, server.Ports);
        if (replicas > 1) Kube.PodDisruptionBudget(scope, "pdb", Namespace, ServerName, minAvailable: replicas - 1);

        FeatureServerUrl = $"http://{ServerName}.{Namespace}.svc.cluster.local:{HttpPort}";
        ScrapeTarget = new ScrapeTarget(ServerName, Namespace, ServerName, "metrics");
    }

    /// <summary>Feature server replicas: as configured, else one in dev and two elsewhere.</summary>
    private int ServerReplicas => Args.Replicas ?? (Scope.Stack.Environment == EnvironmentTier.Dev ? 1 : 2);

    /// <summary>A short digest of the file, as a pod annotation, so a config change rolls the Deployment.</summary>
    private static string ConfigHash(string featureStoreYaml) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(featureStoreYaml)))[..16];
}
