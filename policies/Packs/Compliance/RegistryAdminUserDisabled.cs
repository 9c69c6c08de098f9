using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>CMP048: Azure container registries disable the admin user and anonymous pull; identities pull with AcrPull.</summary>
public sealed class RegistryAdminUserDisabled : PropertyPolicy
{
    public override string Id => "CMP048";
    public override string Pack => "compliance";
    public override string Title => "Container registries must disable the admin user and anonymous pull";
    public override string Rationale =>
        "The admin user is one shared, long-lived password with push rights to every repository, outside Entra ID's audit; anonymous pull serves " +
        "the organisation's model images to anyone.";
    public override string Remediation => "Set adminUserEnabled: false and anonymousPullEnabled: false; grant AcrPull / AcrPush to the kubelet and release identities.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("CC6.1"), Frameworks.Soc2("CC6.2")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_AZURE_137", "CKV_AZURE_138"];

    protected override IReadOnlyList<PropertyCheck> Checks { get; } =
    [
        PropertyCheck.NotEqual(CloudTypes.AzureRegistry, "adminUserEnabled", true),
        PropertyCheck.NotEqual(CloudTypes.AzureRegistry, "anonymousPullEnabled", true),
    ];
}
