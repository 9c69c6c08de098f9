using Supplychain.Components.ArtifactRepository;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Components.Yaml;

namespace Supplychain.Tests.ComponentTests;

public sealed class ArtifactRepositoryTests
{
    [Fact]
    public void Should_Render_Registry_With_Pinned_Image_Recreate_Strategy_And_Requested_Volume()
    {
        // Given the repository with a 75Gi registry volume on a named storage class
        var scope = LocalComponents.NewScope();
        LocalComponents.Repository(scope, LocalComponents.RepositoryArgs("fast-ssd") with { RegistryStorageSize = "75Gi" });

        // When the registry's resources are read back
        var deployment = scope.Props("artifacts-registry-deployment");
        var claim = scope.Program.Get("artifacts-registry-storage");

        // Then the image is pinned, the rollout cannot double-mount the RWO volume, and the claim is kept on delete
        Assert.Equal(ArtifactRepository.RegistryImage, deployment.Container().Text("image"));
        Assert.Matches(@"^registry:\d+\.\d+\.\d+$", ArtifactRepository.RegistryImage);
        Assert.Equal("Recreate", deployment.Text("spec.strategy.type"));
        Assert.Equal("75Gi", claim.Properties.Text("spec.resources.requests.storage"));
        Assert.Equal("fast-ssd", claim.Properties.Text("spec.storageClassName"));
        Assert.True(claim.Options.RetainOnDelete);
        Assert.Equal(KubeTypes.PersistentVolumeClaim, claim.Type);
    }

    [Fact]
    public void Should_Authenticate_Registry_With_Bcrypt_Of_A_Generated_Password()
    {
        var scope = LocalComponents.NewScope();
        LocalComponents.Repository(scope);

        var htpasswd = scope.Props("artifacts-registry-htpasswd").Get("stringData.htpasswd");
        var container = scope.Props("artifacts-registry-deployment").Container();

        // The htpasswd line is "<user>:" + the provider-computed bcrypt hash, never a literal hash
        var line = Assert.IsType<InterpolationValue>(htpasswd);
        Assert.Equal(new StringValue(ArtifactRepository.RegistryUser + ":"), line.Parts[0]);
        Assert.Equal(new RefValue("artifacts-registry-password", "bcryptHash"), line.Parts[1]);
        Assert.Equal("random:RandomPassword", scope.Program.Get("artifacts-registry-password").Type);
        Assert.Equal("htpasswd", container.Env("REGISTRY_AUTH").Text("value"));
        Assert.Equal("true", container.Env("REGISTRY_STORAGE_DELETE_ENABLED").Text("value"));
        Assert.Equal("registry-credentials", container.Env("REGISTRY_HTTP_SECRET").Text("valueFrom.secretKeyRef.name"));
    }

    [Fact]
    public void Should_Serve_Registry_Metrics_On_The_Debug_Port_And_Probe_Both_Servers()
    {
        var scope = LocalComponents.NewScope();
        var repo = LocalComponents.Repository(scope);

        var registry = scope.Props("artifacts-registry-deployment").Container();
        var minio = scope.Props("artifacts-minio-statefulset").Container();

        Assert.Equal(":5001", registry.Env("REGISTRY_HTTP_DEBUG_ADDR").Text("value"));
        Assert.Equal("true", registry.Env("REGISTRY_HTTP_DEBUG_PROMETHEUS_ENABLED").Text("value"));
        Assert.Equal("/", registry.Text("readinessProbe.httpGet.path"));
        Assert.Equal("/minio/health/ready", minio.Text("readinessProbe.httpGet.path"));
        Assert.Equal("/minio/health/live", minio.Text("livenessProbe.httpGet.path"));
        Assert.Equal("public", minio.Env("MINIO_PROMETHEUS_AUTH_TYPE").Text("value"));
        Assert.Equal(
            [new("registry", "artifacts", "registry", "metrics"), new("minio", "artifacts", "minio", "s3", "/minio/v2/metrics/cluster")],
            repo.ScrapeTargets);
    }

    [Fact]
    public void Should_Render_Object_Store_StatefulSet_With_Pinned_Image_And_Volume_Template()
    {
        var scope = LocalComponents.NewScope();
        LocalComponents.Repository(scope, LocalComponents.RepositoryArgs() with { ObjectStoreStorageSize = "250Gi" });

        var statefulSet = scope.Props("artifacts-minio-statefulset");
        var template = (MapValue)((ListValue)statefulSet.Get("spec.volumeClaimTemplates"))[0];

        Assert.Matches(@"^quay\.io/minio/minio:RELEASE\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$", statefulSet.Container().Text("image"));
        Assert.Equal("250Gi", template.Text("spec.resources.requests.storage"));
        Assert.Equal("minio-root", statefulSet.Container().Env("MINIO_ROOT_PASSWORD").Text("valueFrom.secretKeyRef.name"));
        Assert.Equal(["s3", "console"], ((ListValue)scope.Props("artifacts-minio-service").Get("spec.ports")).Cast<MapValue>().Select(p => p.Text("name")));
        Assert.Equal("ClusterIP", scope.Props("artifacts-minio-service").Text("spec.type"));
    }

    [Fact]
    public void Should_Create_And_Version_Every_Bucket_In_The_Bootstrap_Job()
    {
        var scope = LocalComponents.NewScope();
        LocalComponents.Repository(scope);

        var script = scope.Props("artifacts-minio-bootstrap-config").Map("data").Key("bootstrap.sh");
        var job = scope.Program.Get("artifacts-minio-bootstrap-job");

        foreach (var bucket in new[] { "models", "feast" })
        {
            Assert.Contains($"mc mb --ignore-existing store/{bucket}\n", script);
            Assert.Contains($"mc version enable store/{bucket}\n", script);
        }
        Assert.Equal(KubeTypes.Job, job.Type);
        Assert.Matches(@"^quay\.io/minio/mc:RELEASE\.", job.Properties.Container().Text("image"));
        Assert.Contains("artifacts-minio-statefulset", job.Options.DependsOn);
    }

    [Fact]
    public void Should_Give_Each_Client_A_User_With_A_Policy_On_Its_Buckets_Only()
    {
        var scope = LocalComponents.NewScope();
        LocalComponents.Repository(scope);

        var data = (MapValue)scope.Props("artifacts-minio-bootstrap-config")["data"];
        var script = ((StringValue)data["bootstrap.sh"]).Text;
        var policy = (MapValue)Assert.IsType<FunctionValue>(data["policy-mlflow.json"]).Argument;
        var statements = ((ListValue)policy["Statement"]).Cast<MapValue>().ToList();

        Assert.Contains("mc admin user add store mlflow \"$CLIENT_SECRET_MLFLOW\"", script);
        Assert.Contains("mc admin policy attach store supplychain-mlflow --user mlflow", script);
        Assert.Equal(["arn:aws:s3:::models"], statements[0].Strings("Resource"));
        Assert.Equal(["arn:aws:s3:::models/*"], statements[1].Strings("Resource"));
        var actions = statements.SelectMany(s => s.Strings("Action")).ToList();
        Assert.Contains("s3:PutObject", actions);
        Assert.DoesNotContain(actions, a => a.Contains('*'));
        Assert.DoesNotContain("arn:aws:s3:::feast", statements.SelectMany(s => s.Strings("Resource")));
    }

    [Fact]
    public void Should_Take_Every_Credential_Of_The_Job_From_Secrets()
    {
        var scope = LocalComponents.NewScope();
        LocalComponents.Repository(scope);

        var mc = scope.Props("artifacts-minio-bootstrap-job").Container();

        Assert.Equal("objectstore-clients", mc.Env("CLIENT_SECRET_FEAST").Text("valueFrom.secretKeyRef.name"));
        Assert.Equal("minio-root", mc.Env("MINIO_ROOT_PASSWORD").Text("valueFrom.secretKeyRef.name"));
        Assert.Equal("http://$(MINIO_ROOT_USER):$(MINIO_ROOT_PASSWORD)@minio.artifacts.svc.cluster.local:9000",
            mc.Env("MC_HOST_store").Text("value"));
    }

    [Fact]
    public void Should_Run_The_Bootstrap_Again_When_The_Clients_Change()
    {
        static string Hash(ArtifactRepositoryArgs args)
        {
            var scope = LocalComponents.NewScope();
            LocalComponents.Repository(scope, args);
            return scope.Props("artifacts-minio-bootstrap-job").Map("spec.template.metadata.annotations").Key("supplychain.dev/config-hash");
        }

        var before = LocalComponents.RepositoryArgs();
        var after = before with { Clients = [.. before.Clients, new ObjectStoreClient("trainer", ["models"])] };

        Assert.Equal(Hash(before), Hash(before));
        Assert.NotEqual(Hash(before), Hash(after));
    }

    [Fact]
    public void Should_Return_Client_Credentials_As_A_Fixed_Access_Key_And_A_Generated_Secret_Reference()
    {
        var scope = LocalComponents.NewScope();
        var repo = LocalComponents.Repository(scope);

        var credentials = repo.CredentialsFor("mlflow");

        Assert.Equal("mlflow", credentials.AccessKey);
        Assert.Equal(new RefValue("artifacts-minio-bootstrap-mlflow-secret-key", "result"), credentials.SecretKey);
        Assert.Equal(credentials.SecretKey, scope.Props("artifacts-minio-bootstrap-client-secrets").Get("stringData.mlflow"));
        Assert.Throws<ArgumentException>(() => repo.CredentialsFor("unknown"));
    }

    [Fact]
    public void Should_Set_Endpoints_Outputs()
    {
        var scope = LocalComponents.NewScope();
        var repo = LocalComponents.Repository(scope);

        Assert.Equal("registry.artifacts.svc.cluster.local:5000", repo.RegistryHost);
        Assert.Equal(new StringValue("http://registry.artifacts.svc.cluster.local:5000"), repo.RegistryEndpoint);
        Assert.Equal("http://minio.artifacts.svc.cluster.local:9000", repo.ObjectStoreEndpoint);
        Assert.Equal("ClusterIP", scope.Props("artifacts-registry-service").Text("spec.type"));
    }

    [Fact]
    public void Should_Write_No_Secret_As_A_Literal()
    {
        var scope = LocalComponents.NewScope();
        LocalComponents.Repository(scope);

        var literals = LocalComponents.LiteralSecretValues(scope.Program, "username", "MINIO_ROOT_USER");

        Assert.Empty(literals);
        Assert.All(scope.Program.Resources.Where(r => r.Type.StartsWith("kubernetes:", StringComparison.Ordinal)),
            r => Assert.Equal(LocalComponents.Provider, r.Options.Provider));
    }

    [Fact]
    public void Should_Isolate_The_Namespace_And_Admit_Platform_Namespaces_By_Label()
    {
        var scope = LocalComponents.NewScope();
        LocalComponents.Repository(scope);

        var rules = ((ListValue)scope.Props("artifacts-netpol-allow-ingress").Get("spec.ingress")).Cast<MapValue>().ToList();
        var labelled = rules.Single(r => ((MapValue)((ListValue)r["from"])[0]).At("namespaceSelector.matchLabels") is MapValue m
                                         && m.ContainsKey("app.kubernetes.io/part-of"));

        Assert.Equal([5000, 9000], ((ListValue)labelled["ports"]).Cast<MapValue>().Select(p => (int)((NumberValue)p["port"]).Number));
        Assert.Equal("supplychain", ((MapValue)((ListValue)labelled["from"])[0]).Map("namespaceSelector.matchLabels").Key("app.kubernetes.io/part-of"));
        Assert.Equal("restricted", scope.Props("artifacts-namespace").Map("metadata.labels").Key("pod-security.kubernetes.io/enforce"));
        Assert.NotNull(scope.Program.Get("artifacts-netpol-default-deny"));
    }

    [Fact]
    public void Should_Reject_A_Bucket_Name_That_Is_Not_A_Dns_Label()
    {
        var scope = LocalComponents.NewScope();

        var error = Assert.Throws<ArgumentException>(() =>
            LocalComponents.Repository(scope, LocalComponents.RepositoryArgs() with { ExtraBuckets = ["Feast Store"], Clients = [] }));

        Assert.Contains("'Feast Store'", error.Message);
    }

    [Fact]
    public void Should_Synthesize_Identical_Yaml_Twice()
    {
        string Render()
        {
            var scope = LocalComponents.NewScope();
            LocalComponents.Repository(scope);
            return PulumiYamlWriter.Write(scope.Program);
        }

        Assert.Equal(Render(), Render());
    }
}
