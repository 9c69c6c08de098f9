using Moq;
using Supplychain.Stacks.Pipeline;
using Supplychain.Stacks.Settings;
using Supplychain.Tests.CliTests;

namespace Supplychain.Tests.Packs;

/// <summary>
/// Secure by default: every example stack, synthesized with the components' defaults, gets no compliance finding at all,
/// advisory included. A policy the components cannot meet is a component bug, or a reason written into the policy.
/// </summary>
public sealed class ExampleStacksComplianceTests
{
    public static TheoryData<string> Stacks() => SnapshotTests.Stacks();

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Should_Find_Nothing_On_The_Example_Stack_With_The_Component_Defaults(string stack)
    {
        // Given the example stack's own file, When the whole pipeline runs it
        var root = CliHarness.RepoRoot();
        var settings = StackSettingsReader.Read(ConfigSource.FromStackFile(root, stack));
        var clock = new Mock<TimeProvider>();
        clock.Setup(c => c.GetUtcNow()).Returns(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero));
        var outcome = new SynthPipeline(root, PhysicalFileSystem.Instance, clock.Object).Run(settings);

        // Then no compliance policy finds anything, waived or not
        var findings = outcome.Report.Findings.Where(f => f.Pack == "compliance").ToList();
        Assert.True(findings.Count == 0, string.Join("\n", findings.Select(f => $"{f.PolicyId} {f.Resource} {f.PropertyPath}: {f.Message}")));
    }
}
