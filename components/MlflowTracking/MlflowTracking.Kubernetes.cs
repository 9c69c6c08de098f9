using System.Globalization;
using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;

namespace Supplychain.Components.MlflowTracking;

/// <summary>
/// The MLflow tracking server as every target runs it: the server Deployment, its Service and, with more than one
/// replica, a PodDisruptionBudget. Targets differ only in the backend store URI, where artifacts go, the environment
/// that carries credentials or identity, the pod identity and what the server waits for.
/// </summary>
public sealed partial class MlflowTracking
{
    /// <summary>
    /// The upstream image (<c>ghcr.io/mlflow/mlflow</c>) lacks psycopg2 and boto3, which a PostgreSQL backend and
    /// an S3 artifact store need. <c>burakince/mlflow</c> is MLflow with <c>mlflow[extras]</c> (prometheus exporter),
    /// psycopg2-binary and boto3, and is the image of the community-charts MLflow Helm chart.
    /// </summary>
    public const string MlflowImage = "burakince/mlflow:3.7.0";

    public const int HttpPort = 5000;
    public const int PostgresPort = 5432;
    private const string DatabaseName = "mlflow";
    private const string DatabaseUser = "mlflow";
    private const string ServerName = "mlflow";
    private const string DatabaseSecret = "mlflow-database";

    private string ServerHost => $"{ServerName}.{Namespace}.svc.cluster.local";

    private IEnumerable<string> AllowedHosts()
    {
        var names = new[] { ServerName, $"{ServerName}.{Namespace}", $"{ServerName}.{Namespace}.svc", ServerHost, "localhost", "127.0.0.1" };
        foreach (var name in names)
        {
            yield return name;
            yield return $"{name}:{HttpPort}";
        }
        // RFC 1918 ranges, as MLflow's defaults: pod IPs of probes and scrapes.
        yield return "10.*";
        yield return "192.168.*";
        for (var i = 16; i <= 31; i++) yield return $"172.{i}.*";
    }

    private void RenderTrackingServer(Scope scope, Value backendStoreUri, Value artifactsDestination, IReadOnlyList<EnvVar> env,
        IReadOnlyList<string> dependsOn, string? serviceAccount = null, IReadOnlyDictionary<string, string>? podLabels = null)
    {
        var replicas = Args.Replicas ?? (Scope.Stack.Environment == EnvironmentTier.Dev ? 1 : 2);
        var server = new Container(ServerName, MlflowImage, new ComputeResources("250m", "1Gi", CpuLimit: "1", MemoryLimit: "2Gi"))
        {
            Command = ["mlflow"],
            Args =
            [
                "server",
                "--host", "0.0.0.0",
                "--port", HttpPort.ToString(CultureInfo.InvariantCulture),
                // Passwords in the URI are $(VAR) references the kubelet expands from Secret-backed variables; the
                // program and the pod spec only ever hold the variable's name.
                "--backend-store-uri", backendStoreUri,
                // Clients never hold object-store credentials: the server proxies artifact up- and downloads.
                "--artifacts-destination", artifactsDestination,
                "--serve-artifacts",
                "--expose-prometheus", "/var/lib/mlflow/metrics",
                // MLflow 3.5+ rejects unknown Host headers (DNS rebinding protection): name the Service's DNS forms,
                // and keep MLflow's own private-address defaults so kubelet probes and Prometheus (pod IPs) pass.
                "--allowed-hosts", string.Join(",", AllowedHosts()),
            ],
            // Python libraries write caches under $HOME, which is read-only here; /tmp is a writable emptyDir.
            Env = [.. env, new EnvVar("HOME", "/tmp")],
            Ports = [new ContainerPort("http", HttpPort)],
            Readiness = Probe.Http("/health", "http") with { InitialDelaySeconds = 10 },
            Liveness = Probe.Http("/health", "http") with { InitialDelaySeconds = 30, PeriodSeconds = 20 },
            // The Prometheus exporter runs in multiprocess mode and keeps its per-worker files here.
            VolumeMounts = [new VolumeMount("metrics", "/var/lib/mlflow/metrics")],
        };
        var pod = new PodSpec([server]) { Volumes = [new EmptyDirVolume("metrics", "64Mi")], ServiceAccountName = serviceAccount };
        Kube.Deployment(scope, "deployment", Namespace, ServerName, pod, replicas, podLabels,
            options: new ResourceOptions { DependsOn = dependsOn });
        Kube.Service(scope, "service", Namespace, ServerName, server.Ports);
        if (replicas > 1) Kube.PodDisruptionBudget(scope, "pdb", Namespace, ServerName, minAvailable: replicas - 1);

        TrackingUrl = $"http://{ServerHost}:{HttpPort}";
        ScrapeTarget = new ScrapeTarget(ServerName, Namespace, ServerName, "http");
    }
}
