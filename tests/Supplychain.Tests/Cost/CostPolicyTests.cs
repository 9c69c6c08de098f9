using Moq;
using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cost;
using Supplychain.Policies.View;
using Supplychain.Tests.Support;
using static Supplychain.Tests.Cost.CostHarness;

namespace Supplychain.Tests.Cost;

public sealed class CostPolicyTests
{
    private static readonly StackContext Aws = SampleSpecs.Context(DeploymentTarget.Aws);
    private static readonly StackContext Azure = SampleSpecs.Context(DeploymentTarget.Azure);

    /// <summary>
    /// The models of the dev-shaped spec as serving Deployments, built with the same Kubernetes builders the components use,
    /// so budget tests price real requests while most components' local rendering is still being written.
    /// </summary>
    private static IReadOnlyList<ResourceView> ServingViews(SupplyChainSpec spec)
    {
        var program = new PulumiProgram();
        var models = new Scope(program, spec.Stack, ComponentPath.Root).Child("models");
        foreach (var m in spec.Models)
            Kube.Deployment(models.Child(m.Name), "deployment", spec.Team(m.Team).Namespace, m.Name,
                new PodSpec([new Container("server", m.Image, new ComputeResources(m.Serving.Cpu, m.Serving.Memory, m.Serving.Gpus))]), m.Serving.Replicas);
        return ProgramViews.From(program);
    }

    private static StackView DevStack(SupplyChainSpec spec) =>
        View(ProgramViews.From(SampleSpecs.Render(spec)).Concat(ServingViews(spec)).ToList(), spec.Stack, spec);

    // ---- COST001

    [Fact]
    public void StackBudgetDeclared_Should_Pass_When_The_Dev_Spec_Declares_A_Budget() =>
        Assert.Empty(Violating(new StackBudgetDeclared(), View([], SampleSpecs.Context(), SampleSpecs.Dev()))!);

    [Theory]
    [InlineData(EnvironmentTier.Dev)]
    [InlineData(EnvironmentTier.Prod)]
    public void StackBudgetDeclared_Should_Fail_In_Every_Environment_Without_A_Budget(EnvironmentTier env)
    {
        // Given a spec without a budget; When judged; Then one stack-level finding on budget.monthlyUsd
        var spec = SampleSpecs.Dev(env: env) with { Budget = null };
        var v = Assert.Single(Violations(new StackBudgetDeclared(), View([], spec.Stack, spec)));
        Assert.Equal((null, "budget.monthlyUsd"), (v.Resource, v.PropertyPath));
    }

    // ---- COST002

    [Fact]
    public void StackWithinBudget_Should_Pass_The_Dev_Stack_Within_Its_Budget()
    {
        // Given the dev-shaped stack (budget 2500 USD) priced at OpenCost rates
        var view = DevStack(SampleSpecs.Dev());

        // Then its maximum is within budget (the GPU model alone is 2 × 730 × 0.95 = 1387 USD)
        Assert.InRange(view.Cost!.MaxUsd, 1387m, 2500m);
        Assert.Empty(Violating(new StackWithinBudget(), view)!);
    }

    [Fact]
    public void StackWithinBudget_Should_Fail_The_Dev_Stack_With_A_Budget_Of_One_Usd()
    {
        // Given the dev-shaped spec with a budget of 1 USD
        var spec = SampleSpecs.Dev() with { Budget = new BudgetSpec(1m, ["ml-platform@example.com"]) };

        // When the rendered stack is judged
        var v = Assert.Single(Violations(new StackWithinBudget(), DevStack(spec)));

        // Then one stack-level finding names the budget and the maximum estimate
        Assert.Equal((null, "budget.monthlyUsd", "1.00 USD"), (v.Resource, v.PropertyPath, v.Observed));
        Assert.Contains("exceeds the budget of 1.00 USD", v.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StackWithinBudget_Should_Judge_The_Maximum_Not_The_Expected_Estimate()
    {
        // Given a g5.2xlarge pool 1..4 (expected 2211.90, max 3539.04) and a budget of 3000
        var spec = SampleSpecs.Dev(DeploymentTarget.Aws) with { Budget = new BudgetSpec(3000m, ["a@example.com"]) };
        var pool = Resource("gpu-pools-inference-nodegroup", "aws:eks:NodeGroup", new MapValue
        {
            ["instanceTypes"] = new ListValue { "g5.2xlarge" }, ["scalingConfig"] = new MapValue { ["minSize"] = 1, ["maxSize"] = 4 },
        });

        // Then the gate fails although the expected figure fits
        Assert.Equal(new HashSet<string> { StackFinding }, Violating(new StackWithinBudget(), View([pool, .. RegionOf(DeploymentTarget.Aws)], spec.Stack, spec)));
    }

    // ---- COST003

    [Fact]
    public void TeamWithinBudget_Should_Pass_Teams_Within_Their_Budgets()
    {
        // Given the dev spec's models without GPUs: fraud and search each serve 2 × (500m, 1Gi)
        var spec = SampleSpecs.Dev(models: [SampleSpecs.Model(), SampleSpecs.Model("query-ranker", "search")]);
        Assert.Empty(Violating(new TeamWithinBudget(), DevStack(spec))!);
    }

    [Fact]
    public void TeamWithinBudget_Should_Fail_A_Team_Over_Budget_And_A_Team_Without_One()
    {
        // Given fraud serving a GPU model (1416.26 USD max > its 1200 budget) and search declaring no budget
        var spec = SampleSpecs.Dev(models: [SampleSpecs.Model(gpus: 1), SampleSpecs.Model("query-ranker", "search")]);
        spec = spec with { Teams = [spec.Teams[0], spec.Teams[1] with { MonthlyBudgetUsd = null }] };

        // When judged
        var found = Violations(new TeamWithinBudget(), DevStack(spec));

        // Then exactly the two teams' budget keys are named
        Assert.Equal(new[] { "teams[fraud].monthlyBudgetUsd", "teams[search].monthlyBudgetUsd" }, found.Select(v => v.PropertyPath ?? "").ToArray());
        Assert.Equal("1,200.00 USD", found[0].Observed);
        Assert.Null(found[1].Observed);
    }

    [Fact]
    public void TeamWithinBudget_Should_Fail_Resources_Of_An_Undeclared_Team()
    {
        var spec = SampleSpecs.Dev();
        var rogue = Resource("rogue-pvc", KubeTypes.PersistentVolumeClaim, new MapValue
        {
            ["metadata"] = new MapValue { ["namespace"] = "team-rogue" },
            ["spec"] = new MapValue { ["resources"] = new MapValue { ["requests"] = new MapValue { ["storage"] = "100Gi" } } },
        });
        var v = Assert.Single(Violations(new TeamWithinBudget(), View([rogue], spec.Stack, spec)));
        Assert.Equal("teams[rogue]", v.PropertyPath);
    }

    // ---- COST004

    [Fact]
    public void GpuPoolsDeclareMaxSize_Should_Pass_Bounded_Agent_Pools() =>
        Assert.Empty(Violating(new GpuPoolsDeclareMaxSize(), View(Fixture("GpuPoolsDeclareMaxSize", "aks-agentpools-PASSED"), Azure, SampleSpecs.Dev(DeploymentTarget.Azure)))!);

    [Fact]
    public void GpuPoolsDeclareMaxSize_Should_Fail_The_Unbounded_Gpu_Agent_Pool_Only() =>
        Assert.Equal(new HashSet<string> { "gpu-pools-training-agentpool" },
            Violating(new GpuPoolsDeclareMaxSize(), View(Fixture("GpuPoolsDeclareMaxSize", "aks-agentpools-FAILED"), Azure, SampleSpecs.Dev(DeploymentTarget.Azure))));

    [Fact]
    public void GpuPoolsDeclareMaxSize_Should_Fail_A_Declared_Pool_Without_MaxNodes()
    {
        var spec = SampleSpecs.Dev();
        spec = spec with { GpuPools = [spec.GpuPools[0] with { MaxNodes = null }, spec.GpuPools[1]] };
        var v = Assert.Single(Violations(new GpuPoolsDeclareMaxSize(), View([], spec.Stack, spec)));
        Assert.Equal("gpuPools[inference].maxNodes", v.PropertyPath);
    }

    // ---- COST005

    [Fact]
    public void DevGpuPoolsScaleToZero_Should_Pass_A_Gpu_Node_Group_From_Zero() =>
        Assert.Empty(Violating(new DevGpuPoolsScaleToZero(), View(Fixture("DevGpuPoolsScaleToZero", "eks-nodegroups-PASSED"), Aws, SampleSpecs.Dev(DeploymentTarget.Aws)))!);

    [Fact]
    public void DevGpuPoolsScaleToZero_Should_Fail_The_Gpu_Node_Group_Kept_Up() =>
        Assert.Equal(new HashSet<string> { "gpu-pools-inference-nodegroup" },
            Violating(new DevGpuPoolsScaleToZero(), View(Fixture("DevGpuPoolsScaleToZero", "eks-nodegroups-FAILED"), Aws, SampleSpecs.Dev(DeploymentTarget.Aws))));

    [Fact]
    public void DevGpuPoolsScaleToZero_Should_Not_Apply_Outside_Dev()
    {
        var prod = SampleSpecs.Context(DeploymentTarget.Aws, EnvironmentTier.Prod, "prod");
        Assert.Null(Violating(new DevGpuPoolsScaleToZero(), View(Fixture("DevGpuPoolsScaleToZero", "eks-nodegroups-FAILED"), prod, null)));
    }

    [Fact]
    public void DevGpuPoolsScaleToZero_Should_Fail_A_Declared_Dev_Pool_With_A_Minimum()
    {
        var spec = SampleSpecs.Dev();
        spec = spec with { GpuPools = [spec.GpuPools[0] with { MinNodes = 1 }, spec.GpuPools[1]] };
        var v = Assert.Single(Violations(new DevGpuPoolsScaleToZero(), View([], spec.Stack, spec)));
        Assert.Equal(("gpuPools[inference].minNodes", "1"), (v.PropertyPath, v.Observed));
    }

    // ---- COST006

    [Fact]
    public void TrainingPoolsUseSpot_Should_Pass_A_Spot_Training_Node_Group() =>
        Assert.Empty(Violating(new TrainingPoolsUseSpot(), View(Fixture("TrainingPoolsUseSpot", "eks-nodegroups-PASSED"), Aws, SampleSpecs.Dev(DeploymentTarget.Aws)))!);

    [Fact]
    public void TrainingPoolsUseSpot_Should_Fail_The_On_Demand_Training_Node_Group_Only() =>
        Assert.Equal(new HashSet<string> { "gpu-pools-training-nodegroup" },
            Violating(new TrainingPoolsUseSpot(), View(Fixture("TrainingPoolsUseSpot", "eks-nodegroups-FAILED"), Aws, SampleSpecs.Dev(DeploymentTarget.Aws))));

    [Fact]
    public void TrainingPoolsUseSpot_Should_Fail_A_Declared_On_Demand_Training_Pool()
    {
        var spec = SampleSpecs.Dev();
        spec = spec with { GpuPools = [spec.GpuPools[0], spec.GpuPools[1] with { Spot = false }] };
        var v = Assert.Single(Violations(new TrainingPoolsUseSpot(), View([], spec.Stack, spec)));
        Assert.Equal(("gpuPools[training].spot", "false"), (v.PropertyPath, v.Observed));
        Assert.Equal(Enforcement.Mandatory, new TrainingPoolsUseSpot().DefaultEnforcement);
    }

    [Fact]
    public void TrainingPoolsUseSpot_Should_Judge_Node_Groups_By_Their_Purpose_Tag_When_Audited_Without_Config()
    {
        // Given an engine preview with no stack config, When COST006 runs, Then the on-demand training group is found by its resource
        var stack = View(Fixture("TrainingPoolsUseSpot", "audit-without-config-FAILED"), Aws, null);
        Assert.True(new TrainingPoolsUseSpot().AppliesTo(stack));
        var v = Assert.Single(Violations(new TrainingPoolsUseSpot(), stack));
        Assert.Equal(("on-demand-training", "capacityType"), (v.Resource, v.PropertyPath));
    }

    [Fact]
    public void GpuPoolPolicies_Should_Be_Not_Applicable_When_There_Is_No_Gpu_Pool_To_Judge()
    {
        // Given a stack with neither declared GPU pools nor GPU node groups, Then the stack-level GPU policies judge nothing (not "passed")
        var stack = View([], Aws, null);
        Assert.False(new TrainingPoolsUseSpot().AppliesTo(stack));
        Assert.False(new GpuPoolsDeclareMaxSize().AppliesTo(stack));
    }

    // ---- COST011
    [Fact]
    public void LargeGpuPoolsScaleToZero_Should_Pass_Cold_Large_Pools_And_Ignore_Small_Ones()
    {
        var stack = View(Fixture("LargeGpuPoolsScaleToZero", "cold-PASSED"), Aws, null);
        var policy = new LargeGpuPoolsScaleToZero();
        Assert.Equal(["a100", "training"], stack.Resources.Where(r => policy.AppliesTo(r, stack)).Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.Empty(Violations(policy, stack));
    }

    [Fact]
    public void LargeGpuPoolsScaleToZero_Should_Find_Warm_Large_Gpu_Pools_On_Their_Minimum()
    {
        var stack = View(Fixture("LargeGpuPoolsScaleToZero", "warm-FAILED"), Aws, null);
        var found = Violations(new LargeGpuPoolsScaleToZero(), stack).Select(v => (v.Resource, v.PropertyPath)).Order().ToList();
        Assert.Equal([("fixed-a100", "count"), ("uncatalogued-nd", "minCount"), ("warm-p5", "scalingConfig.minSize")], found);
    }

    // ---- COST007

    [Fact]
    public void BudgetAlertDeclared_Should_Pass_An_Aws_Budget_At_The_Stack_Budget() =>
        Assert.Empty(Violating(new BudgetAlertDeclared(), View(Fixture("BudgetAlertDeclared", "aws-budget-PASSED"), Aws, SampleSpecs.Dev(DeploymentTarget.Aws)))!);

    [Fact]
    public void BudgetAlertDeclared_Should_Fail_A_Budget_That_Differs_And_Notifies_No_One()
    {
        var found = Violations(new BudgetAlertDeclared(), View(Fixture("BudgetAlertDeclared", "aws-budget-FAILED"), Aws, SampleSpecs.Dev(DeploymentTarget.Aws)));
        Assert.Equal([("cost-budget", "notifications"), ("cost-budget", "limitAmount")], found.Select(v => (v.Resource, v.PropertyPath)).ToArray());
    }

    [Fact]
    public void BudgetAlertDeclared_Should_Fail_A_Cloud_Stack_Without_One_And_Not_Apply_Locally()
    {
        Assert.Equal(new HashSet<string> { StackFinding }, Violating(new BudgetAlertDeclared(), View([], Azure, SampleSpecs.Dev(DeploymentTarget.Azure))));
        Assert.Null(Violating(new BudgetAlertDeclared(), View([], SampleSpecs.Context(), SampleSpecs.Dev())));
    }

    // ---- COST008

    [Fact]
    public void PricedFromCatalog_Should_Pass_When_Everything_Is_In_The_Catalog() =>
        Assert.Empty(Violating(new PricedFromCatalog(), View(Fixture("PricedFromCatalog", "aws-nodegroups-and-database-PASSED"), Aws, null))!);

    [Fact]
    public void PricedFromCatalog_Should_Fail_Each_Unknown_Instance_Type_And_Class()
    {
        var view = View(Fixture("PricedFromCatalog", "aws-nodegroups-and-database-FAILED"), Aws, null);
        Assert.Equal(new HashSet<string> { "gpu-pools-training-nodegroup", "mlflow-database" }, Violating(new PricedFromCatalog(), view));
        Assert.DoesNotContain(view.Cost!.Lines, l => l.Resource is "gpu-pools-training-nodegroup" or "mlflow-database");
    }

    // ---- COST009

    private static StackView Priced() => View([], SampleSpecs.Context(), SampleSpecs.Dev());

    private static TimeProvider ClockAt(string utcDate)
    {
        var clock = new Mock<TimeProvider>();
        clock.Setup(c => c.GetUtcNow()).Returns(DateTimeOffset.Parse(utcDate + "T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        return clock.Object;
    }

    [Fact]
    public void PriceCatalogIsCurrent_Should_Pass_A_Catalog_Of_180_Days() =>
        Assert.Empty(Violating(new PriceCatalogIsCurrent(ClockAt("2027-04-30")), Priced())!); // 2026-11-01 + 180 days

    [Fact]
    public void PriceCatalogIsCurrent_Should_Advise_On_A_Catalog_Of_181_Days()
    {
        var policy = new PriceCatalogIsCurrent(ClockAt("2027-05-01"));
        var v = Assert.Single(Violations(policy, Priced()));
        Assert.Equal(("catalog.date", "2026-11-01"), (v.PropertyPath, v.Observed));
        Assert.Equal(Enforcement.Advisory, policy.DefaultEnforcement);
    }

    // ---- COST010

    [Fact]
    public void HelmReleasesSetRequests_Should_Pass_A_Release_Whose_Values_Set_Requests() =>
        Assert.Empty(Violating(new HelmReleasesSetRequests(), View(Fixture("HelmReleasesSetRequests", "helm-values-PASSED"), SampleSpecs.Context(), null))!);

    [Fact]
    public void HelmReleasesSetRequests_Should_Advise_On_An_Opaque_Release_Without_Failing_COST008()
    {
        var view = View(Fixture("HelmReleasesSetRequests", "helm-values-FAILED"), SampleSpecs.Context(), null);
        Assert.Equal(new HashSet<string> { "release-argocd" }, Violating(new HelmReleasesSetRequests(), view));
        Assert.Empty(Violating(new PricedFromCatalog(), view)!);
    }

    // ---- the pack

    /// <summary>The id list is pinned with every pack's in PackCatalogTests; here, each cost policy's default enforcement.</summary>
    [Fact]
    public void Should_Pin_The_Cost_Packs_Default_Enforcement()
    {
        var pack = typeof(Policy).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Policy)) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (Policy)Activator.CreateInstance(t)!).Where(p => p.Pack == CostPack.Name).OrderBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => (p.Id, p.DefaultEnforcement, p.GetType().IsSealed)).ToArray();
        Assert.Equal(
        [
            ("COST001", Enforcement.Mandatory, true), ("COST002", Enforcement.Mandatory, true), ("COST003", Enforcement.Mandatory, true),
            ("COST004", Enforcement.Mandatory, true), ("COST005", Enforcement.Mandatory, true), ("COST006", Enforcement.Mandatory, true),
            ("COST007", Enforcement.Mandatory, true), ("COST008", Enforcement.Mandatory, true), ("COST009", Enforcement.Advisory, true),
            ("COST010", Enforcement.Advisory, true), ("COST011", Enforcement.Advisory, true), ("COST012", Enforcement.Mandatory, true),
        ], pack);
    }
}
