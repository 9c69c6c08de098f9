using Supplychain.Components.Domain;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP016: outside dev the Kubernetes API and the image registry are not reachable from the internet: EKS sets
/// <c>vpcConfig.endpointPublicAccess: false</c> (AWS defaults it to true), AKS is a private cluster, ACR disables public network access.
/// </summary>
public sealed class PrivateEndpointsOutsideDev : PropertyPolicy
{
    public override string Id => "CMP016";
    public override string Pack => "compliance";
    public override string Title => "Outside dev, cluster API endpoints and registries must not be publicly reachable";
    public override string Rationale =>
        "A public API server or registry endpoint is one leaked credential away from the whole supply chain, and is probed " +
        "continuously. Private endpoints keep them reachable only from the network that needs them.";
    public override string Remediation =>
        "Set vpcConfig.endpointPublicAccess: false (and endpointPrivateAccess: true) on EKS, apiServerAccessProfile.enablePrivateCluster: true " +
        "on AKS, publicNetworkAccess: Disabled on Azure container registries.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls =>
        [Frameworks.CisEks("5.4.2"), Frameworks.CisAks("5.4.2"), Frameworks.Soc2("CC6.6")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_AWS_39", "CKV_AWS_38", "CKV_AZURE_115", "CKV_AZURE_6", "AwsSolutions-EKS1"];

    protected override bool AppliesToStack(StackView stack) => stack.Stack.Environment != EnvironmentTier.Dev;

    protected override IReadOnlyList<PropertyCheck> Checks { get; } =
    [
        PropertyCheck.Equal(CloudTypes.EksCluster, "vpcConfig.endpointPublicAccess", false),
        PropertyCheck.Equal(CloudTypes.AzureManagedCluster, "apiServerAccessProfile.enablePrivateCluster", true),
        PropertyCheck.Equal(CloudTypes.AzureRegistry, "publicNetworkAccess", "Disabled"),
    ];
}
