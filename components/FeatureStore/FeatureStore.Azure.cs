using System.Text;
using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Components.Platform;
using Supplychain.Components.Platform.Azure;

namespace Supplychain.Components.FeatureStore;

/// <summary>
/// Azure: Azure Cache for Redis as the online store (TLS 1.2+ on 6380 only, non-TLS port off, private endpoint outside
/// dev, its access key read by reference and kept in Key Vault), the registry and offline files in the artifact
/// repository's <c>feast</c> blob container (Feast's AzureRegistryStore, authenticated by workload identity with
/// Storage Blob Data Contributor on that container only), and the Feast feature server on AKS.
/// </summary>
public sealed partial class FeatureStore
{
    public const string ServiceAccountName = "feast";
    public const int RedisTlsPort = 6380;
    public const string RedisKeysVariable = "feastRedisKeys";

    public Resource? Cache { get; private set; }

    private partial void RenderAzure()
    {
        var azure = Scope.FoundationAs<AzureFoundation>();
        var ns = Kube.Namespace(Scope, "namespace", Namespace);
        NetworkIsolation.Apply(Scope, Namespace,
            ingressFrom:
            [
                Peer.FromNamespacesLabelled(Labels.PartOf, "supplychain", HttpPort),
                Peer.FromNamespace(PlatformNamespaces.Monitoring, MetricsPort),
            ],
            // Redis (TLS) and blob private endpoints in the VNet; Entra ID token exchange and public endpoints in dev over HTTPS.
            egressTo: [new Peer(null, [RedisTlsPort, 443], azure.Azure.VnetAddressSpace), Peer.Anywhere(RedisTlsPort, 443)]);

        var redisScope = Scope.Child(RedisName);
        var (tier, family, capacity) = ParseRedisSku(azure.Azure.EffectiveRedisSku(Scope.Stack.Environment));
        Cache = redisScope.Add("cache", "azure-native:redis:Redis", new MapValue
        {
            ["resourceGroupName"] = azure.ResourceGroupName,
            ["name"] = azure.GlobalName("redis-", 63),
            ["location"] = azure.Location,
            ["sku"] = new MapValue { ["name"] = tier, ["family"] = family, ["capacity"] = capacity },
            ["enableNonSslPort"] = false,
            ["minimumTlsVersion"] = "1.2",
            ["redisVersion"] = "6",
            ["publicNetworkAccess"] = azure.Dev ? "Enabled" : "Disabled",
            ["tags"] = redisScope.Tags(),
        });
        if (!azure.Dev) azure.PrivateEndpoint(redisScope, "private-endpoint", Cache.Ref("id"), "redisCache", "privatelink.redis.cache.windows.net");

        // The access key is read from ARM at deploy time and only ever flows by reference (Pulumi keeps it secret).
        Scope.Program.AddVariable(RedisKeysVariable, FunctionValue.Invoke("azure-native:redis:listRedisKeys", new MapValue
        {
            ["resourceGroupName"] = azure.ResourceGroupName,
            ["name"] = Cache.Ref("name"),
        }));
        var key = new FunctionValue("fn::secret", new RefValue(RedisKeysVariable, "primaryKey"));
        azure.StoreSecret(redisScope, "keyvault-key", "feast-redis-primary-key", key);
        Kube.Secret(redisScope, "secret", Namespace, RedisSecret, new MapValue { ["password"] = key }, options: new ResourceOptions { DependsOn = [ns.Name] });

        var serverScope = Scope.Child("server");
        var identity = azure.WorkloadIdentity(serverScope, Namespace, ServiceAccountName, [ns.Name]);
        azure.AssignRole(serverScope, "blob-access", identity.Ref("principalId"), "ServicePrincipal",
            AzureRoles.StorageBlobDataContributor, Args.Artifacts.ContainerId(Args.Bucket));

        RenderFeatureServer(serverScope, AzureFeatureStoreYaml(),
        [
            EnvVar.FromSecret("REDIS_PASSWORD", RedisSecret, "password"),
            // The registry and the Redis host are only known after apply.
            new EnvVar("REGISTRY_PATH", new InterpolationValue(Args.Artifacts.BlobEndpoint, $"{Args.Bucket}/registry.db")),
            new EnvVar("REDIS_HOST", Cache.Ref("hostName")),
        ], ServerReplicas, [Cache.Name, serverScope.NameOf("service-account")], serviceAccount: ServiceAccountName,
            podLabels: AzureFoundation.WorkloadIdentityPodLabels);
    }

    /// <summary><c>Standard_C1</c> → (Standard, C, 1).</summary>
    public static (string Tier, string Family, int Capacity) ParseRedisSku(string sku)
    {
        var parts = sku.Split('_');
        return (parts[0], parts[1][..1], int.Parse(parts[1][1..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The repository configuration on Azure. <c>${...}</c> are Feast's own environment substitutions (escaped as
    /// <c>$${</c> by the writer): the registry in blob storage through AzureRegistryStore (DefaultAzureCredential, i.e.
    /// the workload identity), Redis over TLS on 6380.
    /// </summary>
    public string AzureFeatureStoreYaml()
    {
        var sb = new StringBuilder();
        sb.Append($"project: {Args.Project}\n");
        sb.Append("provider: local\n");
        sb.Append("registry:\n");
        sb.Append("  registry_store_type: AzureRegistryStore\n");
        sb.Append("  path: ${REGISTRY_PATH}\n");
        sb.Append("  cache_ttl_seconds: 60\n");
        sb.Append("online_store:\n");
        sb.Append("  type: redis\n");
        sb.Append("  redis_type: redis\n");
        sb.Append($"  connection_string: ${{REDIS_HOST}}:{RedisTlsPort},password=${{REDIS_PASSWORD}},ssl=true\n");
        sb.Append("entity_key_serialization_version: 3\n");
        return sb.ToString();
    }
}
