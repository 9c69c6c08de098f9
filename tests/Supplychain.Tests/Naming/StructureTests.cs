using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Policies.Engine;
using Supplychain.Stacks.Pipeline;
using Supplychain.Stacks.Settings;
using Supplychain.Tests.Support;

namespace Supplychain.Tests.Naming;

/// <summary>Target dispatch and the last line of defence against derived-name collisions.</summary>
public sealed class StructureTests
{
    [Fact]
    public void Should_Dispatch_Every_Target_To_Its_Own_Rendering_Exactly_Once()
    {
        foreach (var target in Enum.GetValues<DeploymentTarget>())
        {
            var calls = new List<string>();

            target.Render(local: () => calls.Add("local"), aws: () => calls.Add("aws"), azure: () => calls.Add("azure"));

            Assert.Equal([target.ToString().ToLowerInvariant()], calls);
        }
    }

    [Fact]
    public void Should_Report_A_Resource_Name_Collision_As_A_Configuration_Error_Naming_Both_Paths()
    {
        // Given a spec that skipped the settings reader's checks: two teams of one name derive the same resources
        var dev = SampleSpecs.Dev();
        var spec = dev with { Teams = [dev.Teams[0], dev.Teams[0] with { GpuQuota = 1 }, dev.Teams[1]] };
        var settings = new StackSettings("dev", "Pulumi.dev.yaml", spec, PolicyConfig.Default, new HashSet<string>());

        // When it is rendered
        var error = Assert.Throws<ConfigurationException>(() => SynthPipeline.Render(settings));

        // Then it is bad input (exit 2), naming the name and both component paths, not a crash
        var single = Assert.Single(error.Errors);
        Assert.Equal("Pulumi.dev.yaml", single.Source);
        Assert.Contains("'teams-fraud-namespace'", single.Message, StringComparison.Ordinal);
        Assert.Contains("teams/fraud/namespace and teams/fraud/namespace", single.Message, StringComparison.Ordinal);
    }
}
