using System.Security.Cryptography;
using System.Text;
using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Components.Platform;
using RandomPw = Supplychain.Components.Random.RandomPassword;

namespace Supplychain.Components.ArtifactRepository;

/// <summary>
/// Local target (any Kubernetes cluster): a CNCF distribution registry and a MinIO object store in the
/// <c>artifacts</c> namespace, each on a persistent volume, with generated credentials and a bootstrap
/// Job that creates versioned buckets and one least-privilege user per client.
/// </summary>
public sealed partial class ArtifactRepository
{
    /// <summary>CNCF distribution, the reference OCI registry (the image behind Docker Hub's own registry).</summary>
    public const string RegistryImage = "registry:2.8.3";
    /// <summary>The last MinIO server release published as an image (MinIO ships source only since late 2025).</summary>
    public const string MinioImage = "quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z";
    public const string MinioClientImage = "quay.io/minio/mc:RELEASE.2025-08-13T08-35-41Z";

    public const int RegistryPort = 5000;
    public const int RegistryDebugPort = 5001;
    public const int S3Port = 9000;
    public const int ConsolePort = 9001;

    /// <summary>The registry's push/pull user (htpasswd); its password is generated.</summary>
    public const string RegistryUser = "supplychain";
    public const string MinioRootUser = "supplychain-root";

    private const string RegistryName = "registry";
    private const string MinioName = "minio";
    private const string RegistryCredentialsSecret = "registry-credentials";
    private const string RegistryHtpasswdSecret = "registry-htpasswd";
    private const string MinioRootSecret = "minio-root";
    private const string ClientSecretsName = "objectstore-clients";
    private const string BootstrapName = "objectstore-bootstrap";

    private static readonly System.Text.RegularExpressions.Regex DnsLabel = new("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");

    /// <summary>The in-cluster DNS name of the object store's S3 API.</summary>
    private string MinioHost => $"{MinioName}.{Namespace}.svc.cluster.local";

    private partial void RenderLocal()
    {
        // Names end up in a shell script, S3 ARNs and user names: only DNS labels are accepted.
        foreach (var bucket in new[] { Args.ModelBucket }.Concat(Args.ExtraBuckets))
            if (!DnsLabel.IsMatch(bucket) || bucket.Length < 3)
                throw new ArgumentException($"ArtifactRepositoryArgs: bucket name '{bucket}' must be 3-63 lowercase letters, digits or '-'");
        foreach (var client in Args.Clients)
            if (!DnsLabel.IsMatch(client.Name) || client.Name.Length < 3)
                throw new ArgumentException($"ArtifactRepositoryArgs.Clients: client name '{client.Name}' must be 3-63 lowercase letters, digits or '-'");

        Kube.Namespace(Scope, "namespace", Namespace);
        // Clients live in team and platform namespaces this component does not know; every namespace the
        // platform creates carries part-of=supplychain, so that label (not "any namespace") is the peer.
        NetworkIsolation.Apply(Scope, Namespace,
            ingressFrom:
            [
                Peer.FromNamespacesLabelled(Labels.PartOf, "supplychain", RegistryPort, S3Port),
                Peer.FromNamespace(PlatformNamespaces.Monitoring, RegistryDebugPort, S3Port),
            ]);

        RenderRegistry();
        RenderObjectStore();
    }

    /// <summary>
    /// The registry is a ClusterIP Service, not a NodePort: a node port would expose plain-HTTP pushes on every
    /// node address, where the namespace's default-deny policies do not apply to node-originated traffic.
    /// People and CI push through <c>kubectl -n artifacts port-forward svc/registry 5000:5000</c> and
    /// <c>docker push localhost:5000/team/image:tag</c> (Docker and containerd allow plain HTTP to localhost);
    /// in-cluster builders push to <see cref="RegistryHost"/> directly. kind and k3d nodes do not resolve
    /// cluster DNS, so a cluster that pulls serving images from here declares a containerd mirror for
    /// <see cref="RegistryHost"/> pointing at the Service's cluster IP (kind: <c>containerdConfigPatches</c>;
    /// k3d: <c>registries.yaml</c>), which kube-proxy routes on every node.
    /// </summary>
    private void RenderRegistry()
    {
        var scope = Scope.Child(RegistryName);
        var password = RandomPw.Create(scope, "password");
        var httpSecret = RandomPw.Create(scope, "http-secret", length: 48);

        // htpasswd wants bcrypt; the provider computes it once from the generated password, so neither
        // the password nor its hash is ever written into the program.
        Kube.Secret(scope, "htpasswd", Namespace, RegistryHtpasswdSecret, new MapValue
        {
            ["htpasswd"] = new InterpolationValue(RegistryUser + ":", RandomPw.BcryptHash(password)),
        });
        Kube.Secret(scope, "credentials", Namespace, RegistryCredentialsSecret, new MapValue
        {
            ["username"] = RegistryUser,
            ["password"] = RandomPw.Result(password),
            ["http-secret"] = RandomPw.Result(httpSecret),
        });

        const string claimName = "registry-storage";
        Kube.PersistentVolumeClaim(scope, "storage", Namespace, claimName, Args.RegistryStorageSize, Args.StorageClass);

        var container = new Container(RegistryName, RegistryImage, new ComputeResources("100m", "256Mi", CpuLimit: "1", MemoryLimit: "512Mi"))
        {
            Ports = [new ContainerPort("http", RegistryPort), new ContainerPort("metrics", RegistryDebugPort)],
            Env =
            [
                new EnvVar("REGISTRY_HTTP_ADDR", $":{RegistryPort}"),
                EnvVar.FromSecret("REGISTRY_HTTP_SECRET", RegistryCredentialsSecret, "http-secret"),
                new EnvVar("REGISTRY_AUTH", "htpasswd"),
                new EnvVar("REGISTRY_AUTH_HTPASSWD_REALM", "supplychain registry"),
                new EnvVar("REGISTRY_AUTH_HTPASSWD_PATH", "/auth/htpasswd"),
                new EnvVar("REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY", "/var/lib/registry"),
                // Deleting manifests lets retention jobs and garbage collection reclaim space.
                new EnvVar("REGISTRY_STORAGE_DELETE_ENABLED", "true"),
                // The debug listener serves Prometheus metrics on its own port, kept off the push/pull port.
                new EnvVar("REGISTRY_HTTP_DEBUG_ADDR", $":{RegistryDebugPort}"),
                new EnvVar("REGISTRY_HTTP_DEBUG_PROMETHEUS_ENABLED", "true"),
                new EnvVar("REGISTRY_HTTP_DEBUG_PROMETHEUS_PATH", "/metrics"),
            ],
            // "/" answers 200 without credentials (the /v2/ API needs them), so probes need no secret.
            Readiness = Probe.Http("/", "http") with { InitialDelaySeconds = 5 },
            Liveness = Probe.Http("/", "http") with { InitialDelaySeconds = 15, PeriodSeconds = 20 },
            VolumeMounts = [new VolumeMount("storage", "/var/lib/registry"), new VolumeMount("auth", "/auth", ReadOnly: true)],
        };
        var pod = new PodSpec([container])
        {
            Volumes = [new PvcVolume("storage", claimName), new SecretVolume("auth", RegistryHtpasswdSecret)],
        };
        // Recreate: the volume is ReadWriteOnce, so an old and a new pod cannot both mount it during a rollout.
        Kube.Deployment(scope, "deployment", Namespace, RegistryName, pod, replicas: 1, recreate: true);
        Kube.Service(scope, "service", Namespace, RegistryName, container.Ports);

        RegistryHost = $"{RegistryName}.{Namespace}.svc.cluster.local:{RegistryPort}";
        RegistryEndpoint = $"http://{RegistryHost}";
        _scrapeTargets.Add(new ScrapeTarget(RegistryName, Namespace, RegistryName, "metrics"));
    }

    private void RenderObjectStore()
    {
        var scope = Scope.Child(MinioName);
        var rootPassword = RandomPw.Create(scope, "root-password", length: 40);
        var root = Kube.Secret(scope, "root", Namespace, MinioRootSecret, new MapValue
        {
            ["MINIO_ROOT_USER"] = MinioRootUser,
            ["MINIO_ROOT_PASSWORD"] = RandomPw.Result(rootPassword),
        });

        var ports = new List<ContainerPort> { new("s3", S3Port), new("console", ConsolePort) };
        var minio = new Container(MinioName, MinioImage, new ComputeResources("250m", "512Mi", CpuLimit: "2", MemoryLimit: "2Gi"))
        {
            Command = ["minio"],
            // The certificate directory defaults to $HOME/.minio/certs, which a non-root user cannot create on a
            // read-only root filesystem; /tmp is the writable emptyDir every container gets.
            Args = ["server", "/data", "--address", $":{S3Port}", "--console-address", $":{ConsolePort}", "--certs-dir", "/tmp/certs"],
            Ports = ports,
            Env =
            [
                EnvVar.FromSecret("MINIO_ROOT_USER", MinioRootSecret, "MINIO_ROOT_USER"),
                EnvVar.FromSecret("MINIO_ROOT_PASSWORD", MinioRootSecret, "MINIO_ROOT_PASSWORD"),
                // Prometheus scrapes without a bearer token; the NetworkPolicy limits who can reach the port.
                new EnvVar("MINIO_PROMETHEUS_AUTH_TYPE", "public"),
            ],
            Readiness = Probe.Http("/minio/health/ready", "s3") with { InitialDelaySeconds = 5 },
            Liveness = Probe.Http("/minio/health/live", "s3") with { InitialDelaySeconds = 20, PeriodSeconds = 20 },
            VolumeMounts = [new VolumeMount("data", "/data")],
        };
        var statefulSet = Kube.StatefulSet(scope, "statefulset", Namespace, MinioName, MinioName, new PodSpec([minio]),
            Args.ObjectStoreStorageSize, Args.StorageClass);
        // The console port stays ClusterIP like the API: reach it with kubectl port-forward.
        Kube.Service(scope, "service", Namespace, MinioName, ports);

        ObjectStoreEndpoint = $"http://{MinioHost}:{S3Port}";
        _scrapeTargets.Add(new ScrapeTarget(MinioName, Namespace, MinioName, "s3", "/minio/v2/metrics/cluster"));

        RenderBootstrap(scope, statefulSet, root);
    }

    /// <summary>
    /// One Job, re-run whenever its script or policies change, that makes the store match the arguments:
    /// every bucket exists and is versioned, every client has a user whose policy names its buckets only.
    /// </summary>
    private void RenderBootstrap(Scope storeScope, Resource statefulSet, Resource rootSecret)
    {
        var scope = storeScope.Child("bootstrap");
        var clientSecrets = new MapValue();
        foreach (var client in Args.Clients)
        {
            var secretKey = RandomPw.Create(scope, $"{client.Name}-secret-key", length: 40);
            clientSecrets[client.Name] = RandomPw.Result(secretKey);
            _credentials[client.Name] = new ObjectStoreCredentials(client.Name, RandomPw.Result(secretKey));
        }
        var clients = Kube.Secret(scope, "client-secrets", Namespace, ClientSecretsName, clientSecrets);

        var script = BootstrapScript();
        var data = new MapValue { ["bootstrap.sh"] = script };
        foreach (var client in Args.Clients)
            data[$"policy-{client.Name}.json"] = FunctionValue.ToJson(PolicyFor(client));
        var config = Kube.ConfigMap(scope, "config", Namespace, BootstrapName, data);

        var env = new List<EnvVar>
        {
            // mc keeps its configuration under $HOME, which is read-only here.
            new("MC_CONFIG_DIR", "/tmp/.mc"),
            EnvVar.FromSecret("MINIO_ROOT_USER", MinioRootSecret, "MINIO_ROOT_USER"),
            EnvVar.FromSecret("MINIO_ROOT_PASSWORD", MinioRootSecret, "MINIO_ROOT_PASSWORD"),
            // The alias is assembled by the kubelet from the two variables above ($(VAR) expansion), so the
            // credentials come from the Secret at run time and appear nowhere in the program or the script.
            new("MC_HOST_store", $"http://$(MINIO_ROOT_USER):$(MINIO_ROOT_PASSWORD)@{MinioHost}:{S3Port}"),
        };
        env.AddRange(Args.Clients.Select(c => EnvVar.FromSecret(ClientSecretVariable(c.Name), ClientSecretsName, c.Name)));

        var mc = new Container("mc", MinioClientImage, new ComputeResources("50m", "64Mi", CpuLimit: "200m", MemoryLimit: "128Mi"))
        {
            Command = ["/bin/sh", "/config/bootstrap.sh"],
            Env = env,
            VolumeMounts = [new VolumeMount("config", "/config", ReadOnly: true)],
        };
        var job = Kube.Job(scope, "job", Namespace, BootstrapName, new PodSpec([mc]) { Volumes = [new ConfigMapVolume("config", BootstrapName)] },
            options: new ResourceOptions { DependsOn = [statefulSet.Name, config.Name, clients.Name, rootSecret.Name] });

        // A Job runs once; a changed script or client list must run it again. The hash in the pod template makes
        // Pulumi replace the Job (its template is immutable) exactly when the desired state changes.
        var template = (MapValue)((MapValue)job.Properties["spec"])["template"];
        ((MapValue)template["metadata"])["annotations"] = new MapValue { [Labels.Prefix + "config-hash"] = ConfigHash(script) };
    }

    private string BootstrapScript()
    {
        var buckets = new[] { Args.ModelBucket }.Concat(Args.ExtraBuckets).Distinct(StringComparer.Ordinal).ToList();
        var sb = new StringBuilder();
        sb.Append("#!/bin/sh\n");
        sb.Append("# Makes the object store match the stack: idempotent, so every re-run converges.\n");
        sb.Append("set -eu\n");
        sb.Append("until mc ready store; do echo 'waiting for the object store'; sleep 5; done\n");
        foreach (var bucket in buckets)
        {
            sb.Append($"mc mb --ignore-existing store/{bucket}\n");
            // Versioning keeps every overwritten or deleted model artifact recoverable (lineage and audit).
            sb.Append($"mc version enable store/{bucket}\n");
        }
        foreach (var client in Args.Clients)
        {
            var policy = PolicyName(client.Name);
            sb.Append($"mc admin policy create store {policy} /config/policy-{client.Name}.json\n");
            sb.Append($"mc admin user add store {client.Name} \"${ClientSecretVariable(client.Name)}\"\n");
            // attach fails when the policy is already attached; that state is the goal, anything else fails the Job.
            sb.Append($"mc admin policy attach store {policy} --user {client.Name} || mc admin user info store {client.Name} | grep -q {policy}\n");
        }
        return sb.ToString();
    }

    /// <summary>An S3 policy limited to the client's buckets, with every action spelled out (no wildcards).</summary>
    public static MapValue PolicyFor(ObjectStoreClient client)
    {
        ListValue Arns(Func<string, string> arn) => new(client.Buckets.Select(b => (Value)arn(b)));
        return new MapValue
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new ListValue
            {
                new MapValue
                {
                    ["Sid"] = "BucketLevel",
                    ["Effect"] = "Allow",
                    ["Action"] = new ListValue { "s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketVersions", "s3:ListBucketMultipartUploads" },
                    ["Resource"] = Arns(b => $"arn:aws:s3:::{b}"),
                },
                new MapValue
                {
                    ["Sid"] = "ObjectLevel",
                    ["Effect"] = "Allow",
                    ["Action"] = new ListValue
                    {
                        "s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject",
                        "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts",
                    },
                    ["Resource"] = Arns(b => $"arn:aws:s3:::{b}/*"),
                },
            },
        };
    }

    public static string PolicyName(string client) => $"supplychain-{client}";

    private static string ClientSecretVariable(string client) =>
        "CLIENT_SECRET_" + client.ToUpperInvariant().Replace('-', '_').Replace('.', '_');

    private string ConfigHash(string script)
    {
        var policies = string.Join("\n", Args.Clients.Select(c => c.Name + ":" + string.Join(",", c.Buckets)));
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(script + "\n" + policies));
        return Convert.ToHexStringLower(bytes)[..16];
    }
}
