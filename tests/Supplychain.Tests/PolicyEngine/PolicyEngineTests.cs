using Supplychain.Policies.Engine;
using Supplychain.Policies.Waivers;
using static Supplychain.Tests.PolicyEngine.TestStacks;

namespace Supplychain.Tests.PolicyEngine;

public sealed class PolicyEngineTests
{
    private static PolicyReport Run(StackView stack, params Policy[] policies) =>
        Policies.Engine.PolicyEngine.Evaluate(stack, policies, WaiverSet.Empty, Today);

    [Fact]
    public void Should_Prefer_Id_Override_Over_Pack_Override_Over_Default()
    {
        // Given a mandatory compliance policy, a pack override to advisory and an id override to disabled
        var policy = new OwnerLabelPolicy();
        var packOnly = Overrides(("compliance", Enforcement.Advisory));
        var both = Overrides(("compliance", Enforcement.Advisory), ("CMP901", Enforcement.Disabled));

        // Then the id wins over the pack, the pack over the default
        Assert.Equal(Enforcement.Mandatory, Policies.Engine.PolicyEngine.EffectiveEnforcement(policy, PolicyConfig.Default));
        Assert.Equal(Enforcement.Advisory, Policies.Engine.PolicyEngine.EffectiveEnforcement(policy, packOnly));
        Assert.Equal(Enforcement.Disabled, Policies.Engine.PolicyEngine.EffectiveEnforcement(policy, both));
    }

    [Fact]
    public void Should_Make_Findings_Advisory_When_The_Pack_Is_Overridden_To_Advisory()
    {
        // Given a mandatory policy whose pack the stack makes advisory
        var report = Run(Stack(Overrides(("compliance", Enforcement.Advisory))), new OwnerLabelPolicy());

        // Then its violations are advisory and nothing blocks
        Assert.Equal(3, report.Advisory.Count());
        Assert.Equal(0, report.BlockingCount);
        Assert.All(report.Findings, f => Assert.Equal(Enforcement.Advisory, f.Enforcement));
    }

    [Fact]
    public void Should_Record_A_Disabled_Policy_Without_Running_It()
    {
        // Given a policy that would throw, disabled by id
        var report = Run(Stack(Overrides(("LIN901", Enforcement.Disabled))), new ThrowingPolicy());

        // Then it is listed as disabled, with no findings and no counts
        var result = Assert.Single(report.Policies, p => p.Id == "LIN901");
        Assert.Equal(PolicyStatus.Disabled, result.Status);
        Assert.Equal(OutcomeCounts.Zero, result.Counts);
        Assert.DoesNotContain(report.Findings, f => f.PolicyId == "LIN901");
    }

    [Fact]
    public void Should_Report_A_Throwing_Policy_As_A_Finding_Not_Crash()
    {
        // When a policy throws on the one resource it applies to
        var report = Run(Stack(), new ThrowingPolicy());

        // Then the engine records one error finding with the policy's id, severity and the exception
        var finding = Assert.Single(report.Findings, f => f.PolicyId == "LIN901");
        Assert.True(finding.IsError);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal("cm-owned", finding.Resource);
        Assert.Equal("policy threw InvalidOperationException: lineage index was null", finding.Message);
        Assert.True(finding.IsBlocking);
        Assert.Equal(1, report.Outcomes.Errors);
    }

    [Fact]
    public void Should_Classify_Not_Applicable_Compliant_And_Violating_Resources()
    {
        // When the owner-label policy runs on 4 ConfigMaps (1 labelled) and 1 Service
        var report = Run(Stack(), new OwnerLabelPolicy());

        // Then the Service is not applicable, one ConfigMap passes and three violate, with the details
        var counts = Assert.Single(report.Policies, p => p.Id == "CMP901").Counts;
        Assert.Equal(new OutcomeCounts(Passed: 1, Failed: 3, Waived: 0, NotApplicable: 1, Errors: 0), counts);
        Assert.Equal(["cm-bare", "feast-cm-a", "feast-cm-b"], report.Findings.Where(f => f.PolicyId == "CMP901").Select(f => f.Resource));
        var first = report.Findings.First(f => f.PolicyId == "CMP901");
        Assert.Equal(("compliance", Severity.High, Enforcement.Mandatory), (first.Pack, first.Severity, first.Enforcement));
        Assert.Equal(("mlflow", "mlflow/config", "kubernetes:core/v1:ConfigMap"), (first.Component, first.ComponentPath, first.ResourceType));
        Assert.Equal("metadata.labels.owner", first.PropertyPath);
        Assert.Equal("Add metadata.labels.owner.", first.Remediation);
        Assert.Equal(2, first.Frameworks.Count);
        Assert.Equal(4, report.Checks.Count(c => c.PolicyId == "CMP901"));
    }

    [Fact]
    public void Should_Run_A_Stack_Policy_Once_And_Locate_Named_Resources()
    {
        // Given a stack policy reporting one stack-level and one resource-level violation
        var policy = new FixedStackPolicy("COST902", "cost",
            new Violation(null, "budget.monthlyUsd", "1", "budget too small"),
            new Violation("svc", "spec", null, "service too big"));

        // When evaluated
        var report = Run(Stack(), policy);

        // Then it ran once; the stack-level finding has component "stack", the other the resource's component
        Assert.Equal(1, policy.Runs);
        var stackLevel = Assert.Single(report.Findings, f => f.Resource is null);
        Assert.Equal("stack", stackLevel.Component);
        var located = Assert.Single(report.Findings, f => f.Resource == "svc");
        Assert.Equal(("mlflow", "kubernetes:core/v1:Service"), (located.Component, located.ResourceType));
    }

    [Fact]
    public void Should_Block_Only_On_Unwaived_Mandatory_Violations()
    {
        // Given a mandatory and an advisory policy, with one mandatory finding waived
        var waiver = new Waiver("CMP901", "cm-bare", null, "migrating", "ciso", Today.AddDays(10), "w:1");

        // When evaluated
        var report = Policies.Engine.PolicyEngine.Evaluate(Stack(), [new OwnerLabelPolicy(), new DescriptionPolicy()], [waiver], Today);

        // Then only the two unwaived mandatory findings block; the advisory one does not
        Assert.Equal(2, report.BlockingCount);
        Assert.Equal(["feast-cm-b"], report.Advisory.Select(f => f.Resource));
        Assert.False(report.Passed);
    }

    [Fact]
    public void Should_Always_Run_Waiver_Validity_And_Pass_It_Without_Waivers()
    {
        var report = Run(Stack(), new DescriptionPolicy());

        var cmp050 = Assert.Single(report.Policies, p => p.Id == WaiverValidity.PolicyId);
        Assert.Equal(new OutcomeCounts(1, 0, 0, 0, 0), cmp050.Counts);
        Assert.Equal(["COST901", "CMP050"], report.Policies.Select(p => p.Id).Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public void Should_Give_The_Same_Digest_For_The_Same_Input_And_A_New_One_When_Findings_Change()
    {
        var a = Run(Stack(), new OwnerLabelPolicy(), new DescriptionPolicy());
        var b = Run(Stack(), new DescriptionPolicy(), new OwnerLabelPolicy());
        var c = Run(Stack(Overrides(("CMP901", Enforcement.Advisory))), new OwnerLabelPolicy(), new DescriptionPolicy());

        Assert.Equal(a.Digest, b.Digest);
        Assert.StartsWith("sha256:", a.Digest);
        Assert.Equal(71, a.Digest.Length);
        Assert.NotEqual(a.Digest, c.Digest);
    }

    [Fact]
    public void Should_Count_Open_Findings_Per_Pack_And_Severity()
    {
        var report = Run(Stack(), new OwnerLabelPolicy(), new DescriptionPolicy());

        var open = report.OpenByPackAndSeverity;
        Assert.Equal(3, open["compliance"][Severity.High]);
        Assert.Equal(1, open["cost"][Severity.Low]);
        Assert.Equal(0, open["compliance"][Severity.Critical]);
    }
}
