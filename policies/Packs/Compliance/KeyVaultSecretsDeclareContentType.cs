using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>CMP059: Key Vault secrets declare what they hold (<c>properties.contentType</c>), so rotation tooling and reviewers can tell a password from a connection string.</summary>
public sealed class KeyVaultSecretsDeclareContentType : PropertyPolicy
{
    private const string KeyVaultSecret = "azure-native:keyvault:Secret";

    public override string Id => "CMP059";
    public override string Pack => "compliance";
    public override string Title => "Key Vault secrets must declare a content type";
    public override string Rationale =>
        "A secret's value is never shown, so its content type is the only description of what it is; rotation runbooks and access reviews " +
        "rely on it to know how a secret is used and what breaks when it changes.";
    public override string Remediation => "Set properties.contentType on the azure-native:keyvault:Secret (e.g. text/plain for a password).";
    public override Severity Severity => Severity.Low;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("CC6.1")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_AZURE_114"];

    protected override IReadOnlyList<PropertyCheck> Checks { get; } = [PropertyCheck.Exists(KeyVaultSecret, "properties.contentType")];
}
