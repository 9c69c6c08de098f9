using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Components.Platform;
using Supplychain.Components.Platform.Azure;
using RandomPw = Supplychain.Components.Random.RandomPassword;

namespace Supplychain.Components.MlflowTracking;

/// <summary>
/// Azure: the backend store is an Azure Database for PostgreSQL flexible server with private access only (delegated
/// subnet + private DNS zone), TLS required, 7-day backups (35 and geo-redundant in prod, zone-redundant HA in prod)
/// and a generated admin password kept in Key Vault. The tracking server runs on AKS as in the local rendering, and
/// reaches its blob container with workload identity (Storage Blob Data Contributor on that container only): no keys.
/// </summary>
public sealed partial class MlflowTracking
{
    public const string ServiceAccountName = "mlflow";
    private const string AdminUser = "mlflowadmin";

    public Resource? Server { get; private set; }

    private partial void RenderAzure()
    {
        var azure = Scope.FoundationAs<AzureFoundation>();
        var artifacts = Args.Artifacts;
        var ns = Kube.Namespace(Scope, "namespace", Namespace);
        NetworkIsolation.Apply(Scope, Namespace,
            ingressFrom: [Peer.FromNamespacesLabelled(Labels.PartOf, "supplychain", HttpPort)],
            // PostgreSQL and the blob private endpoint are VNet addresses, Entra ID token exchange is public HTTPS.
            egressTo: [new Peer(null, [PostgresPort, 443], azure.Azure.VnetAddressSpace), Peer.Anywhere(443)]);

        var database = RenderFlexibleServer(azure);
        var dbScope = Scope.Child("database");
        var password = dbScope.Program.Get(dbScope.NameOf("password"));
        Kube.Secret(dbScope, "secret", Namespace, DatabaseSecret, new MapValue
        {
            ["username"] = AdminUser,
            ["password"] = RandomPw.Result(password),
        }, options: new ResourceOptions { DependsOn = [ns.Name] });

        var serverScope = Scope.Child("server");
        var identity = azure.WorkloadIdentity(serverScope, Namespace, ServiceAccountName, [ns.Name]);
        azure.AssignRole(serverScope, "blob-access", identity.Ref("principalId"), "ServicePrincipal",
            AzureRoles.StorageBlobDataContributor, artifacts.ContainerId(artifacts.ModelBucket));

        RenderTrackingServer(serverScope,
            new InterpolationValue($"postgresql://{AdminUser}:$(DB_PASSWORD)@", Server!.Ref("fullyQualifiedDomainName"), $":{PostgresPort}/{DatabaseName}?sslmode=require"),
            new InterpolationValue($"wasbs://{artifacts.ModelBucket}@", artifacts.StorageAccountName, ".blob.core.windows.net/mlflow"),
        [
            EnvVar.FromSecret("DB_PASSWORD", DatabaseSecret, "password"),
            // The Azure blob artifact repository falls back to DefaultAzureCredential, which picks up the federated
            // token the workload identity webhook projects (AZURE_CLIENT_ID, AZURE_FEDERATED_TOKEN_FILE).
            new EnvVar("AZURE_STORAGE_ACCOUNT", artifacts.StorageAccountName),
        ], [database.Name, serverScope.NameOf("service-account")], serviceAccount: ServiceAccountName,
            podLabels: AzureFoundation.WorkloadIdentityPodLabels);
    }

    /// <summary>Burstable SKUs (B*) cannot run high availability; the tier follows the SKU family.</summary>
    public static string PostgresTier(string sku) =>
        sku.StartsWith("Standard_B", StringComparison.Ordinal) ? "Burstable"
        : sku.StartsWith("Standard_E", StringComparison.Ordinal) ? "MemoryOptimized" : "GeneralPurpose";

    private Resource RenderFlexibleServer(AzureFoundation azure)
    {
        var scope = Scope.Child("database");
        var env = Scope.Stack.Environment;
        var sku = azure.Azure.EffectivePostgresSku(env);
        var tier = PostgresTier(sku);
        var password = RandomPw.Create(scope, "password", length: 40);
        var zoneName = $"supplychain-{azure.StackToken}.private.postgres.database.azure.com";
        var zone = azure.DnsZone(zoneName);
        var ha = azure.Prod && tier != "Burstable";
        Server = scope.Add("server", "azure-native:dbforpostgresql:Server", new MapValue
        {
            ["resourceGroupName"] = azure.ResourceGroupName,
            ["serverName"] = azure.GlobalName("psql-", 63),
            ["location"] = azure.Location,
            ["version"] = "16",
            ["administratorLogin"] = AdminUser,
            ["administratorLoginPassword"] = RandomPw.Result(password),
            ["sku"] = new MapValue { ["name"] = sku, ["tier"] = tier },
            ["storage"] = new MapValue { ["storageSizeGB"] = 32, ["autoGrow"] = "Enabled" },
            ["backup"] = new MapValue
            {
                ["backupRetentionDays"] = azure.Prod ? 35 : 7,
                ["geoRedundantBackup"] = azure.Prod ? "Enabled" : "Disabled",
            },
            ["highAvailability"] = new MapValue { ["mode"] = ha ? "ZoneRedundant" : "Disabled" },
            ["network"] = new MapValue
            {
                ["delegatedSubnetResourceId"] = azure.DatabaseSubnetId,
                ["privateDnsZoneArmResourceId"] = zone.Ref("id"),
                ["publicNetworkAccess"] = "Disabled",
            },
            ["authConfig"] = new MapValue { ["passwordAuth"] = "Enabled", ["activeDirectoryAuth"] = "Disabled" },
            ["tags"] = scope.Tags(),
        }, new ResourceOptions { DependsOn = [azure.DnsZoneLink(zoneName).Name], Protect = azure.Prod, IgnoreChanges = ["highAvailability.standbyAvailabilityZone", "availabilityZone"] });
        var db = scope.Add("mlflow-database", "azure-native:dbforpostgresql:Database", new MapValue
        {
            ["resourceGroupName"] = azure.ResourceGroupName,
            ["serverName"] = Server.Ref("name"),
            ["databaseName"] = DatabaseName,
            ["charset"] = "UTF8",
            ["collation"] = "en_US.utf8",
        });
        azure.StoreSecret(scope, "keyvault-password", "mlflow-postgres-admin-password", RandomPw.Result(password));
        return db;
    }
}
