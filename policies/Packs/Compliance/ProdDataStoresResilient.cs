using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP033: in prod, data stores survive a zone failure and refuse deletion: RDS instances are Multi-AZ with deletion
/// protection (clusters: deletion protection); ElastiCache replication groups fail over automatically across zones; storage
/// accounts replicate across zones (ZRS, GZRS, RA-GZRS); PostgreSQL flexible servers run zone-redundant high availability
/// with geo-redundant backups; container registries are zone-redundant.
/// Dev and staging may trade this for cost, so the policy does not apply there.
/// </summary>
public sealed class ProdDataStoresResilient : PropertyPolicy
{
    private static readonly string[] ZoneRedundantSkus = ["Standard_ZRS", "Premium_ZRS", "Standard_GZRS", "Standard_RAGZRS"];

    public override string Id => "CMP033";
    public override string Pack => "compliance";
    public override string Title => "In prod, data stores must survive a zone failure and be protected from deletion";
    public override string Rationale =>
        "The model registry's database, the online feature cache and the artifact store are on the serving path; a single-zone store turns a " +
        "zone outage into a model outage, and a store without deletion protection can be dropped by one mistaken preview.";
    public override string Remediation =>
        "Set multiAz: true and deletionProtection: true on RDS instances (deletionProtection on clusters), automaticFailoverEnabled and multiAzEnabled " +
        "on ElastiCache, sku.name Standard_ZRS (or GZRS) on storage accounts, highAvailability.mode ZoneRedundant on PostgreSQL flexible servers.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("A1.2"), Frameworks.Soc2("A1.3"), Frameworks.EuAiAct("Art. 15")];
    public override IReadOnlyList<string> PeerEquivalents =>
    [
        "CKV_AWS_157", "CKV_AWS_293", "CKV_AWS_139", "CKV_AZURE_233", "CKV_AZURE_136", "AwsSolutions-RDS3",
        "AwsSolutions-RDS10", "AwsSolutions-AEC4"
    ];

    protected override bool AppliesToStack(StackView stack) => stack.Stack.Environment == EnvironmentTier.Prod;

    protected override IReadOnlyList<PropertyCheck> Checks { get; } =
    [
        PropertyCheck.Equal(CloudTypes.RdsInstance, "multiAz", true),
        PropertyCheck.Equal(CloudTypes.RdsInstance, "deletionProtection", true),
        PropertyCheck.Equal(CloudTypes.RdsCluster, "deletionProtection", true),
        PropertyCheck.Equal(CloudTypes.ElastiCacheReplicationGroup, "automaticFailoverEnabled", true),
        PropertyCheck.Equal(CloudTypes.ElastiCacheReplicationGroup, "multiAzEnabled", true),
        new(CloudTypes.AzureStorageAccount, "sku.name", "be zone-redundant (" + string.Join(", ", ZoneRedundantSkus) + ")",
            v => v is StringValue s && ZoneRedundantSkus.Contains(s.Text)),
        PropertyCheck.Equal(CloudTypes.AzurePostgresServer, "highAvailability.mode", "ZoneRedundant"),
        PropertyCheck.Equal(CloudTypes.AzurePostgresFlexibleServer, "highAvailability.mode", "ZoneRedundant"),
        PropertyCheck.Equal(CloudTypes.AzurePostgresServer, "backup.geoRedundantBackup", "Enabled"),
        PropertyCheck.Equal(CloudTypes.AzurePostgresFlexibleServer, "backup.geoRedundantBackup", "Enabled"),
        PropertyCheck.Equal(CloudTypes.AzureRegistry, "zoneRedundancy", "Enabled"),
    ];
}
