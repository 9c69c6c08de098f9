using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Components.Platform.Aws;
using Supplychain.Components.Platform.Azure;

namespace Supplychain.Components.Retraining;

/// <summary>
/// The only part of <see cref="Retraining"/> that differs per target: where Argo Workflows keeps artifacts (and reads
/// datasets), and how the workflow's executor authenticates there. Locally it is MinIO with the <c>retraining</c>
/// client's scoped credentials in a Secret that only the executor's init and wait containers mount; on AWS, S3 through
/// an IRSA role of the team's workflow service account; on Azure, Blob Storage through a workload identity.
/// Main containers never see these credentials.
/// </summary>
internal sealed class RetrainingStore
{
    /// <summary>The object-store client whose scoped user the local target's workflows use.</summary>
    public const string ObjectStoreClient = "retraining";
    public const string CredentialsSecret = "retraining-object-store";
    public const string KeyPrefix = "retraining";

    private readonly Func<Scope, TeamSpec, string, IReadOnlyList<string>, ServiceAccountBinding> _bindTeam;

    private RetrainingStore(MapValue repository, Func<string, Value> uriOf, Func<string, MapValue> location, IReadOnlyList<Peer> egress,
        Func<Scope, TeamSpec, string, IReadOnlyList<string>, ServiceAccountBinding> bindTeam)
    {
        Repository = repository;
        UriOf = uriOf;
        Location = location;
        Egress = egress;
        _bindTeam = bindTeam;
    }

    /// <summary>Argo Workflows' default artifact repository (the chart's <c>artifactRepository</c> value).</summary>
    public MapValue Repository { get; }
    /// <summary>The URI of a key as the model's <c>artifact.uri</c> spells it, e.g. <c>s3://models/KEY</c>.</summary>
    public Func<string, Value> UriOf { get; }
    /// <summary>A key-only artifact location in the default repository.</summary>
    public Func<string, MapValue> Location { get; }
    /// <summary>Where workflow pods must be allowed to connect to reach the store.</summary>
    public IReadOnlyList<Peer> Egress { get; }

    /// <summary>Creates the team's workflow service account with whatever lets its executor reach the store.</summary>
    public ServiceAccountBinding BindTeam(Scope scope, TeamSpec team, string serviceAccount, IReadOnlyList<string> dependsOn) =>
        _bindTeam(scope, team, serviceAccount, dependsOn);

    private static string KeyFormat => KeyPrefix + "/{{workflow.namespace}}/{{workflow.name}}/{{pod.name}}";

    public static RetrainingStore For(Scope scope, ArtifactRepository.ArtifactRepository artifacts) =>
        scope.Stack.Target.Select(local: () => Local(artifacts), aws: () => Aws(scope, artifacts), azure: () => Azure(scope, artifacts));

    private static RetrainingStore Local(ArtifactRepository.ArtifactRepository artifacts)
    {
        var endpoint = new Uri(artifacts.ObjectStoreEndpoint);
        var repository = new MapValue
        {
            ["archiveLogs"] = false,
            ["s3"] = new MapValue
            {
                ["endpoint"] = $"{endpoint.Host}:{endpoint.Port}",
                ["insecure"] = endpoint.Scheme == "http",
                ["bucket"] = artifacts.ModelBucket,
                ["keyFormat"] = KeyFormat,
                ["accessKeySecret"] = new MapValue { ["name"] = CredentialsSecret, ["key"] = "accessKey" },
                ["secretKeySecret"] = new MapValue { ["name"] = CredentialsSecret, ["key"] = "secretKey" },
            },
        };
        return new RetrainingStore(repository, key => $"s3://{artifacts.ModelBucket}/{key}", key => new MapValue { ["s3"] = new MapValue { ["key"] = key } },
            [Peer.FromNamespace(artifacts.Namespace, ArtifactRepository.ArtifactRepository.S3Port)],
            (teamScope, team, sa, deps) =>
            {
                var credentials = artifacts.CredentialsFor(ObjectStoreClient);
                var secret = Kube.Secret(teamScope, "object-store-credentials", team.Namespace, CredentialsSecret, new MapValue
                {
                    ["accessKey"] = credentials.AccessKey,
                    ["secretKey"] = credentials.SecretKey,
                }, options: new ResourceOptions { DependsOn = deps });
                var account = Kube.ServiceAccount(teamScope, "service-account", team.Namespace, sa);
                account.Options = account.Options with { DependsOn = deps };
                return new ServiceAccountBinding(account.Name, [secret.Name], new Dictionary<string, string>());
            });
    }

    private static RetrainingStore Aws(Scope scope, ArtifactRepository.ArtifactRepository artifacts)
    {
        var aws = scope.FoundationAs<AwsFoundation>();
        var bucket = artifacts.BucketName(artifacts.ModelBucket);
        var repository = new MapValue
        {
            ["archiveLogs"] = false,
            ["s3"] = new MapValue
            {
                ["endpoint"] = $"s3.{aws.Region}.amazonaws.com",
                ["region"] = aws.Region,
                ["bucket"] = bucket,
                ["keyFormat"] = KeyFormat,
                // IRSA: the executor's AWS SDK picks up the web identity token the EKS webhook projects.
                ["useSDKCreds"] = true,
                ["encryptionOptions"] = new MapValue { ["enableEncryption"] = true },
            },
        };
        return new RetrainingStore(repository, key => new InterpolationValue("s3://", bucket, "/" + key), key => new MapValue { ["s3"] = new MapValue { ["key"] = key } },
            [Peer.Anywhere(443)], // STS and S3 are HTTPS endpoints outside the cluster
            (teamScope, team, sa, deps) =>
            {
                var role = aws.ServiceAccountRole(teamScope, "role", team.Namespace, sa, $"{aws.NamePrefix}: retraining workflows of team {team.Name} read datasets and keep artifacts");
                // Datasets are read anywhere in the model bucket; runs write only under retraining/<namespace>/.
                var read = artifacts.GrantBucketAccess(teamScope, "role-datasets", role, artifacts.ModelBucket, null, ArtifactRepository.BucketAccess.Read);
                var write = artifacts.GrantBucketAccess(teamScope, "role-artifacts", role, artifacts.ModelBucket, $"{KeyPrefix}/{team.Namespace}");
                var account = AwsFoundation.AnnotatedServiceAccount(teamScope, "service-account", team.Namespace, sa, role, deps);
                return new ServiceAccountBinding(account.Name, [read.Name, write.Name], new Dictionary<string, string>());
            });
    }

    private static RetrainingStore Azure(Scope scope, ArtifactRepository.ArtifactRepository artifacts)
    {
        var azure = scope.FoundationAs<AzureFoundation>();
        var repository = new MapValue
        {
            ["archiveLogs"] = false,
            ["azure"] = new MapValue
            {
                ["endpoint"] = artifacts.BlobEndpoint,
                ["container"] = artifacts.ModelBucket,
                ["blobNameFormat"] = KeyFormat,
                // Workload identity: DefaultAzureCredential reads the federated token the webhook projects.
                ["useSDKCreds"] = true,
            },
        };
        return new RetrainingStore(repository, key => new InterpolationValue(artifacts.BlobEndpoint, artifacts.ModelBucket + "/" + key),
            // The Azure artifact schema has no key-only form: every location names the endpoint and container.
            key => new MapValue
            {
                ["azure"] = new MapValue
                {
                    ["endpoint"] = artifacts.BlobEndpoint,
                    ["container"] = artifacts.ModelBucket,
                    ["blob"] = key,
                    ["useSDKCreds"] = true,
                },
            },
            [Peer.Anywhere(443)], // Entra ID token exchange and the blob endpoint
            (teamScope, team, sa, deps) =>
            {
                var identity = azure.WorkloadIdentity(teamScope, team.Namespace, sa, deps);
                var grant = azure.AssignRole(teamScope, "blob-access", identity.Ref("principalId"), "ServicePrincipal",
                    AzureRoles.StorageBlobDataContributor, artifacts.ContainerId(artifacts.ModelBucket));
                return new ServiceAccountBinding(teamScope.NameOf("service-account"), [grant.Name], AzureFoundation.WorkloadIdentityPodLabels);
            });
    }
}

/// <summary>A team's workflow service account and what its pods need: resources to wait for, pod labels (workload identity).</summary>
internal sealed record ServiceAccountBinding(string ServiceAccountResource, IReadOnlyList<string> Grants, IReadOnlyDictionary<string, string> PodLabels);
