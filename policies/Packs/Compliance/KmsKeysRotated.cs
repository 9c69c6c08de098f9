using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>CMP034: customer-managed KMS keys rotate their key material yearly (<c>enableKeyRotation</c>, off by default).</summary>
public sealed class KmsKeysRotated : PropertyPolicy
{
    public override string Id => "CMP034";
    public override string Pack => "compliance";
    public override string Title => "Customer-managed KMS keys must rotate automatically";
    public override string Rationale =>
        "The stack key encrypts etcd secrets, volumes, buckets, images and databases; rotation limits how much data one exposed key version " +
        "protects and is what auditors look for first under key management.";
    public override string Remediation => "Set enableKeyRotation: true on aws:kms:Key (symmetric keys).";
    public override Severity Severity => Severity.Medium;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("CC6.1"), Frameworks.Soc2("CC6.7")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_AWS_7", "AwsSolutions-KMS5", "awsguard:cmk-backing-key-rotation-enabled"];

    protected override IReadOnlyList<PropertyCheck> Checks { get; } = [PropertyCheck.Equal(CloudTypes.KmsKey, "enableKeyRotation", true)];
}
