using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP024: data stores and registries are not reachable from the internet, in every environment: RDS sets
/// <c>publiclyAccessible: false</c>; PostgreSQL flexible server and Azure Cache for Redis disable public network access;
/// storage accounts, Key Vaults and container registries either disable public network access or deny by default in their
/// firewall. (The local target runs its stores in-cluster, where none of these types exist.)
/// </summary>
public sealed class DataStoresNotPubliclyReachable : PropertyPolicy
{
    public override string Id => "CMP024";
    public override string Pack => "compliance";
    public override string Title => "Databases, caches, storage, key vaults and registries must not be reachable from the internet";
    public override string Rationale =>
        "The MLflow database, the feature cache, the artifact store, the key vault and the registry hold the models, their data and " +
        "the keys to both. A public endpoint exposes them to credential spraying and to any leaked key, whatever the password strength.";
    public override string Remediation =>
        "Set publiclyAccessible: false on RDS; network.publicNetworkAccess: Disabled on PostgreSQL flexible servers; publicNetworkAccess: Disabled " +
        "on Redis; on storage accounts, key vaults and registries disable publicNetworkAccess or set the firewall's defaultAction to Deny " +
        "(networkRuleSet / properties.networkAcls) and allow the cluster's subnet or a private endpoint.";
    public override Severity Severity => Severity.Critical;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("CC6.1"), Frameworks.Soc2("CC6.6"), Frameworks.EuAiAct("Art. 15")];
    public override IReadOnlyList<string> PeerEquivalents =>
    [
        "CKV_AWS_17", "CKV_AZURE_139", "CKV_AZURE_35", "CKV_AZURE_59", "CKV_AZURE_109", "CKV_AZURE_189",
        "CKV_AZURE_89", "CKV_AZURE_68", "awsguard:rds-instance-public-access-check"
    ];

    protected override IReadOnlyList<PropertyCheck> Checks { get; } =
    [
        PropertyCheck.Equal(CloudTypes.RdsInstance, "publiclyAccessible", false),
        PropertyCheck.Equal(CloudTypes.AzurePostgresServer, "network.publicNetworkAccess", "Disabled"),
        PropertyCheck.Equal(CloudTypes.AzurePostgresFlexibleServer, "network.publicNetworkAccess", "Disabled"),
        PropertyCheck.Equal(CloudTypes.AzureRedis, "publicNetworkAccess", "Disabled"),
        PropertyCheck.Equal(CloudTypes.AzureRedisV3, "publicNetworkAccess", "Disabled"),
        Firewalled(CloudTypes.AzureStorageAccount, "publicNetworkAccess", "networkRuleSet.defaultAction"),
        Firewalled(CloudTypes.AzureKeyVault, "properties.publicNetworkAccess", "properties.networkAcls.defaultAction"),
        Firewalled(CloudTypes.AzureRegistry, "publicNetworkAccess", "networkRuleSet.defaultAction"),
    ];

    /// <summary>Public access off, or on behind a firewall that denies by default; reported on the firewall's default action.</summary>
    private static PropertyCheck Firewalled(string type, string publicAccessPath, string defaultActionPath) =>
        new(type, defaultActionPath, $"be Deny unless {publicAccessPath} is Disabled", _ => false) { Judge = r =>
            r.At(publicAccessPath) is StringValue { Text: "Disabled" } || r.At(defaultActionPath) is StringValue { Text: "Deny" }
            || r.At(publicAccessPath) is { IsComputed: true } || r.At(defaultActionPath) is { IsComputed: true } };
}
