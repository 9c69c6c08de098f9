using Supplychain.Policies.Engine;
using Supplychain.Tests.Support;

namespace Supplychain.Tests.Packs;

/// <summary>The components' real output must pass every mandatory lineage and compliance policy; removing lineage must not.</summary>
public sealed class DevStackPackTests
{
    private static IEnumerable<(Policy Policy, Violation Violation)> Mandatory(StackView stack) =>
        PackHarness.Pack("lineage").Concat(PackHarness.Pack("compliance"))
            .Where(p => p.DefaultEnforcement == Enforcement.Mandatory)
            .SelectMany(p => PackHarness.Run(p, stack).Select(v => (p, v)));

    [Fact]
    public void Should_Pass_Every_Mandatory_Policy_On_The_Rendered_Dev_Stack()
    {
        // Given the dev spec rendered by the components
        var stack = PackHarness.SpecStack(SampleSpecs.Dev());
        // When the lineage and compliance packs run
        var findings = Mandatory(stack).Select(f => $"{f.Policy.Id} {f.Violation.Resource} {f.Violation.PropertyPath}: {f.Violation.Message}").ToList();
        // Then nothing mandatory is violated
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    [Fact]
    public void Should_Fail_A_Mandatory_Lineage_Policy_In_Dev_When_A_Model_Loses_Its_Lineage()
    {
        var spec = SampleSpecs.Dev(models: [SampleSpecs.Model(omitLineage: true), SampleSpecs.Model("query-ranker", "search", gpus: 1)]);
        var findings = Mandatory(PackHarness.SpecStack(spec)).ToList();
        Assert.Contains(findings, f => f.Policy.Id.StartsWith("LIN", StringComparison.Ordinal));
    }
}
