using Supplychain.Components.ArtifactRepository;
using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.FeatureStore;
using Supplychain.Components.Model;
using Supplychain.Components.Yaml;

namespace Supplychain.Tests.ComponentTests;

public sealed class FeatureStoreTests
{
    private static (Scope Scope, FeatureStore Feast) Render(EnvironmentTier env = EnvironmentTier.Dev, FeatureStoreArgs? args = null)
    {
        var scope = LocalComponents.NewScope(env);
        var artifacts = LocalComponents.Repository(scope);
        var feast = new FeatureStore(scope, "feast", (args ?? new FeatureStoreArgs { Artifacts = artifacts }) with { Artifacts = artifacts, OnlineStoreStorageSize = "15Gi" });
        return (scope, feast);
    }

    [Fact]
    public void Should_Configure_The_Registry_In_The_Object_Store_And_Redis_With_Feast_Env_Substitution()
    {
        var (scope, _) = Render();

        var config = scope.Props("feast-server-config").Map("data").Key("feature_store.yaml");
        var yaml = PulumiYamlWriter.Write(scope.Program);

        Assert.Contains("project: supplychain\n", config);
        Assert.Contains("  path: s3://feast/registry.db\n", config);
        Assert.Contains("  type: redis\n", config);
        Assert.Contains("connection_string: redis.feast.svc.cluster.local:6379,password=${REDIS_PASSWORD}\n", config);
        // The writer escapes the literal so Pulumi does not read it as an interpolation.
        Assert.Contains("password=$${REDIS_PASSWORD}", yaml);
    }

    [Fact]
    public void Should_Give_Redis_Its_Password_Through_The_Environment_Only()
    {
        var (scope, _) = Render();

        var redis = scope.Props("feast-redis-statefulset").Container();

        Assert.Equal(["--requirepass", "$(REDIS_PASSWORD)"], redis.Strings("args").Take(2));
        Assert.Equal("redis-auth", redis.Env("REDIS_PASSWORD").Text("valueFrom.secretKeyRef.name"));
        Assert.Equal("redis-auth", redis.Env("REDISCLI_AUTH").Text("valueFrom.secretKeyRef.name"));
        Assert.Equal(new RefValue("feast-redis-password", "result"), scope.Props("feast-redis-secret").Get("stringData.password"));
        Assert.DoesNotContain("requirepass", scope.Props("feast-server-config").Map("data").Key("feature_store.yaml"));
        Assert.Empty(LocalComponents.LiteralSecretValues(scope.Program, "username", "MINIO_ROOT_USER", "AWS_ACCESS_KEY_ID"));
    }

    [Fact]
    public void Should_Run_Redis_As_Its_Own_User_On_A_Persistent_Volume_With_A_Ping_Probe()
    {
        var (scope, _) = Render();

        var statefulSet = scope.Props("feast-redis-statefulset");
        var redis = statefulSet.Container();
        var template = (MapValue)((ListValue)statefulSet.Get("spec.volumeClaimTemplates"))[0];

        Assert.Matches(@"^redis:7\.\d+\.\d+$", redis.Text("image"));
        Assert.Equal(new NumberValue(999), redis.Get("securityContext.runAsUser"));
        Assert.Equal(new NumberValue(999), statefulSet.Get("spec.template.spec.securityContext.fsGroup"));
        Assert.Equal("15Gi", template.Text("spec.resources.requests.storage"));
        Assert.Contains("redis-cli ping", redis.Strings("readinessProbe.exec.command").Last());
    }

    [Fact]
    public void Should_Serve_Features_On_6566_With_Metrics_From_A_Pinned_Image()
    {
        var (scope, feast) = Render();

        var server = scope.Props("feast-server-deployment").Container();

        Assert.Equal(FeatureStore.FeatureServerImage, server.Text("image"));
        Assert.Matches(@"^quay\.io/feastdev/feature-server:\d+\.\d+\.\d+$", FeatureStore.FeatureServerImage);
        Assert.Equal(["feast", "--chdir", "/etc/feast", "serve", "--host", "0.0.0.0", "--port", "6566", "--metrics"], server.Strings("command"));
        Assert.Equal("/health", server.Text("readinessProbe.httpGet.path"));
        Assert.NotNull(server.Get("livenessProbe.tcpSocket.port"));
        Assert.NotNull(server.Get("resources.requests.cpu"));
        Assert.Equal("http://minio.artifacts.svc.cluster.local:9000", server.Env("FEAST_S3_ENDPOINT_URL").Text("value"));
        Assert.Equal(new RefValue("artifacts-minio-bootstrap-feast-secret-key", "result"),
            scope.Props("feast-server-object-store-credentials").Get("stringData.AWS_SECRET_ACCESS_KEY"));
        Assert.Equal(new ScrapeTarget("feature-server", "feast", "feature-server", "metrics"), feast.ScrapeTarget);
        Assert.Equal("http://feature-server.feast.svc.cluster.local:6566", feast.FeatureServerUrl);
    }

    [Fact]
    public void Should_Admit_Platform_Namespaces_On_The_Serving_Port_Only()
    {
        var (scope, _) = Render();

        var rules = ((ListValue)scope.Props("feast-netpol-allow-ingress").Get("spec.ingress")).Cast<MapValue>().Skip(1).ToList();

        Assert.Equal("supplychain", ((MapValue)((ListValue)rules[0]["from"])[0]).Map("namespaceSelector.matchLabels").Key("app.kubernetes.io/part-of"));
        Assert.Equal(new NumberValue(6566), ((MapValue)((ListValue)rules[0]["ports"])[0])["port"]);
        Assert.Equal(new NumberValue(8000), ((MapValue)((ListValue)rules[1]["ports"])[0])["port"]);
    }

    [Fact]
    public void Should_Scale_To_Two_Replicas_With_A_Disruption_Budget_Outside_Dev()
    {
        var (dev, _) = Render();
        var (prod, _) = Render(EnvironmentTier.Prod);

        Assert.Equal(new NumberValue(1), dev.Props("feast-server-deployment").Get("spec.replicas"));
        Assert.False(dev.Program.TryGet("feast-server-pdb", out _));
        Assert.Equal(new NumberValue(2), prod.Props("feast-server-deployment").Get("spec.replicas"));
        Assert.True(prod.Program.TryGet("feast-server-pdb", out _));
    }

    [Fact]
    public void Should_Reject_A_Bucket_The_Repository_Does_Not_Create()
    {
        var scope = LocalComponents.NewScope();
        var artifacts = LocalComponents.Repository(scope);

        var error = Assert.Throws<ArgumentException>(() => new FeatureStore(scope, "feast", new FeatureStoreArgs { Artifacts = artifacts, Bucket = "offline" }));

        Assert.Contains("FeatureStoreArgs.Bucket 'offline'", error.Message);
    }

    [Fact]
    public void Should_Reject_A_Project_Name_Feast_Refuses()
    {
        var scope = LocalComponents.NewScope();
        var artifacts = LocalComponents.Repository(scope);

        var error = Assert.Throws<ArgumentException>(() => new FeatureStore(scope, "feast", new FeatureStoreArgs { Artifacts = artifacts, Project = "supply-chain" }));

        Assert.Contains("FeatureStoreArgs.Project", error.Message);
    }
}
