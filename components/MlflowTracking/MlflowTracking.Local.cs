using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Components.Platform;
using RandomPw = Supplychain.Components.Random.RandomPassword;

namespace Supplychain.Components.MlflowTracking;

/// <summary>
/// Local target: MLflow tracking server and model registry in the <c>mlflow</c> namespace, backed by a
/// PostgreSQL StatefulSet, proxying artifacts to the repository's model bucket as the <c>mlflow</c> client.
/// </summary>
public sealed partial class MlflowTracking
{
    public const string PostgresImage = "postgres:16.10";

    /// <summary>The official postgres image's <c>postgres</c> user and group.</summary>
    public const long PostgresUid = 999;

    public const string ObjectStoreClient = "mlflow";
    private const string PostgresName = "postgres";
    private const string ObjectStoreSecret = "mlflow-object-store";

    private string PostgresHost => $"{PostgresName}.{Namespace}.svc.cluster.local";

    private partial void RenderLocal()
    {
        var credentials = Args.Artifacts.CredentialsFor(ObjectStoreClient);

        Kube.Namespace(Scope, "namespace", Namespace);
        NetworkIsolation.Apply(Scope, Namespace,
            // Training jobs, CI and serving in any platform or team namespace (monitoring included) use the API.
            ingressFrom: [Peer.FromNamespacesLabelled(Labels.PartOf, "supplychain", HttpPort)],
            // Artifacts are proxied to the object store; nothing else leaves the namespace.
            egressTo: [Peer.FromNamespace(Args.Artifacts.Namespace, ArtifactRepository.ArtifactRepository.S3Port)]);

        var password = RandomPw.Create(Scope.Child("database"), "password");
        Kube.Secret(Scope.Child("database"), "secret", Namespace, DatabaseSecret, new MapValue
        {
            ["username"] = DatabaseUser,
            ["password"] = RandomPw.Result(password),
        });
        Kube.Secret(Scope.Child("server"), "object-store-credentials", Namespace, ObjectStoreSecret, new MapValue
        {
            ["AWS_ACCESS_KEY_ID"] = credentials.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = credentials.SecretKey,
        });

        var database = RenderDatabase();
        RenderServer(database);
    }

    private Resource RenderDatabase()
    {
        var scope = Scope.Child("database");
        var postgres = new Container(PostgresName, PostgresImage, new ComputeResources("250m", "512Mi", CpuLimit: "1", MemoryLimit: "1Gi"))
        {
            RunAsUser = PostgresUid,
            Ports = [new ContainerPort("postgres", PostgresPort)],
            Env =
            [
                new EnvVar("POSTGRES_USER", DatabaseUser),
                new EnvVar("POSTGRES_DB", DatabaseName),
                EnvVar.FromSecret("POSTGRES_PASSWORD", DatabaseSecret, "password"),
                // A subdirectory: the volume root holds lost+found on many provisioners, and initdb wants an empty dir.
                new EnvVar("PGDATA", "/var/lib/postgresql/data/pgdata"),
            ],
            Readiness = Probe.Exec("pg_isready", "-U", DatabaseUser, "-d", DatabaseName, "-h", "127.0.0.1", "-p", "5432") with { InitialDelaySeconds = 5 },
            Liveness = Probe.Exec("pg_isready", "-U", DatabaseUser, "-d", DatabaseName, "-h", "127.0.0.1", "-p", "5432") with { InitialDelaySeconds = 30, PeriodSeconds = 20 },
            VolumeMounts =
            [
                new VolumeMount("data", "/var/lib/postgresql/data"),
                // The root filesystem is read-only: the server's socket and lock file need a writable directory,
                new VolumeMount("run", "/var/run/postgresql"),
                // and parallel queries need more shared memory than the runtime's 64Mi /dev/shm.
                new VolumeMount("shm", "/dev/shm"),
            ],
        };
        var pod = new PodSpec([postgres])
        {
            FsGroup = PostgresUid,
            Volumes = [new EmptyDirVolume("run", "16Mi"), new MemoryVolume("shm", "256Mi")],
            TerminationGracePeriodSeconds = 60,
        };
        var statefulSet = Kube.StatefulSet(scope, "statefulset", Namespace, PostgresName, PostgresName, pod, Args.DatabaseStorageSize, Args.StorageClass);
        Kube.Service(scope, "service", Namespace, PostgresName, postgres.Ports);
        return statefulSet;
    }

    private void RenderServer(Resource database)
    {
        var scope = Scope.Child("server");
        RenderTrackingServer(scope,
            $"postgresql://{DatabaseUser}:$(DB_PASSWORD)@{PostgresHost}:{PostgresPort}/{DatabaseName}",
            $"s3://{Args.Artifacts.ModelBucket}/mlflow",
        [
            EnvVar.FromSecret("DB_PASSWORD", DatabaseSecret, "password"),
            new EnvVar("MLFLOW_S3_ENDPOINT_URL", Args.Artifacts.ObjectStoreEndpoint),
            EnvVar.FromSecret("AWS_ACCESS_KEY_ID", ObjectStoreSecret, "AWS_ACCESS_KEY_ID"),
            EnvVar.FromSecret("AWS_SECRET_ACCESS_KEY", ObjectStoreSecret, "AWS_SECRET_ACCESS_KEY"),
            // MinIO's default region; boto3 needs one to sign requests.
            new EnvVar("AWS_DEFAULT_REGION", "us-east-1"),
        ], [database.Name]);
    }

    /// <summary>A memory-backed emptyDir (tmpfs), for <c>/dev/shm</c>.</summary>
    private sealed record MemoryVolume(string Name, string SizeLimit) : Volume(Name)
    {
        public override MapValue Render() => new()
        {
            ["name"] = Name,
            ["emptyDir"] = new MapValue { ["medium"] = "Memory", ["sizeLimit"] = SizeLimit },
        };
    }
}
