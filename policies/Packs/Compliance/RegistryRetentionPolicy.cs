using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP060: Premium container registries purge untagged manifests after a retention period (<c>policies.retentionPolicy.status:
/// enabled</c>). Retention is a Premium feature: a Basic or Standard registry cannot set it and is not applicable.
/// </summary>
public sealed class RegistryRetentionPolicy : ResourcePolicy
{
    public override string Id => "CMP060";
    public override string Pack => "compliance";
    public override string Title => "Premium container registries must purge untagged manifests with a retention policy";
    public override string Rationale =>
        "Every overwritten tag leaves an untagged manifest behind: unscanned, unreferenced image layers that keep old vulnerable packages " +
        "pullable by digest and grow storage without bound.";
    public override string Remediation =>
        "Set policies.retentionPolicy: {status: enabled, days: 30} on the azure-native:containerregistry:Registry (Premium SKU); digests in use stay pullable for the retention period.";
    public override Severity Severity => Severity.Low;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("CC7.1"), Frameworks.Soc2("CC8.1")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_AZURE_167"];

    public override bool JudgesType(string type) => CloudTypes.Is(type, CloudTypes.AzureRegistry);

    public override bool AppliesTo(ResourceView resource, StackView stack) =>
        CloudTypes.Is(resource.Type, CloudTypes.AzureRegistry) && resource.Properties.At("sku.name") is StringValue { Text: var sku }
        && sku.Equals("Premium", StringComparison.OrdinalIgnoreCase);

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        var status = resource.Properties.At("policies.retentionPolicy.status");
        if (status is { IsComputed: true } || status is StringValue s && s.Text.Equals("enabled", StringComparison.OrdinalIgnoreCase)) yield break;
        yield return new Violation(resource.Name, "policies.retentionPolicy.status", status?.ToString(),
            "untagged manifests are kept forever: the registry's retention policy is not enabled" + (status is null ? " (it is not set)" : $" (it is {status})"));
    }
}
