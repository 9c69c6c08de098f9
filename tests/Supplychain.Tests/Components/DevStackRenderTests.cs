using Supplychain.Components.Yaml;
using Supplychain.Tests.Support;

namespace Supplychain.Tests.ComponentTests;

public sealed class DevStackRenderTests
{
    /// <summary>
    /// Renders the dev-shaped spec twice. Set SUPPLYCHAIN_DUMP_YAML to a path to keep the program, e.g. to run
    /// <c>../shared/tools/pulumi-typecheck/run</c> on it by hand.
    /// </summary>
    [Fact]
    public void Should_Render_The_Dev_Stack_Byte_Identically()
    {
        var first = PulumiYamlWriter.Write(SampleSpecs.Render(SampleSpecs.Dev()));
        var second = PulumiYamlWriter.Write(SampleSpecs.Render(SampleSpecs.Dev()));

        Assert.Equal(first, second);
        Assert.Contains("kind: Rollout", first);
        Assert.Contains("kind: AnalysisTemplate", first);
        Assert.Contains("kind: PrometheusRule", first);
        if (Environment.GetEnvironmentVariable("SUPPLYCHAIN_DUMP_YAML") is { Length: > 0 } path) File.WriteAllText(path, first);
    }
}
