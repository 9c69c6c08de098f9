using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Components.Platform.Azure;

namespace Supplychain.Components.ArtifactRepository;

/// <summary>
/// Azure: an Azure Container Registry for serving images and a Storage account (one blob container per bucket) for model
/// artifacts and the feature store. No keys exist: the admin user and shared-key access are off, AKS pulls with its
/// kubelet identity (AcrPull on the registry), workloads and CI get Entra ID roles on single containers.
/// Outside dev both are reachable only through private endpoints in the VNet.
/// </summary>
public sealed partial class ArtifactRepository
{
    /// <summary>
    /// The registry SKU per environment: Premium outside dev, because only Premium has private endpoints (public network
    /// access must be off, CMP016), the untagged-manifest retention policy and export controls; Standard in dev, which is
    /// reached over its public endpoint and needs neither (a third of the price).
    /// </summary>
    public static string RegistrySku(EnvironmentTier environment) => environment == EnvironmentTier.Dev ? "Standard" : "Premium";

    public Resource? Registry { get; private set; }
    public Resource? StorageAccount { get; private set; }
    private readonly Dictionary<string, Resource> _containers = new(StringComparer.Ordinal);

    /// <summary>The resource id of a bucket's blob container: the scope of role assignments on it.</summary>
    public RefValue ContainerId(string bucket) =>
        _containers.TryGetValue(bucket, out var c) ? c.Ref("id") : throw new ArgumentException($"'{bucket}' is not a bucket of {Scope.Path}");

    /// <summary>The blob endpoint of the storage account (<c>https://NAME.blob.core.windows.net/</c>).</summary>
    public RefValue BlobEndpoint => StorageAccount?.Ref("primaryEndpoints.blob") ?? throw new InvalidOperationException("no storage account on this target");

    public RefValue StorageAccountName => StorageAccount?.Ref("name") ?? throw new InvalidOperationException("no storage account on this target");

    private partial void RenderAzure()
    {
        var azure = Scope.FoundationAs<AzureFoundation>();
        RenderRegistry(azure);
        RenderStorage(azure);
    }

    private void RenderRegistry(AzureFoundation azure)
    {
        var scope = Scope.Child("acr");
        var sku = RegistrySku(Scope.Stack.Environment);
        var premium = sku == "Premium";
        var props = new MapValue
        {
            ["resourceGroupName"] = azure.ResourceGroupName,
            ["registryName"] = azure.GlobalName("acr", 50),
            ["location"] = azure.Location,
            ["sku"] = new MapValue { ["name"] = sku },
            // No shared admin password: every push and pull is an Entra ID identity with a role on this registry.
            ["adminUserEnabled"] = false,
            ["anonymousPullEnabled"] = false,
            ["publicNetworkAccess"] = azure.Dev ? "Enabled" : "Disabled",
            ["networkRuleBypassOptions"] = "AzureServices",
            ["tags"] = scope.Tags(),
        };
        if (premium)
        {
            props["policies"] = new MapValue
            {
                // Untagged manifests (overwritten tags) are kept 30 days, then purged: digests in use stay pullable meanwhile.
                ["retentionPolicy"] = new MapValue { ["days"] = 30, ["status"] = "enabled" },
                // Images may not be exported out of the private registry (requires public network access off).
                ["exportPolicy"] = new MapValue { ["status"] = azure.Dev ? "enabled" : "disabled" },
            };
            props["zoneRedundancy"] = azure.Prod ? "Enabled" : "Disabled";
        }
        Registry = scope.Add("registry", "azure-native:containerregistry:Registry", props, new ResourceOptions { Protect = azure.Prod });
        azure.AssignRole(scope, "kubelet-acrpull", azure.KubeletObjectId, "ServicePrincipal", Platform.Azure.AzureRoles.AcrPull, Registry.Ref("id"));
        if (!azure.Dev) azure.PrivateEndpoint(scope, "private-endpoint", Registry.Ref("id"), "registry", "privatelink.azurecr.io");

        RegistryHost = "";
        RegistryEndpoint = new InterpolationValue("https://", Registry.Ref("loginServer"));
    }

    private void RenderStorage(AzureFoundation azure)
    {
        var scope = Scope.Child("storage");
        StorageAccount = scope.Add("account", "azure-native:storage:StorageAccount", new MapValue
        {
            ["resourceGroupName"] = azure.ResourceGroupName,
            ["accountName"] = azure.GlobalName("st", 24),
            ["location"] = azure.Location,
            ["kind"] = "StorageV2",
            // Prod keeps artifacts through a zone loss (ZRS, CMP033); elsewhere LRS, as versioning and soft delete keep
            // them through mistakes and the lineage records the digest.
            ["sku"] = new MapValue { ["name"] = azure.Prod ? "Standard_ZRS" : "Standard_LRS" },
            ["accessTier"] = "Hot",
            ["allowBlobPublicAccess"] = false,
            // Entra ID only: no account keys, no SAS signed with them.
            ["allowSharedKeyAccess"] = false,
            ["defaultToOAuthAuthentication"] = true,
            ["allowCrossTenantReplication"] = false,
            ["minimumTlsVersion"] = "TLS1_2",
            ["enableHttpsTrafficOnly"] = true,
            ["publicNetworkAccess"] = azure.Dev ? "Enabled" : "Disabled",
            ["networkRuleSet"] = new MapValue { ["defaultAction"] = azure.Dev ? "Allow" : "Deny", ["bypass"] = "AzureServices" },
            ["encryption"] = new MapValue
            {
                ["keySource"] = "Microsoft.Storage",
                ["requireInfrastructureEncryption"] = true,
                ["services"] = new MapValue { ["blob"] = new MapValue { ["enabled"] = true, ["keyType"] = "Account" } },
            },
            ["tags"] = scope.Tags(),
        }, new ResourceOptions { Protect = azure.Prod });

        var retentionDays = azure.Prod ? 30 : 7;
        scope.Add("blob-service", "azure-native:storage:BlobServiceProperties", new MapValue
        {
            ["resourceGroupName"] = azure.ResourceGroupName,
            ["accountName"] = StorageAccount.Ref("name"),
            ["blobServicesName"] = "default",
            // Every overwritten or deleted model artifact stays recoverable: the digest in the lineage keeps its bytes.
            ["isVersioningEnabled"] = true,
            ["changeFeed"] = new MapValue { ["enabled"] = true },
            ["deleteRetentionPolicy"] = new MapValue { ["enabled"] = true, ["days"] = retentionDays },
            ["containerDeleteRetentionPolicy"] = new MapValue { ["enabled"] = true, ["days"] = retentionDays },
        });
        foreach (var bucket in new[] { Args.ModelBucket }.Concat(Args.ExtraBuckets).Distinct(StringComparer.Ordinal))
        {
            _containers[bucket] = scope.Add("container-" + bucket, "azure-native:storage:BlobContainer", new MapValue
            {
                ["resourceGroupName"] = azure.ResourceGroupName,
                ["accountName"] = StorageAccount.Ref("name"),
                ["containerName"] = bucket,
                ["publicAccess"] = "None",
            }, new ResourceOptions { Protect = azure.Prod }); // model artifacts and lineage evidence live here
        }
        if (!azure.Dev) azure.PrivateEndpoint(scope, "private-endpoint", StorageAccount.Ref("id"), "blob", "privatelink.blob.core.windows.net");

        ObjectStoreEndpoint = "";
        _objectStoreOutput = BlobEndpoint;
    }
}
