using Supplychain.Components.Model;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP058: Key Vault keys carry a rotation policy that sets an expiry on every key version (<c>attributes.expiryTime</c>, an
/// ISO 8601 duration) and rotates the key automatically (a lifetime action of type <c>rotate</c>), so no key version lives forever.
/// A duration rather than a date keeps synthesis deterministic.
/// </summary>
public sealed class KeyVaultKeysExpireAndRotate : ResourcePolicy
{
    internal const string KeyVaultKey = "azure-native:keyvault:Key";

    public override string Id => "CMP058";
    public override string Pack => "compliance";
    public override string Title => "Key Vault keys must expire and rotate automatically through a rotation policy";
    public override string Rationale =>
        "Keys never expire by default. The key that wraps the cluster's etcd secrets is the root of their confidentiality: an expiry bounds " +
        "how long one exposed version protects data, and automatic rotation makes the new version exist before the old one expires.";
    public override string Remediation =>
        "Set properties.rotationPolicy: {attributes: {expiryTime: P2Y}, lifetimeActions: [{action: {type: rotate}, trigger: {timeAfterCreate: P1Y}}]} " +
        "on the azure-native:keyvault:Key; clients bound to a key version (AKS KMS keyId) take the new version on the next refresh and update.";
    public override Severity Severity => Severity.Medium;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("CC6.1"), Frameworks.Soc2("CC6.7")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_AZURE_40"];

    public override bool JudgesType(string type) => type == KeyVaultKey;

    public override bool AppliesTo(ResourceView resource, StackView stack) => JudgesType(resource.Type);

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        var policy = resource.Properties.At("properties.rotationPolicy");
        if (policy is { IsComputed: true }) yield break;
        var expiry = (policy as MapValue)?.At("attributes.expiryTime");
        if (expiry is not { IsComputed: true } && expiry is not StringValue { Text: ['P', ..] })
            yield return new Violation(resource.Name, "properties.rotationPolicy.attributes.expiryTime", expiry?.ToString(),
                "the key's versions never expire: its rotation policy sets no expiryTime" + (expiry is null ? "" : $" (it is {expiry}, not an ISO 8601 duration)"));
        var actions = (policy as MapValue)?.At("lifetimeActions") as ListValue ?? [];
        if (!actions.OfType<MapValue>().Any(a => a.At("action.type") is { } t && (t.IsComputed || t.ToString().Equals("Rotate", StringComparison.OrdinalIgnoreCase))))
            yield return new Violation(resource.Name, "properties.rotationPolicy.lifetimeActions", policy is null ? null : actions.ToString(),
                "the key is never rotated automatically: its rotation policy has no rotate lifetime action");
    }
}
