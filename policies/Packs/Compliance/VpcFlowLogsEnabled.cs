using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP035: every VPC the stack creates has a flow log (an <c>aws:ec2:FlowLog</c> whose <c>vpcId</c> refers to it). Azure
/// VNet flow logs live on the subscription's Network Watcher, outside this stack, so they are not judged here.
/// </summary>
public sealed class VpcFlowLogsEnabled : ResourcePolicy
{
    public override string Id => "CMP035";
    public override string Pack => "compliance";
    public override string Title => "Every VPC must have a flow log";
    public override string Rationale =>
        "Flow logs are the only record of which addresses talked to the model endpoints, the database and the NAT gateways; without them an " +
        "exfiltration or a lateral move cannot be traced.";
    public override string Remediation => "Add an aws:ec2:FlowLog with vpcId: ${<vpc>.id}, trafficType: ALL and a CloudWatch or S3 destination (Platform renders one).";
    public override Severity Severity => Severity.Medium;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("CC7.2"), Frameworks.CisEks("2.1.1")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV2_AWS_11", "AwsSolutions-VPC7"];

    public override bool JudgesType(string type) => CloudTypes.Is(type, CloudTypes.Vpc);

    public override bool AppliesTo(ResourceView resource, StackView stack) => JudgesType(resource.Type);

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        var logged = stack.OfTypes(type => CloudTypes.Is(type, CloudTypes.FlowLog))
            .Any(f => f.Properties.At("vpcId") is RefValue v && v.Resource == resource.Name || f.Properties.At("vpcId") is UnknownValue);
        if (!logged) yield return new Violation(resource.Name, "flowLog", null, "no flow log records the VPC's traffic");
    }
}
