using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Compliance;
using Supplychain.Policies.Packs.Cost;
using static Supplychain.Components.Domain.EnvironmentTier;

namespace Supplychain.Tests.Packs;

/// <summary>The policies on the closed loop's resources (CMP051–CMP053) and GPU telemetry (COST012), on their fixtures.</summary>
public sealed class RetrainingPolicyTests
{
    [Theory]
    [InlineData(typeof(WorkflowsSetDeadlines), "deadlines-set-PASSED", new string[0])]
    [InlineData(typeof(WorkflowsSetDeadlines), "no-deadlines-FAILED",
        new[] { "retrain:team-fraud/unbounded", "retrain:team-fraud/gpu-unbounded" })]
    [InlineData(typeof(WorkflowGpuStepsOnTrainingPools), "training-pool-PASSED", new string[0])]
    [InlineData(typeof(WorkflowGpuStepsOnTrainingPools), "wrong-pool-or-no-retry-FAILED",
        new[] { "retrain:team-fraud/on-inference", "retrain:team-fraud/no-retry" })]
    [InlineData(typeof(WorkflowSecretsScopedToSteps), "step-scoped-PASSED", new string[0])]
    [InlineData(typeof(WorkflowSecretsScopedToSteps), "workflow-wide-FAILED",
        new[] { "retrain:team-fraud/wide-secret", "retrain:team-fraud/token-everywhere" })]
    public void Should_Flag_Exactly_The_Fixture_Resources(Type policyType, string fixture, string[] expected) =>
        PackHarness.AssertFixture((Policy)Activator.CreateInstance(policyType)!, fixture, Dev, expected);

    [Fact]
    public void Should_Report_Each_Problem_Of_A_Gpu_Step_With_Its_Path()
    {
        var stack = PackHarness.FixtureStack(nameof(WorkflowGpuStepsOnTrainingPools), "wrong-pool-or-no-retry-FAILED", Dev);
        var paths = PackHarness.Run(new WorkflowGpuStepsOnTrainingPools(), stack).Select(v => $"{v.Resource} {v.PropertyPath}").ToList();
        Assert.Equal(
        [
            "retrain:team-fraud/on-inference spec.templates[0].nodeSelector",
            "retrain:team-fraud/on-inference spec.templates[0].tolerations",
            "retrain:team-fraud/no-retry spec.templates[0].retryStrategy",
        ], paths);
    }

    [Fact]
    public void Should_Pass_Gpu_Telemetry_Covering_Every_Pool()
    {
        var stack = PackHarness.FixtureStack(nameof(GpuPoolsHaveUtilisationTelemetry), "dcgm-on-every-pool-PASSED", Dev);
        Assert.Empty(PackHarness.Run(new GpuPoolsHaveUtilisationTelemetry(), stack));
        Assert.Empty(GpuPoolsHaveUtilisationTelemetry.PoolsWithoutTelemetry(stack));
    }

    [Fact]
    public void Should_Name_The_Gpu_Pool_Without_Utilisation_Data()
    {
        var stack = PackHarness.FixtureStack(nameof(GpuPoolsHaveUtilisationTelemetry), "training-pool-blind-FAILED", Dev);
        Assert.Equal(["training"], GpuPoolsHaveUtilisationTelemetry.PoolsWithoutTelemetry(stack));
        var violation = Assert.Single(PackHarness.Run(new GpuPoolsHaveUtilisationTelemetry(), stack));
        Assert.Equal("gpuPools[training]", violation.PropertyPath);
    }

    [Fact]
    public void Should_Judge_Every_Pool_Blind_When_The_Exporter_Is_Not_Scraped()
    {
        var stack = PackHarness.FixtureStack(nameof(GpuPoolsHaveUtilisationTelemetry), "dcgm-on-every-pool-PASSED", Dev);
        var unscraped = stack with { Resources = stack.Resources.Where(r => !r.Name.StartsWith("monitoring-", StringComparison.Ordinal)).ToList() };
        Assert.Equal(["inference", "training"], GpuPoolsHaveUtilisationTelemetry.PoolsWithoutTelemetry(unscraped));
    }
}
