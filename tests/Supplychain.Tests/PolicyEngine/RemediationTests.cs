using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.View;
using Supplychain.Policies.Waivers;
using Supplychain.Tests.Support;
using Engine = Supplychain.Policies.Engine.PolicyEngine;

namespace Supplychain.Tests.PolicyEngine;

public sealed class RemediationTests
{
    private static PulumiProgram Program()
    {
        var program = new PulumiProgram();
        program.Add(new Resource("mlflow-config", "kubernetes:core/v1:ConfigMap", new MapValue { ["metadata"] = new MapValue { ["name"] = "mlflow" } }, null, ComponentPath.Of("mlflow", "config")));
        program.Add(new Resource("feast-config", "kubernetes:core/v1:ConfigMap",
            new MapValue { ["metadata"] = new MapValue { ["labels"] = new MapValue { ["owner"] = "search" } } }, null, ComponentPath.Of("feast", "config")));
        program.Add(new Resource("mlflow-svc", "kubernetes:core/v1:Service", new MapValue(), null, ComponentPath.Of("mlflow", "service")));
        return program;
    }

    private static StackView View(PulumiProgram program, PolicyConfig config) =>
        new(SampleSpecs.Context(), ProgramViews.From(program), null, config);

    [Fact]
    public void Should_Fix_The_Program_And_Log_Changes_When_Enforcement_Is_Remediate()
    {
        // Given a remediable policy set to remediate, and a ConfigMap missing its owner label
        var program = Program();
        var config = TestStacks.Overrides(("CMP901", Enforcement.Remediate));
        Policy[] policies = [new OwnerLabelPolicy()];

        // When remediation runs before evaluation
        var changes = Engine.Remediate(program, () => View(program, config), policies, config);
        var report = Engine.Evaluate(View(program, config), policies, WaiverSet.Empty, TestStacks.Today);

        // Then the label was added from the stack owner, the change is logged, and nothing blocks
        Assert.Equal([new RemediationChange("CMP901", "mlflow-config", "set metadata.labels.owner to 'ml-platform'")], changes);
        Assert.Equal(new StringValue("ml-platform"), program.Get("mlflow-config").Properties.At("metadata.labels.owner"));
        Assert.Equal(new StringValue("search"), program.Get("feast-config").Properties.At("metadata.labels.owner"));
        Assert.True(report.Passed);
    }

    [Fact]
    public void Should_Not_Touch_The_Program_When_Enforcement_Is_Mandatory()
    {
        var program = Program();
        var config = PolicyConfig.Default;

        var changes = Engine.Remediate(program, () => View(program, config), [new OwnerLabelPolicy()], config);
        var report = Engine.Evaluate(View(program, config), [new OwnerLabelPolicy()], WaiverSet.Empty, TestStacks.Today);

        Assert.Empty(changes);
        Assert.Null(program.Get("mlflow-config").Properties.At("metadata.labels.owner"));
        Assert.Equal(["mlflow-config"], report.Blocking.Select(f => f.Resource));
    }

    [Fact]
    public void Should_Block_When_A_Remediate_Policy_Could_Not_Fix_The_Resource()
    {
        // Given remediate enforcement on a policy whose fix fails
        var program = Program();
        var config = TestStacks.Overrides(("CMP901", Enforcement.Remediate));
        Policy[] policies = [new FailingRemediation()];

        // When remediation is attempted and the program evaluated
        var changes = Engine.Remediate(program, () => View(program, config), policies, config);
        var report = Engine.Evaluate(View(program, config), policies, WaiverSet.Empty, TestStacks.Today);

        // Then the change log records the failure and the unfixed violation blocks at enforcement "remediate"
        var change = Assert.Single(changes, c => c.Resource == "mlflow-config");
        Assert.Equal("remediation failed (IOException: label store offline)", change.Change);
        var blocking = Assert.Single(report.Blocking);
        Assert.Equal(("mlflow-config", Enforcement.Remediate), (blocking.Resource, blocking.Enforcement));
    }

    /// <summary>Judges like <see cref="OwnerLabelPolicy"/>, but its fix throws.</summary>
    private sealed class FailingRemediation : ResourcePolicy, IRemediable
    {
        private readonly OwnerLabelPolicy _inner = new();
        public override string Id => _inner.Id;
        public override string Pack => _inner.Pack;
        public override string Title => _inner.Title;
        public override string Rationale => _inner.Rationale;
        public override string Remediation => _inner.Remediation;
        public override Severity Severity => _inner.Severity;
        public override IReadOnlyList<FrameworkControl> Controls => _inner.Controls;
        public override bool AppliesTo(ResourceView resource, StackView stack) => _inner.AppliesTo(resource, stack);
        public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack) => _inner.Evaluate(resource, stack);
        public IReadOnlyList<string> Remediate(Resource resource, StackView stack) =>
            resource.Properties.At("metadata.labels.owner") is null ? throw new IOException("label store offline") : [];
    }
}
