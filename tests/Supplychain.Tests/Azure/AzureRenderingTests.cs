using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Components.Platform.Azure;
using Supplychain.Components.ReleasePipeline;
using Supplychain.Components.Yaml;
using Supplychain.Tests.Support;

namespace Supplychain.Tests.Azure;

public sealed class AzureRenderingTests
{
    private const string RoleAssignment = "azure-native:authorization:RoleAssignment";

    [Fact]
    public void Should_Render_Aks_With_Entra_Rbac_Workload_Identity_And_No_Local_Accounts()
    {
        // Given a staging azure stack / When it renders
        var cluster = Assert.Single(AzureSpecs.Render().OfType("azure-native:containerservice:ManagedCluster"));

        // Then the cluster is Entra-integrated, Azure RBAC, OIDC + workload identity, KMS, private outside dev
        var p = cluster.Properties;
        Assert.Equal(new BoolValue(true), p.At("aadProfile.managed"));
        Assert.Equal(new BoolValue(true), p.At("aadProfile.enableAzureRBAC"));
        Assert.Equal(new BoolValue(true), p.At("disableLocalAccounts"));
        Assert.Equal(new BoolValue(true), p.At("oidcIssuerProfile.enabled"));
        Assert.Equal(new BoolValue(true), p.At("securityProfile.workloadIdentity.enabled"));
        Assert.Equal(new BoolValue(true), p.At("securityProfile.azureKeyVaultKms.enabled"));
        Assert.Equal(new BoolValue(true), p.At("apiServerAccessProfile.enablePrivateCluster"));
        Assert.Equal(new StringValue("Standard_D4s_v5"), ((MapValue)((ListValue)p["agentPoolProfiles"])[0])["vmSize"]);
    }

    [Fact]
    public void Should_Allow_Only_Authorized_Ranges_On_A_Public_Dev_Api_Server()
    {
        // Given a dev stack with authorized ranges
        var spec = AzureSpecs.Spec(EnvironmentTier.Dev);
        spec = spec with { Azure = spec.Azure! with { AuthorizedIpRanges = ["203.0.113.0/24"] } };

        // When it renders
        var cluster = Assert.Single(AzureSpecs.Render(spec).OfType("azure-native:containerservice:ManagedCluster"));

        // Then the API server is public but restricted to the ranges
        Assert.Null(cluster.Properties.At("apiServerAccessProfile.enablePrivateCluster"));
        Assert.Equal(new ListValue { "203.0.113.0/24" }, cluster.Properties.At("apiServerAccessProfile.authorizedIPRanges"));
    }

    [Fact]
    public void Should_Render_One_Autoscaling_Agent_Pool_Per_Gpu_Pool_With_The_Gpu_Contract()
    {
        // Given / When
        var pools = AzureSpecs.Render().OfType("azure-native:containerservice:AgentPool").ToDictionary(r => r.Name);

        // Then each pool scales from zero, carries the pool label and the GPU taint; the training pool is spot
        Assert.Equal(["gpu-pools-inference-agent-pool", "gpu-pools-training-agent-pool"], pools.Keys.Order(StringComparer.Ordinal));
        foreach (var pool in pools.Values)
        {
            Assert.Equal(new NumberValue(0), pool.Properties.At("minCount"));
            Assert.Equal(new NumberValue(2), pool.Properties.At("maxCount"));
            Assert.Equal(new ListValue { "nvidia.com/gpu=present:NoSchedule" }, pool.Properties.At("nodeTaints"));
        }
        Assert.Equal(new StringValue("training"), pools["gpu-pools-training-agent-pool"].Properties.At("nodeLabels[\"supplychain.dev/gpu-pool\"]") ?? ((MapValue)pools["gpu-pools-training-agent-pool"].Properties["nodeLabels"])["supplychain.dev/gpu-pool"]);
        Assert.Equal(new StringValue("Spot"), pools["gpu-pools-training-agent-pool"].Properties.At("scaleSetPriority"));
        Assert.Equal(new StringValue("Delete"), pools["gpu-pools-training-agent-pool"].Properties.At("scaleSetEvictionPolicy"));
        Assert.Null(pools["gpu-pools-inference-agent-pool"].Properties.At("scaleSetPriority"));
    }

    [Fact]
    public void Should_Trust_Only_The_Configured_Repository_And_Branch_For_Releases()
    {
        // Given / When
        var program = AzureSpecs.Render();
        var credential = Assert.Single(program.Resources, r => r.Name == "release-ci-github-federation");

        // Then the subject names the repository and branch, with GitHub's issuer and the token-exchange audience
        Assert.Equal(new StringValue("repo:acme-ml/ml-platform:ref:refs/heads/main"), credential.Properties.At("subject"));
        Assert.Equal(new StringValue(ReleasePipeline.GitHubIssuer), credential.Properties.At("issuer"));
        Assert.Equal(new ListValue { "api://AzureADTokenExchange" }, credential.Properties.At("audiences"));
    }

    [Fact]
    public void Should_Scope_Every_Role_Assignment_To_One_Resource()
    {
        // Given / When
        var assignments = AzureSpecs.Render().OfType(RoleAssignment).ToDictionary(r => r.Name, r => (Role: Guid(r), Scope: r.Properties.At("scope")));

        // Then CI pushes to the registry and writes the model container only; workloads reach their own container only
        Assert.Equal((AzureRoles.AcrPush, new RefValue("artifacts-acr-registry", "id")), Pair(assignments["release-ci-acr-push"]));
        Assert.Equal((AzureRoles.StorageBlobDataContributor, new RefValue("artifacts-storage-container-models", "id")), Pair(assignments["release-ci-models-write"]));
        Assert.Equal((AzureRoles.StorageBlobDataContributor, new RefValue("artifacts-storage-container-models", "id")), Pair(assignments["mlflow-server-blob-access"]));
        Assert.Equal((AzureRoles.StorageBlobDataContributor, new RefValue("artifacts-storage-container-feast", "id")), Pair(assignments["feast-server-blob-access"]));
        Assert.Equal((AzureRoles.AcrPull, new RefValue("artifacts-acr-registry", "id")), Pair(assignments["artifacts-acr-kubelet-acrpull"]));
        // and no assignment targets a subscription or resource group
        Assert.All(assignments.Values, a => Assert.IsType<RefValue>(a.Scope));
    }

    [Fact]
    public void Should_Federate_Workload_Identities_To_Their_Service_Accounts()
    {
        // Given / When
        var program = AzureSpecs.Render();

        // Then MLflow and Feast trust exactly their own service account
        Assert.Equal(new StringValue("system:serviceaccount:mlflow:mlflow"), program.Get("mlflow-server-federated-credential").Properties.At("subject"));
        Assert.Equal(new StringValue("system:serviceaccount:feast:feast"), program.Get("feast-server-federated-credential").Properties.At("subject"));
    }

    [Fact]
    public void Should_Keep_Data_Stores_Private_Encrypted_And_Backed_Up_In_Prod()
    {
        // Given a prod stack / When it renders
        var program = AzureSpecs.Render(AzureSpecs.Spec(EnvironmentTier.Prod));

        // Then
        var registry = Assert.Single(program.OfType("azure-native:containerregistry:Registry")).Properties;
        Assert.Equal(new StringValue("Premium"), registry.At("sku.name"));
        Assert.Equal(new BoolValue(false), registry.At("adminUserEnabled"));
        Assert.Equal(new StringValue("Disabled"), registry.At("publicNetworkAccess"));
        var storage = Assert.Single(program.OfType("azure-native:storage:StorageAccount")).Properties;
        Assert.Equal(new BoolValue(false), storage.At("allowBlobPublicAccess"));
        Assert.Equal(new BoolValue(false), storage.At("allowSharedKeyAccess"));
        Assert.Equal(new StringValue("TLS1_2"), storage.At("minimumTlsVersion"));
        Assert.Equal(new BoolValue(true), Assert.Single(program.OfType("azure-native:storage:BlobServiceProperties")).Properties.At("isVersioningEnabled"));
        var postgres = Assert.Single(program.OfType("azure-native:dbforpostgresql:Server")).Properties;
        Assert.Equal(new StringValue("ZoneRedundant"), postgres.At("highAvailability.mode"));
        Assert.Equal(new NumberValue(35), postgres.At("backup.backupRetentionDays"));
        Assert.Equal(new StringValue("Disabled"), postgres.At("network.publicNetworkAccess"));
        var redis = Assert.Single(program.OfType("azure-native:redis:Redis")).Properties;
        Assert.Equal(new BoolValue(false), redis.At("enableNonSslPort"));
        Assert.Equal(new StringValue("1.2"), redis.At("minimumTlsVersion"));
        var vault = Assert.Single(program.OfType("azure-native:keyvault:Vault")).Properties;
        Assert.Equal(new BoolValue(true), vault.At("properties.enableRbacAuthorization"));
        Assert.Equal(new BoolValue(true), vault.At("properties.enablePurgeProtection"));
    }

    [Fact]
    public void Should_Declare_A_Budget_At_The_Stacks_Amount_With_Notifications()
    {
        // Given / When
        var budget = Assert.Single(AzureSpecs.Render().OfType("azure-native:consumption:Budget")).Properties;

        // Then
        Assert.Equal(new NumberValue(2500m), budget.At("amount"));
        Assert.Equal(4, ((MapValue)budget["notifications"]).Count);
    }

    [Fact]
    public void Should_Change_No_Unrelated_Resource_When_One_Model_Changes()
    {
        // Given two renders differing in one model's version
        var before = AzureSpecs.Render();
        var changed = SampleSpecs.Model() with { Version = "1.5.0" };
        var after = AzureSpecs.Render(AzureSpecs.Spec(EnvironmentTier.Staging, changed, SampleSpecs.Model("query-ranker", "search", gpus: 1)));

        // Then the same resources exist, and only the changed model's resources differ
        Assert.Equal(before.Resources.Select(r => r.Name), after.Resources.Select(r => r.Name));
        var differing = before.Resources.Where(r => Yaml(r) != Yaml(after.Get(r.Name))).Select(r => r.Name).ToList();
        Assert.NotEmpty(differing);
        Assert.All(differing, name => Assert.StartsWith("models-fraud-detector-", name));
    }

    private static string Yaml(Resource r) => PulumiYamlWriter.WriteFragment(r.Properties);

    private static string Guid((string Role, Value? Scope) a) => a.Role;

    private static (string, Value?) Pair((string Role, Value? Scope) a) => (a.Role, a.Scope);

    private static string Guid(Resource r) => ((InterpolationValue)r.Properties["roleDefinitionId"]).Parts[^1].ToString()!.Split('/')[^1];
}
