using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP057: outside dev, AKS clusters run the Standard (or Premium) tier, which carries the financially backed uptime SLA of
/// the API server and scales its control plane; the Free tier has neither. Dev may run Free.
/// </summary>
public sealed class AksPaidTierOutsideDev : PropertyPolicy
{
    private static readonly string[] PaidTiers = ["Standard", "Premium"];

    public override string Id => "CMP057";
    public override string Pack => "compliance";
    public override string Title => "AKS clusters outside dev must run the Standard or Premium tier with the uptime SLA";
    public override string Rationale =>
        "On the Free tier the API server has no SLA and a smaller control plane: rollouts, the autoscaler and Argo all stall when it is " +
        "throttled or down, which is a release outage for staging and serving for prod.";
    public override string Remediation => "Set sku: {name: Base, tier: Standard} on the azure-native:containerservice:ManagedCluster (Premium adds long-term support).";
    public override Severity Severity => Severity.Medium;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("A1.1"), Frameworks.Soc2("A1.2")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_AZURE_170"];

    protected override bool AppliesToStack(StackView stack) => stack.Stack.Environment != EnvironmentTier.Dev;

    protected override IReadOnlyList<PropertyCheck> Checks { get; } =
    [
        new(CloudTypes.AzureManagedCluster, "sku.tier", "be Standard or Premium", v => v is StringValue s && PaidTiers.Contains(s.Text, StringComparer.OrdinalIgnoreCase)),
    ];
}
