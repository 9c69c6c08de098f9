using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP019: ECR repositories declare their encryption (<c>encryptionConfigurations</c>, AES256 or KMS), so the choice is on
/// record and a KMS key can be required per environment. Azure Container Registry always encrypts at rest.
/// </summary>
public sealed class RegistriesEncryptedAtRest : PropertyPolicy
{
    public override string Id => "CMP019";
    public override string Pack => "compliance";
    public override string Title => "Image registries must declare encryption at rest";
    public override string Rationale =>
        "Model-serving images embed model weights and code. Declaring the encryption (ideally a customer-managed KMS key) makes " +
        "key ownership and rotation auditable instead of implicit.";
    public override string Remediation => "Set encryptionConfigurations: [{encryptionType: KMS, kmsKey: <key arn>}] on ECR repositories.";
    public override Severity Severity => Severity.Medium;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("CC6.1"), Frameworks.Iso42001("A.6.2.5")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_AWS_136"];

    protected override IReadOnlyList<PropertyCheck> Checks { get; } =
    [
        PropertyCheck.Exists(CloudTypes.EcrRepository, "encryptionConfigurations"),
    ];
}
