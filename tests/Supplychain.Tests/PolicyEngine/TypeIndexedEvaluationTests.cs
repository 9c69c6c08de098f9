using Moq;
using Supplychain.Components.Domain;
using Supplychain.Components.Yaml;
using Supplychain.Policies.Cost;
using Supplychain.Policies.Cost.Catalog;
using Supplychain.Policies.Engine;
using Supplychain.Policies.View;
using Supplychain.Policies.Waivers;
using Supplychain.Stacks.Pipeline;
using Supplychain.Stacks.Settings;
using Supplychain.Tests.CliTests;
using Supplychain.Tests.Packs;
using Supplychain.Tests.Support;

namespace Supplychain.Tests.PolicyEngine;

/// <summary>
/// The engine offers a resource policy only the resources of the types it judges (<see cref="ResourcePolicy.JudgesType"/>).
/// The reference oracle is the old path: the same policies with every type judged, so each is asked about every resource.
/// Both must report exactly the same (findings in order, checks, counts, digest) on the example stacks, a generated
/// fleet and every policy fixture; and no policy may apply to a resource of a type it says it does not judge.
/// </summary>
public sealed class TypeIndexedEvaluationTests
{
    private static readonly DateOnly Today = new(2026, 11, 21);
    private static readonly Lazy<PriceCatalog> Catalog = new(PriceCatalog.Embedded);

    public static TheoryData<string> Stacks() => SnapshotTests.Stacks();

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Should_Report_What_Every_Policy_On_Every_Resource_Reports_On_The_Example_Stack(string stackName)
    {
        // Given the example stack as the pipeline judges it (remediated program, evidence, waivers, custom policies)
        var (view, policies, waivers) = ExampleStack(stackName);

        // When it is evaluated through the type index and through the every-resource oracle, Then the reports are identical
        AssertSameReport(view, policies, waivers);
    }

    [Fact]
    public void Should_Report_What_Every_Policy_On_Every_Resource_Reports_On_A_Generated_Fleet()
    {
        // Given a fleet of 40 models over two teams, some without lineage and some on GPUs, in dev and prod
        foreach (var env in new[] { EnvironmentTier.Dev, EnvironmentTier.Prod })
        {
            var models = Enumerable.Range(0, 40).Select(i => SampleSpecs.Model(
                $"model{i:00}", i % 2 == 0 ? "fraud" : "search", gpus: i % 7 == 0 ? 1 : 0, omitLineage: i % 5 == 0)).ToArray();
            var spec = SampleSpecs.Dev(env: env, models: models);
            var view = Priced(spec, ProgramViews.From(SampleSpecs.Render(spec)), PackHarness.DevPolicyConfig);

            // Then the type-indexed evaluation reports exactly what the oracle does, and finds something to compare
            var report = AssertSameReport(view, PolicyRegistry.Load().Policies, WaiverSet.Empty);
            Assert.NotEmpty(report.Findings);
        }
    }

    [Fact]
    public void Should_Report_What_Every_Policy_On_Every_Resource_Reports_On_Every_Policy_Fixture()
    {
        // Given every fixture program of every policy, in dev and in prod
        var findings = 0;
        foreach (var (name, resources) in Fixtures())
            foreach (var env in new[] { EnvironmentTier.Dev, EnvironmentTier.Prod })
            {
                var spec = SampleSpecs.Dev(env: env);
                var view = Priced(spec, resources, PackHarness.DevPolicyConfig);

                // Then all built-in policies report the same through the type index as through the oracle
                findings += AssertSameReport(view, PolicyRegistry.Load().Policies, WaiverSet.Empty, name).Findings.Count;
            }
        Assert.True(findings > 500, $"the fixtures gave only {findings} findings to compare");
    }

    [Fact]
    public void Should_Judge_The_Type_Of_Every_Resource_A_Policy_Applies_To()
    {
        // Given the example stacks and every policy fixture, judged by every built-in and custom resource policy
        var views = StackNames().Select(name => ExampleStack(name).View)
            .Concat(Fixtures().SelectMany(f => new[] { EnvironmentTier.Dev, EnvironmentTier.Prod }
                .Select(env => Priced(SampleSpecs.Dev(env: env), f.Resources, PackHarness.DevPolicyConfig))));
        var policies = ExampleStack("dev").Policies.OfType<ResourcePolicy>().ToList();

        // When a policy applies to a resource, Then it declares the resource's type as one it judges
        var missed = new SortedSet<string>(StringComparer.Ordinal);
        var applied = 0;
        foreach (var view in views)
            foreach (var policy in policies)
                foreach (var resource in view.Resources)
                {
                    bool applies;
                    try { applies = policy.AppliesTo(resource, view); }
                    catch (Exception) { applies = true; } // the engine reports a throw as a finding: the type must be judged
                    if (!applies) continue;
                    applied++;
                    if (!policy.JudgesType(resource.Type)) missed.Add($"{policy.Id} applies to {resource.Type} ({resource.Name}) but does not judge the type");
                }
        Assert.True(missed.Count == 0, string.Join("\n", missed));
        Assert.True(applied > 1000, $"only {applied} (policy, resource) pairs applied: the check proves little");
    }

    [Fact]
    public void Should_Offer_A_Policy_Only_The_Resources_Of_Its_Types_In_Stack_Order()
    {
        // Given a view mixing three types
        var spec = SampleSpecs.Dev();
        var view = new StackView(spec.Stack, [R("a", "t:one"), R("b", "t:two"), R("c", "t:three"), R("d", "t:one"), R("e", "t:two")], spec, PackHarness.DevPolicyConfig);

        // When the resources of two types are asked for, Then they come in stack order; none for an unknown type
        Assert.Equal(["a", "b", "d", "e"], view.OfTypes(t => t is "t:one" or "t:two").Select(r => r.Name));
        Assert.Equal(["c"], view.OfTypes(t => t == "t:three").Select(r => r.Name));
        Assert.Empty(view.OfTypes(t => t == "t:four"));
        Assert.Equal(["t:one", "t:two", "t:three"], view.Types);
    }

    private static IEnumerable<string> StackNames() =>
        Directory.GetFiles(CliHarness.RepoRoot(), "Pulumi.*.yaml").Select(f => Path.GetFileName(f)["Pulumi.".Length..^".yaml".Length]).Order(StringComparer.Ordinal);

    private static ResourceView R(string name, string type) => new(name, type, ["c"], new Components.Model.MapValue());

    private static PolicyReport AssertSameReport(StackView view, IReadOnlyList<Policy> policies, WaiverSet waivers, string? what = null)
    {
        var indexed = Policies.Engine.PolicyEngine.Evaluate(view, policies, waivers, Today);
        var oracle = Policies.Engine.PolicyEngine.Evaluate(view, policies.Select(EveryType).ToList(), waivers, Today);
        var context = what ?? view.Stack.StackName;
        Assert.True(Lines(oracle.Findings.Select(Describe)) == Lines(indexed.Findings.Select(Describe)), $"{context}: findings differ");
        Assert.True(oracle.Checks.SequenceEqual(indexed.Checks), $"{context}: checks differ");
        Assert.True(Lines(oracle.Policies.Select(Describe)) == Lines(indexed.Policies.Select(Describe)), $"{context}: results differ");
        Assert.Equal(oracle.Digest, indexed.Digest);
        Assert.Equal(oracle.UnusedWaivers, indexed.UnusedWaivers);
        return indexed;
    }

    private static string Lines(IEnumerable<string> lines) => string.Join("\n", lines);

    private static string Describe(Finding f) =>
        string.Join("|", f.PolicyId, f.Pack, f.Severity, f.Enforcement, f.Resource, f.Component, f.ComponentPath, f.ResourceType, f.PropertyPath,
            f.Observed, f.Message, f.Remediation, string.Join(",", f.Frameworks), f.Waiver, f.IsError);

    private static string Describe(PolicyResult r) => $"{r.Id}|{r.Name}|{r.Status}|{r.Enforcement}|{r.Counts}|{r.Settings?.ToJsonString()}";

    private static StackView Priced(SupplyChainSpec spec, IReadOnlyList<ResourceView> resources, PolicyConfig config) =>
        new(spec.Stack, resources, spec, config, CostModel.Estimate(resources, spec.Stack, spec, Catalog.Value, config.KubernetesRates));

    private static (StackView View, IReadOnlyList<Policy> Policies, WaiverSet Waivers) ExampleStack(string stackName)
    {
        var root = CliHarness.RepoRoot();
        var settings = StackSettingsReader.Read(ConfigSource.FromStackFile(root, stackName));
        var clock = new Mock<TimeProvider>();
        clock.Setup(c => c.GetUtcNow()).Returns(new DateTimeOffset(Today, TimeOnly.MinValue, TimeSpan.Zero));
        var program = new SynthPipeline(root, PhysicalFileSystem.Instance, clock.Object).Run(settings).Program;
        var spec = EvaluationEvidenceLoader.Attach(settings.Spec, root);
        var inputs = new PolicyInputs(root, PhysicalFileSystem.Instance);
        return (Priced(spec, ProgramViews.From(program), settings.Policy), inputs.Policies(settings.Policy).Policies, inputs.Waivers(settings));
    }

    private static IEnumerable<(string Name, IReadOnlyList<ResourceView> Resources)> Fixtures()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Policies");
        foreach (var path in Directory.GetFiles(root, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            yield return (Path.GetRelativePath(root, path), ProgramViews.From(PulumiYamlReader.Read(File.ReadAllText(path), path)));
    }

    /// <summary>The oracle's policy: the same policy, but it judges every type, so the engine asks it about every resource.</summary>
    private static Policy EveryType(Policy policy) => policy is ResourcePolicy resourcePolicy ? new EveryTypePolicy(resourcePolicy) : policy;

    private sealed class EveryTypePolicy(ResourcePolicy inner) : ResourcePolicy
    {
        public override string Id => inner.Id;
        public override string Pack => inner.Pack;
        public override string Name => inner.Name;
        public override string Title => inner.Title;
        public override string Rationale => inner.Rationale;
        public override string Remediation => inner.Remediation;
        public override Severity Severity => inner.Severity;
        public override Enforcement DefaultEnforcement => inner.DefaultEnforcement;
        public override IReadOnlyList<FrameworkControl> Controls => inner.Controls;
        public override IReadOnlyList<string> PeerEquivalents => inner.PeerEquivalents;
        public override IReadOnlyList<PolicySetting> Settings => inner.Settings;
        public override bool JudgesType(string type) => true;
        public override bool AppliesTo(ResourceView resource, StackView stack) => inner.AppliesTo(resource, stack);
        public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack) => inner.Evaluate(resource, stack);
    }
}
