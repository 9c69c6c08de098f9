using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP032: Key Vaults keep deleted keys recoverable: soft delete on (not switched off) and purge protection on, and use
/// Azure RBAC rather than access policies. The vault's network exposure is CMP024's.
/// </summary>
public sealed class KeyVaultsRecoverable : PropertyPolicy
{
    public override string Id => "CMP032";
    public override string Pack => "compliance";
    public override string Title => "Key Vaults must have soft delete and purge protection and use RBAC authorization";
    public override string Rationale =>
        "The vault holds the cluster's KMS key and the database password; a purged key makes every etcd secret and backup unreadable. Purge " +
        "protection turns a deletion (by mistake or by an attacker) into a recoverable event.";
    public override string Remediation => "Set properties.enablePurgeProtection: true, leave enableSoftDelete true, and set enableRbacAuthorization: true.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("A1.2"), Frameworks.Soc2("CC6.1"), Frameworks.CisAks("3.1")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_AZURE_42", "CKV_AZURE_110"];

    protected override IReadOnlyList<PropertyCheck> Checks { get; } =
    [
        PropertyCheck.Equal(CloudTypes.AzureKeyVault, "properties.enablePurgeProtection", true),
        PropertyCheck.NotEqual(CloudTypes.AzureKeyVault, "properties.enableSoftDelete", false),
        PropertyCheck.Equal(CloudTypes.AzureKeyVault, "properties.enableRbacAuthorization", true),
    ];
}
