using Moq;
using Supplychain.Components.Domain;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Compliance;
using Supplychain.Policies.View;
using Supplychain.Stacks.Pipeline;
using Supplychain.Stacks.Settings;
using Supplychain.Tests.CliTests;

namespace Supplychain.Tests.Packs;

/// <summary>
/// CMP054–CMP061: Kubernetes references that must resolve (kube-score), the remaining Checkov Azure checks, and the pods inside
/// the installed charts judged through their values; each on its fixtures with both sides asserted, and on the example stacks.
/// </summary>
public sealed class ReferenceAndChartPackTests
{
    private const EnvironmentTier Dev = EnvironmentTier.Dev;
    private const EnvironmentTier Prod = EnvironmentTier.Prod;

    [Theory]
    [InlineData(typeof(ServicesSelectPods), "selects-pods-PASSED", Dev, new[] { "server-svc", "canary:team-a/model" }, new string[0])]
    [InlineData(typeof(ServicesSelectPods), "selects-nothing-FAILED", Dev, new[] { "good-svc" }, new[] { "renamed-label", "wrong-namespace" })]
    [InlineData(typeof(NetworkPoliciesSelectPods), "selects-pods-PASSED", Dev, new[] { "default-deny", "allow-web", "steps:team-a/steps-egress", "steps:team-a/workflow-pods" }, new string[0])]
    [InlineData(typeof(NetworkPoliciesSelectPods), "selects-nothing-FAILED", Dev, new[] { "good", "expression-hit" }, new[] { "stale-label", "empty-namespace", "expression-miss" })]
    [InlineData(typeof(IngressesTargetServices), "routed-PASSED", Dev, new[] { "model-ingress" }, new string[0])]
    [InlineData(typeof(IngressesTargetServices), "missing-service-FAILED", Dev, new[] { "good", "chart-service" }, new[] { "missing", "wrong-port", "other-namespace" })]
    [InlineData(typeof(AksPaidTierOutsideDev), "standard-PASSED", Prod, new[] { "aks", "premium" }, new string[0])]
    [InlineData(typeof(AksPaidTierOutsideDev), "free-FAILED", Prod, new[] { "paid" }, new[] { "free", "unset" })]
    [InlineData(typeof(KeyVaultKeysExpireAndRotate), "rotating-PASSED", Dev, new[] { "kms-key" }, new string[0])]
    [InlineData(typeof(KeyVaultKeysExpireAndRotate), "never-expires-FAILED", Dev, new[] { "rotating" }, new[] { "no-policy", "notify-only" })]
    [InlineData(typeof(KeyVaultSecretsDeclareContentType), "typed-PASSED", Dev, new[] { "db-password" }, new string[0])]
    [InlineData(typeof(KeyVaultSecretsDeclareContentType), "untyped-FAILED", Dev, new[] { "typed" }, new[] { "untyped" })]
    [InlineData(typeof(RegistryRetentionPolicy), "retained-PASSED", Dev, new[] { "acr" }, new string[0])]
    [InlineData(typeof(RegistryRetentionPolicy), "kept-forever-FAILED", Dev, new[] { "retained" }, new[] { "disabled", "unset" })]
    [InlineData(typeof(ChartPodsHardened), "hardened-PASSED", Dev, new[] { "argocd", "argo-events", "dcgm" }, new string[0])]
    [InlineData(typeof(ChartPodsHardened), "defaults-or-values-FAILED", Dev, new[] { "rollouts" }, new[] { "events-default-context", "rollouts-other-version", "rollouts-writable", "dcgm-unsized" })]
    public void Should_Pass_And_Fail_Exactly_These_Resources(Type policyType, string fixture, EnvironmentTier env, string[] passed, string[] failed)
    {
        // Given a fixture program in the environment, When the policy runs, Then exactly these resources pass and these fail.
        PackHarness.AssertFixture((Policy)Activator.CreateInstance(policyType)!, fixture, env, passed, failed);
    }

    [Fact]
    public void Should_Not_Require_A_Paid_Aks_Tier_In_Dev()
    {
        var (passed, failed) = PackHarness.Outcomes(new AksPaidTierOutsideDev(), PackHarness.FixtureStack(nameof(AksPaidTierOutsideDev), "free-FAILED", Dev));
        Assert.Empty(passed);
        Assert.Empty(failed);
    }

    [Fact]
    public void Should_Name_The_Chart_Pod_And_Values_Path_Of_Each_Chart_Finding()
    {
        var stack = PackHarness.FixtureStack(nameof(ChartPodsHardened), "defaults-or-values-FAILED", Dev);
        var found = PackHarness.Run(new ChartPodsHardened(), stack).Select(v => $"{v.Resource} {v.PropertyPath}").ToHashSet();

        Assert.Contains("events-default-context values.controller.containerSecurityContext.runAsNonRoot", found);
        Assert.Contains("events-default-context values.controller.containerSecurityContext.readOnlyRootFilesystem", found);
        Assert.Contains("rollouts-writable values.containerSecurityContext.readOnlyRootFilesystem", found);
        Assert.Contains("rollouts-other-version values.containerSecurityContext.allowPrivilegeEscalation", found);
        Assert.Contains("dcgm-unsized values.resources.limits", found);
        Assert.DoesNotContain(found, f => f.StartsWith("dcgm-unsized values.securityContext", StringComparison.Ordinal));
    }

    public static TheoryData<string, string> JudgedOnExampleStacks() => new()
    {
        { "dev", "CMP054" }, { "dev", "CMP055" }, { "dev", "CMP061" },
        { "prod-aws", "CMP054" }, { "prod-aws", "CMP055" }, { "prod-aws", "CMP061" },
        { "prod-azure", "CMP057" }, { "prod-azure", "CMP058" }, { "prod-azure", "CMP059" }, { "prod-azure", "CMP060" }, { "prod-azure", "CMP061" },
    };

    /// <summary>Passing an example stack proves something only if the policy judged some of its resources.</summary>
    [Theory]
    [MemberData(nameof(JudgedOnExampleStacks))]
    public void Should_Judge_And_Pass_Resources_Of_The_Example_Stack(string stack, string policyId)
    {
        var root = CliHarness.RepoRoot();
        var settings = StackSettingsReader.Read(ConfigSource.FromStackFile(root, stack));
        var clock = new Mock<TimeProvider>();
        clock.Setup(c => c.GetUtcNow()).Returns(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero));
        var program = new SynthPipeline(root, PhysicalFileSystem.Instance, clock.Object).Run(settings).Program;
        var view = new StackView(settings.Spec.Stack, ProgramViews.From(program), settings.Spec, settings.Policy);

        var (passed, failed) = PackHarness.Outcomes(PolicyRegistry.Load().Find(policyId)!, view);

        Assert.Empty(failed);
        Assert.NotEmpty(passed);
    }
}
