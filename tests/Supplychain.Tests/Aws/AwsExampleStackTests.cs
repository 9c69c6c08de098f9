using Moq;
using Supplychain.Components.Domain;
using Supplychain.Stacks.Pipeline;
using Supplychain.Stacks.Settings;

namespace Supplychain.Tests.Aws;

/// <summary>The repository's AWS example stacks, read from their files and run through the whole pipeline (settings, components, cost, policies).</summary>
public sealed class AwsExampleStackTests
{
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Infra.sln"))) return dir.FullName;
        throw new InvalidOperationException("Infra.sln not found above the test directory");
    }

    private static SynthOutcome Synth(string stack)
    {
        var root = RepositoryRoot();
        var settings = StackSettingsReader.Read(ConfigSource.FromStackFile(root, stack));
        var clock = new Mock<TimeProvider>();
        clock.Setup(c => c.GetUtcNow()).Returns(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero));
        return new SynthPipeline(root, PhysicalFileSystem.Instance, clock.Object).Run(settings);
    }

    [Theory]
    [InlineData("staging-aws", EnvironmentTier.Staging)]
    [InlineData("prod-aws", EnvironmentTier.Prod)]
    public void Should_Pass_Every_Mandatory_Policy_On_The_Example_Stack(string stack, EnvironmentTier env)
    {
        var outcome = Synth(stack);
        Assert.Equal(DeploymentTarget.Aws, outcome.Settings.Spec.Stack.Target);
        Assert.Equal(env, outcome.Settings.Spec.Stack.Environment);
        Assert.True(outcome.Report.Passed, string.Join("\n", outcome.Report.Blocking.Select(f => $"{f.PolicyId} {f.Resource}: {f.Message}")));
    }

    [Theory]
    [InlineData("staging-aws")]
    [InlineData("prod-aws")]
    public void Should_Price_Everything_From_The_Catalog_Within_The_Budget(string stack)
    {
        var outcome = Synth(stack);
        Assert.Empty(outcome.Cost.Unpriced);
        Assert.True(outcome.Cost.MaxUsd <= outcome.Settings.Spec.Budget!.MonthlyUsd, $"max {outcome.Cost.MaxUsd} over budget {outcome.Settings.Spec.Budget.MonthlyUsd}");
        Assert.Contains(outcome.Cost.Lines, l => l.Resource == "gpu-pools-training-node-group" && l.Item.Contains("(spot)", StringComparison.Ordinal));
        Assert.Contains(outcome.Cost.Lines, l => l.Resource == "platform-eks-cluster");
    }

    [Fact]
    public void Should_Keep_Several_Teams_Training_And_Inference_Pools_And_Approved_Models_In_Prod()
    {
        var spec = Synth("prod-aws").Settings.Spec;
        Assert.True(spec.Teams.Count >= 3);
        Assert.Contains(spec.GpuPools, p => p.Purpose == GpuPoolPurpose.Training && p.Spot);
        Assert.Contains(spec.GpuPools, p => p.Purpose == GpuPoolPurpose.Inference);
        Assert.All(spec.Models, m => Assert.Equal("approved", m.Lineage!.Approval!.Status));
        Assert.All(spec.Models, m => Assert.Contains("@sha256:", m.Image, StringComparison.Ordinal));
        Assert.Equal(["us-east-1a", "us-east-1b", "us-east-1c"], spec.Aws!.EffectiveZones);
    }
}

public sealed class AwsEnvironmentTests
{
    [Theory]
    [InlineData(EnvironmentTier.Dev)]
    [InlineData(EnvironmentTier.Staging)]
    [InlineData(EnvironmentTier.Prod)]
    public void Should_Pass_Every_Mandatory_Policy_In_Every_Environment(EnvironmentTier env)
    {
        // Given the AWS sample spec in each environment (the engine, the cost model and every pack, as synth runs them)
        var spec = AwsSpecs.Spec(env);
        var settings = new StackSettings("staging-aws", "test", spec, Packs.PackHarness.DevPolicyConfig, new HashSet<string>());
        var clock = new Mock<TimeProvider>();
        clock.Setup(c => c.GetUtcNow()).Returns(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero));

        // When it is synthesized
        var outcome = new SynthPipeline("/nonexistent", PhysicalFileSystem.Instance, clock.Object).Run(settings);

        // Then nothing blocks and everything is priced
        Assert.True(outcome.Report.Passed, string.Join("\n", outcome.Report.Blocking.Select(f => $"{f.PolicyId} {f.Resource}: {f.Message}")));
        Assert.Empty(outcome.Cost.Unpriced);
    }
}
