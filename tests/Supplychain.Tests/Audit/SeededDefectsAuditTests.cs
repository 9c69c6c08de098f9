using System.Text.Json.Nodes;
using Supplychain.Policies.Importers;

namespace Supplychain.Tests.Audit;

/// <summary>
/// Issue #12's "done when": an audit of a real-format <c>pulumi preview --json</c> seeded with one defect per resource, run
/// without the stack config, finds each defect on the right resource and property.
/// </summary>
public sealed class SeededDefectsAuditTests
{
    private static JsonObject Tags() => new() { ["environment"] = "prod", ["owner"] = "ml-platform", ["cost-center"] = "cc-4120", ["data-classification"] = "confidential" };

    private static JsonObject Step(string type, string name, JsonObject inputs) => new()
    {
        ["op"] = "create",
        ["urn"] = $"urn:pulumi:prod::supplychain::{type}::{name}",
        ["newState"] = new JsonObject
        {
            ["urn"] = $"urn:pulumi:prod::supplychain::{type}::{name}",
            ["custom"] = true,
            ["type"] = type,
            ["inputs"] = inputs,
        },
    };

    private static string SeededPreview() => new JsonObject
    {
        ["config"] = new JsonObject(),
        ["steps"] = new JsonArray(
            Step("aws:rds/instance:Instance", "public-db", new() { ["engine"] = "postgres", ["publiclyAccessible"] = true, ["storageEncrypted"] = true, ["tags"] = Tags() }),
            Step("aws:ecr/repository:Repository", "unscanned-repo", new() { ["imageScanningConfiguration"] = new JsonObject { ["scanOnPush"] = false }, ["tags"] = Tags() }),
            Step("aws:s3/bucket:Bucket", "unblocked-bucket", new() { ["bucket"] = "models-123", ["tags"] = Tags() }),
            Step("azure-native:keyvault:Vault", "open-vault", new()
            {
                ["properties"] = new JsonObject
                {
                    ["publicNetworkAccess"] = "Enabled", ["networkAcls"] = new JsonObject { ["defaultAction"] = "Allow" },
                    ["enablePurgeProtection"] = true, ["enableRbacAuthorization"] = true,
                },
                ["tags"] = Tags(),
            }),
            Step("azure-native:redis:Redis", "plain-redis", new() { ["enableNonSslPort"] = true, ["minimumTlsVersion"] = "1.2", ["publicNetworkAccess"] = "Disabled", ["tags"] = Tags() }),
            Step("azure-native:storage:StorageAccount", "http-storage", new()
            {
                ["enableHttpsTrafficOnly"] = false, ["minimumTlsVersion"] = "TLS1_2", ["publicNetworkAccess"] = "Disabled",
                ["allowBlobPublicAccess"] = false, ["allowSharedKeyAccess"] = false, ["sku"] = new JsonObject { ["name"] = "Standard_ZRS" }, ["tags"] = Tags(),
            }),
            Step("azure-native:containerservice:ManagedCluster", "open-aks", new()
            {
                ["enableRBAC"] = false, ["disableLocalAccounts"] = false, ["tags"] = Tags(),
            }),
            Step("azure-native:containerregistry:Registry", "admin-acr", new() { ["adminUserEnabled"] = true, ["publicNetworkAccess"] = "Disabled", ["tags"] = Tags() }),
            Step("kubernetes:core/v1:Pod", "host-pod", new()
            {
                ["metadata"] = new JsonObject { ["name"] = "debug", ["namespace"] = "default" },
                ["spec"] = new JsonObject
                {
                    ["hostNetwork"] = true,
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "debug", ["image"] = "docker.io/library/busybox:1.36",
                        ["securityContext"] = new JsonObject { ["privileged"] = true },
                    }),
                },
            }),
            Step("aws:eks/nodeGroup:NodeGroup", "warm-p5", new()
            {
                ["instanceTypes"] = new JsonArray("p5.48xlarge"), ["capacityType"] = "ON_DEMAND", ["amiType"] = "AL2023_x86_64_NVIDIA",
                ["scalingConfig"] = new JsonObject { ["minSize"] = 2, ["desiredSize"] = 2, ["maxSize"] = 4 },
                ["labels"] = new JsonObject { ["supplychain.dev/gpu-pool"] = "training" },
                ["tags"] = new JsonObject { ["purpose"] = "training", ["environment"] = "prod" },
            })),
    }.ToJsonString();

    [Theory]
    [InlineData("CMP024", "public-db", "publiclyAccessible")]
    [InlineData("CMP025", "unscanned-repo", "imageScanningConfiguration.scanOnPush")]
    [InlineData("CMP026", "unblocked-bucket", "publicAccessBlock")]
    [InlineData("CMP024", "open-vault", "properties.networkAcls.defaultAction")]
    [InlineData("CMP031", "plain-redis", "enableNonSslPort")]
    [InlineData("CMP031", "http-storage", "enableHttpsTrafficOnly")]
    [InlineData("CMP047", "open-aks", "enableRBAC")]
    [InlineData("CMP047", "open-aks", "disableLocalAccounts")]
    [InlineData("CMP048", "admin-acr", "adminUserEnabled")]
    [InlineData("CMP002", "host-pod", "spec.hostNetwork")]
    [InlineData("CMP002", "host-pod", "spec.containers[0].securityContext.privileged")]
    [InlineData("CMP045", "host-pod", "metadata.namespace")]
    [InlineData("COST011", "warm-p5", "scalingConfig.minSize")]
    [InlineData("COST006", "warm-p5", "capacityType")]
    public void Should_Find_Each_Seeded_Defect_On_Its_Resource_And_Property(string policy, string resource, string property)
    {
        // Given a preview seeded with defects, When it is audited without the stack's config
        var file = AuditHarness.WriteTemp(SeededPreview(), "seeded-preview.json");
        var outcome = AuditHarness.RunAudit(EngineFormat.Preview, file, stack: null);

        // Then the defect is found where it is
        Assert.Contains(outcome.Report.Findings, f => f.PolicyId == policy && f.Resource == resource && f.PropertyPath == property);
    }
}
