using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP018: managed databases and caches encrypt at rest: RDS instances and clusters set <c>storageEncrypted</c>, ElastiCache
/// replication groups <c>atRestEncryptionEnabled</c> (both default to off). Azure Database for PostgreSQL and Azure Cache for
/// Redis encrypt at rest unconditionally, so they need no setting. In-cluster stores on PVCs cannot prove encryption here.
/// </summary>
public sealed class DataStoresEncryptedAtRest : PropertyPolicy
{
    public override string Id => "CMP018";
    public override string Pack => "compliance";
    public override string Title => "Managed databases and caches must be encrypted at rest";
    public override string Rationale =>
        "The metadata store holds experiment, lineage and feature data, often personal; unencrypted volumes and snapshots leak it " +
        "to anyone who obtains a disk or a snapshot copy.";
    public override string Remediation => "Set storageEncrypted: true on RDS instances/clusters and atRestEncryptionEnabled: true on ElastiCache replication groups.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("CC6.1"), Frameworks.Soc2("CC6.7"), Frameworks.EuAiAct("Art. 15")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_AWS_16", "CKV_AWS_29", "CKV_AWS_191", "AwsSolutions-RDS2", "awsguard:rds-storage-encrypted"];

    protected override IReadOnlyList<PropertyCheck> Checks { get; } =
    [
        PropertyCheck.Equal(CloudTypes.RdsInstance, "storageEncrypted", true),
        PropertyCheck.Equal(CloudTypes.RdsCluster, "storageEncrypted", true),
        PropertyCheck.Equal(CloudTypes.ElastiCacheReplicationGroup, "atRestEncryptionEnabled", true),
    ];
}
