using Supplychain.Components.ArtifactRepository;
using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.MlflowTracking;
using Supplychain.Components.Model;
using Supplychain.Components.Yaml;

namespace Supplychain.Tests.ComponentTests;

public sealed class MlflowTrackingTests
{
    private static (Scope Scope, MlflowTracking Mlflow) Render(EnvironmentTier env = EnvironmentTier.Dev, int? replicas = null)
    {
        var scope = LocalComponents.NewScope(env);
        var artifacts = LocalComponents.Repository(scope);
        var mlflow = new MlflowTracking(scope, "mlflow", new MlflowTrackingArgs { Artifacts = artifacts, Replicas = replicas, DatabaseStorageSize = "30Gi" });
        return (scope, mlflow);
    }

    [Fact]
    public void Should_Pin_An_Mlflow_Image_With_The_Postgres_And_S3_Drivers_And_A_Postgres_16_Image()
    {
        var (scope, _) = Render();

        Assert.Equal("burakince/mlflow:3.7.0", scope.Props("mlflow-server-deployment").Container().Text("image"));
        Assert.Matches(@"^postgres:16\.\d+$", scope.Props("mlflow-database-statefulset").Container().Text("image"));
    }

    [Fact]
    public void Should_Pass_The_Database_Password_By_Env_Expansion_Never_As_A_Literal()
    {
        var (scope, _) = Render();

        var server = scope.Props("mlflow-server-deployment").Container();
        var args = server.Strings("args");

        Assert.Equal("postgresql://mlflow:$(DB_PASSWORD)@postgres.mlflow.svc.cluster.local:5432/mlflow", args[args.IndexOf("--backend-store-uri") + 1]);
        Assert.Equal("mlflow-database", server.Env("DB_PASSWORD").Text("valueFrom.secretKeyRef.name"));
        Assert.Equal(new RefValue("mlflow-database-password", "result"), scope.Props("mlflow-database-secret").Get("stringData.password"));
        Assert.Empty(LocalComponents.LiteralSecretValues(scope.Program, "username", "MINIO_ROOT_USER", "AWS_ACCESS_KEY_ID"));
    }

    [Fact]
    public void Should_Proxy_Artifacts_To_The_Model_Bucket_With_The_Mlflow_Client_Credentials()
    {
        var (scope, _) = Render();
        var credentials = scope.Program.Resources.Single(r => r.Name == "mlflow-server-object-store-credentials").Properties;

        var server = scope.Props("mlflow-server-deployment").Container();
        var args = server.Strings("args");

        Assert.Equal("s3://models/mlflow", args[args.IndexOf("--artifacts-destination") + 1]);
        Assert.Contains("--serve-artifacts", args);
        Assert.Equal("http://minio.artifacts.svc.cluster.local:9000", server.Env("MLFLOW_S3_ENDPOINT_URL").Text("value"));
        Assert.Equal("mlflow-object-store", server.Env("AWS_SECRET_ACCESS_KEY").Text("valueFrom.secretKeyRef.name"));
        Assert.Equal("mlflow", credentials.Text("stringData.AWS_ACCESS_KEY_ID"));
        Assert.Equal(new RefValue("artifacts-minio-bootstrap-mlflow-secret-key", "result"), credentials.Get("stringData.AWS_SECRET_ACCESS_KEY"));
        Assert.Equal("mlflow", credentials.Text("metadata.namespace"));
    }

    [Fact]
    public void Should_Run_Postgres_As_Its_Own_User_With_Writable_Socket_Dir_And_Data_In_A_Subdirectory()
    {
        var (scope, _) = Render();

        var statefulSet = scope.Props("mlflow-database-statefulset");
        var postgres = statefulSet.Container();
        var mounts = ((ListValue)postgres["volumeMounts"]).Cast<MapValue>().ToDictionary(m => m.Text("mountPath"), m => m.Text("name"));
        var template = (MapValue)((ListValue)statefulSet.Get("spec.volumeClaimTemplates"))[0];

        Assert.Equal(new NumberValue(999), postgres.Get("securityContext.runAsUser"));
        Assert.Equal(new NumberValue(999), statefulSet.Get("spec.template.spec.securityContext.fsGroup"));
        Assert.Equal(new BoolValue(true), postgres.Get("securityContext.readOnlyRootFilesystem"));
        Assert.Equal("run", mounts["/var/run/postgresql"]);
        Assert.Equal("data", mounts["/var/lib/postgresql/data"]);
        Assert.Equal("/var/lib/postgresql/data/pgdata", postgres.Env("PGDATA").Text("value"));
        Assert.Equal("30Gi", template.Text("spec.resources.requests.storage"));
        Assert.Equal("pg_isready", postgres.Strings("readinessProbe.exec.command")[0]);
        Assert.Equal("pg_isready", postgres.Strings("livenessProbe.exec.command")[0]);
    }

    [Fact]
    public void Should_Probe_Health_Set_Limits_And_Expose_Prometheus_Metrics()
    {
        var (scope, mlflow) = Render();

        var server = scope.Props("mlflow-server-deployment").Container();

        Assert.Equal("/health", server.Text("readinessProbe.httpGet.path"));
        Assert.Equal("/health", server.Text("livenessProbe.httpGet.path"));
        Assert.NotNull(server.Get("resources.limits.memory"));
        Assert.Contains("--expose-prometheus", server.Strings("args"));
        Assert.Equal(new ScrapeTarget("mlflow", "mlflow", "mlflow", "http"), mlflow.ScrapeTarget);
        Assert.Equal("http://mlflow.mlflow.svc.cluster.local:5000", mlflow.TrackingUrl);
        Assert.Equal(new NumberValue(5000), ((MapValue)((ListValue)scope.Props("mlflow-server-service").Get("spec.ports"))[0])["port"]);
    }

    [Fact]
    public void Should_Accept_The_Service_Host_Names_Despite_Dns_Rebinding_Protection()
    {
        var (scope, _) = Render();

        var args = scope.Props("mlflow-server-deployment").Container().Strings("args");
        var hosts = args[args.IndexOf("--allowed-hosts") + 1].Split(',');

        Assert.Contains("mlflow.mlflow.svc.cluster.local:5000", hosts);
        Assert.Contains("mlflow.mlflow:5000", hosts);
        Assert.Contains("10.*", hosts);
    }

    [Fact]
    public void Should_Run_One_Replica_Without_A_Disruption_Budget_In_Dev()
    {
        var (scope, _) = Render();

        Assert.Equal(new NumberValue(1), scope.Props("mlflow-server-deployment").Get("spec.replicas"));
        Assert.False(scope.Program.TryGet("mlflow-server-pdb", out _));
    }

    [Fact]
    public void Should_Run_Two_Replicas_With_A_Disruption_Budget_In_Prod()
    {
        var (scope, _) = Render(EnvironmentTier.Prod);

        Assert.Equal(new NumberValue(2), scope.Props("mlflow-server-deployment").Get("spec.replicas"));
        Assert.Equal(new NumberValue(1), scope.Props("mlflow-server-pdb").Get("spec.minAvailable"));
    }

    [Fact]
    public void Should_Allow_Egress_Only_To_The_Object_Store_Port()
    {
        var (scope, _) = Render();

        var yaml = PulumiYamlWriter.Write(scope.Program);
        var egress = ((ListValue)scope.Props("mlflow-netpol-allow-egress").Get("spec.egress")).Cast<MapValue>().Last();

        Assert.Equal("artifacts", ((MapValue)((ListValue)egress["to"])[0]).Map("namespaceSelector.matchLabels").Key("kubernetes.io/metadata.name"));
        Assert.Equal(new NumberValue(9000), ((MapValue)((ListValue)egress["ports"])[0])["port"]);
        Assert.DoesNotContain("POSTGRES_PASSWORD\n                value:", yaml);
    }

    [Fact]
    public void Should_Reject_A_Repository_Without_An_Mlflow_Client()
    {
        var scope = LocalComponents.NewScope();
        var artifacts = LocalComponents.Repository(scope, LocalComponents.RepositoryArgs() with { Clients = [new ObjectStoreClient("feast", ["feast"])] });

        var error = Assert.Throws<ArgumentException>(() => new MlflowTracking(scope, "mlflow", new MlflowTrackingArgs { Artifacts = artifacts }));

        Assert.Contains("'mlflow'", error.Message);
    }
}
