using Supplychain.Policies.Engine;
using Supplychain.Policies.Judging;
using Supplychain.Policies.Reports.Diff;
using Supplychain.Policies.Waivers;
using Supplychain.Tests.PolicyEngine;
using static Supplychain.Tests.PolicyEngine.TestStacks;

namespace Supplychain.Tests.Diff;

public sealed class PolicySetDeltaTests
{
    private static DiffSide Side(params Policy[] policies)
    {
        var report = Policies.Engine.PolicyEngine.Evaluate(Stack(), policies, WaiverSet.Empty, Today) with
        {
            Provenance = new PolicySet(policies, []).Provenance(PolicyConfig.Default),
        };
        return new DiffSide("side", Stack().Resources, report, new MonthlyCostEstimate("2026-10-01", 730m, [], [], []), []);
    }

    [Fact]
    public void Should_Name_A_Policy_Added_Between_Base_And_Head()
    {
        var added = new DescriptionPolicy();
        var diff = StackDiff.Compute(Side(new OwnerLabelPolicy()), Side(new OwnerLabelPolicy(), added), Today);

        var markdown = DiffMarkdown.Write(diff, [], new DiffGates(null, null));

        Assert.True(diff.PolicySet.Changed);
        Assert.Equal([added.Id], diff.PolicySet.Added);
        Assert.Contains("**Policy set changed**", markdown);
        Assert.Contains("added " + added.Id, markdown);
    }

    [Fact]
    public void Should_Say_Nothing_When_The_Policy_Set_Is_The_Same()
    {
        var diff = StackDiff.Compute(Side(new OwnerLabelPolicy()), Side(new OwnerLabelPolicy()), Today);

        Assert.False(diff.PolicySet.Changed);
        Assert.DoesNotContain("Policy set changed", DiffMarkdown.Write(diff, [], new DiffGates(null, null)));
    }
}
