using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP049: security groups admit no traffic from the whole internet (<c>0.0.0.0/0</c>, <c>::/0</c>) and say why each rule
/// exists: every rule of an <c>aws:ec2:SecurityGroup</c> (and every standalone <c>SecurityGroupRule</c> /
/// <c>vpc:SecurityGroupIngressRule</c>) carries a description; every VPC adopts its default security group with no rules.
/// The data stores' groups admit the cluster's group only.
/// </summary>
public sealed class SecurityGroupRulesScoped : ResourcePolicy
{
    private const string SecurityGroup = "aws:ec2:SecurityGroup";
    private const string SecurityGroupRule = "aws:ec2:SecurityGroupRule";
    private const string IngressRule = "aws:vpc:SecurityGroupIngressRule";
    private const string DefaultSecurityGroup = "aws:ec2:DefaultSecurityGroup";
    private static readonly string[] Anywhere = ["0.0.0.0/0", "::/0"];

    public override string Id => "CMP049";
    public override string Pack => "compliance";
    public override string Title => "Security groups must not admit the internet and every rule must say why it exists";
    public override string Rationale =>
        "The database and cache sit behind security groups; one ingress rule from 0.0.0.0/0 (SSH, RDP, or the database port) undoes the private " +
        "subnets, and a rule nobody can explain is never removed.";
    public override string Remediation =>
        "Admit the cluster's security group (or a VPC CIDR) instead of 0.0.0.0/0, give every ingress and egress rule a description, and adopt each " +
        "VPC's default security group (aws:ec2:DefaultSecurityGroup) with no rules.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("CC6.6"), Frameworks.CisEks("5.4.3")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV2_AWS_12", "CKV_AWS_23", "CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "AwsSolutions-EC23"];

    public override bool JudgesType(string type) => CloudTypes.Is(type, SecurityGroup, SecurityGroupRule, IngressRule, CloudTypes.Vpc);

    public override bool AppliesTo(ResourceView resource, StackView stack) => JudgesType(resource.Type);

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        if (CloudTypes.Is(resource.Type, CloudTypes.Vpc))
        {
            // A new VPC's default group admits all traffic from its own members; adopting it with no rules closes it.
            var closed = stack.OfTypes(type => CloudTypes.Is(type, DefaultSecurityGroup))
                .Any(d => d.Properties.At("vpcId") is RefValue v && v.Resource == resource.Name
                    && d.Properties.At("ingress") is null or ListValue { Count: 0 } && d.Properties.At("egress") is null or ListValue { Count: 0 });
            if (!closed) yield return new Violation(resource.Name, "defaultSecurityGroup", null, "the VPC's default security group is not adopted with no rules");
            yield break;
        }
        if (CloudTypes.Is(resource.Type, SecurityGroup))
        {
            foreach (var direction in new[] { "ingress", "egress" })
            {
                var rules = resource.Properties.At(direction) as ListValue ?? [];
                for (var i = 0; i < rules.Count; i++)
                    if (rules[i] is MapValue rule)
                        foreach (var v in Judge(resource.Name, $"{direction}[{i}]", rule, direction == "ingress", "cidrBlocks", "ipv6CidrBlocks")) yield return v;
            }
            yield break;
        }
        var ingress = CloudTypes.Is(resource.Type, IngressRule) || resource.Properties.At("type")?.ToString() == "ingress";
        foreach (var v in Judge(resource.Name, null, resource.Properties, ingress, "cidrBlocks", "ipv6CidrBlocks", "cidrIpv4", "cidrIpv6")) yield return v;
    }

    private static IEnumerable<Violation> Judge(string resource, string? path, MapValue rule, bool ingress, params string[] cidrKeys)
    {
        string At(string key) => path is null ? key : $"{path}.{key}";
        if (rule.At("description") is null or StringValue { Text: "" })
            yield return new Violation(resource, At("description"), null, "the rule has no description");
        if (!ingress) yield break;
        foreach (var key in cidrKeys)
        {
            var cidrs = rule.At(key) switch { ListValue l => l.Select(c => c.ToString()), StringValue s => [s.Text], _ => [] };
            foreach (var cidr in cidrs.Where(Anywhere.Contains))
                yield return new Violation(resource, At(key), cidr, $"the rule admits the whole internet ({cidr})");
        }
    }
}
