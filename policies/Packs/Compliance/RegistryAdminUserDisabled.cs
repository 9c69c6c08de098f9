using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP048: no shared secret opens the registry or the artifact store: Azure container registries disable the admin user and
/// anonymous pull (identities pull with AcrPull); storage accounts refuse account-key (shared key) authorization.
/// </summary>
public sealed class RegistryAdminUserDisabled : PropertyPolicy
{
    public override string Id => "CMP048";
    public override string Pack => "compliance";
    public override string Title => "Registries and storage accounts must refuse shared keys: no admin user, anonymous pull or account-key access";
    public override string Rationale =>
        "The admin user is one shared, long-lived password with push rights to every repository, outside Entra ID's audit; anonymous pull serves " +
        "the organisation's model images to anyone.";
    public override string Remediation =>
        "Set adminUserEnabled: false and anonymousPullEnabled: false on registries and allowSharedKeyAccess: false on storage accounts; grant AcrPull / " +
        "AcrPush and Storage Blob Data roles to the kubelet, workload and release identities.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("CC6.1"), Frameworks.Soc2("CC6.2")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_AZURE_137", "CKV_AZURE_138", "CKV2_AZURE_40"];

    protected override IReadOnlyList<PropertyCheck> Checks { get; } =
    [
        PropertyCheck.NotEqual(CloudTypes.AzureRegistry, "adminUserEnabled", true),
        PropertyCheck.NotEqual(CloudTypes.AzureRegistry, "anonymousPullEnabled", true),
        // Shared key access defaults to on: it must be switched off explicitly.
        PropertyCheck.Equal(CloudTypes.AzureStorageAccount, "allowSharedKeyAccess", false),
    ];
}
