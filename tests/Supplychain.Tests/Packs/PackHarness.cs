using Supplychain.Components.Domain;
using Supplychain.Components.Yaml;
using Supplychain.Policies.Engine;
using Supplychain.Policies.View;
using Supplychain.Tests.Support;

namespace Supplychain.Tests.Packs;

/// <summary>
/// Runs one policy the way the engine does (resource policies on every applicable view, stack policies once), on
/// fixture programs or on rendered specs. The engine itself is tested elsewhere; packs need only this loop.
/// </summary>
public static class PackHarness
{
    /// <summary>The dev stack's policy settings (Pulumi.dev.yaml, supplychain:policy).</summary>
    public static PolicyConfig DevPolicyConfig { get; } = new(
        new Dictionary<string, Enforcement>(),
        new Dictionary<string, decimal> { ["auc"] = 0.9m },
        ["ghcr.io/acme-ml"]);

    public static StackView FixtureStack(string policy, string fixture, EnvironmentTier env)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Policies", policy, fixture + ".yaml");
        var program = PulumiYamlReader.Read(File.ReadAllText(path), path);
        var spec = SampleSpecs.Dev(env: env);
        return new StackView(spec.Stack, ProgramViews.From(program), spec, DevPolicyConfig);
    }

    public static StackView SpecStack(SupplyChainSpec spec, PolicyConfig? config = null) =>
        new(spec.Stack, ProgramViews.From(SampleSpecs.Render(spec)), spec, config ?? DevPolicyConfig);

    public static IReadOnlyList<Violation> Run(Policy policy, StackView stack) => policy switch
    {
        ResourcePolicy r => stack.Resources.Where(v => Applies(r, v, stack)).SelectMany(v => r.Evaluate(v, stack)).ToList(),
        StackPolicy s => s.AppliesTo(stack) ? s.Evaluate(stack).ToList() : [],
        _ => throw new ArgumentException($"unknown policy kind {policy.GetType().Name}"),
    };

    /// <summary>
    /// Whether the policy applies to the resource; when it does, the policy must also judge the resource's type, or the
    /// engine (which offers a policy only the types it judges) would silently drop the resource's findings.
    /// </summary>
    private static bool Applies(ResourcePolicy policy, ResourceView resource, StackView stack)
    {
        if (!policy.AppliesTo(resource, stack)) return false;
        Assert.True(policy.JudgesType(resource.Type), $"{policy.Id} applies to {resource.Name} of type {resource.Type}, a type it does not judge (JudgesType)");
        return true;
    }

    public static IReadOnlyList<Policy> Pack(string pack) =>
        typeof(Policy).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && t.IsSubclassOf(typeof(Policy)) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (Policy)Activator.CreateInstance(t)!)
            .Where(p => p.Pack == pack)
            .OrderBy(p => p.Id, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Checkov's two sides: the resources the policy judged and passed, and those it failed (a stack policy's single
    /// judgement is <c>&lt;stack&gt;</c>). A resource the policy does not apply to is in neither set.
    /// </summary>
    public static (IReadOnlySet<string> Passed, IReadOnlySet<string> Failed) Outcomes(Policy policy, StackView stack)
    {
        var failed = Run(policy, stack).Select(v => v.Resource ?? "<stack>").ToHashSet();
        var judged = policy switch
        {
            ResourcePolicy r => stack.Resources.Where(v => Applies(r, v, stack)).Select(v => v.Name).ToHashSet(),
            StackPolicy s => s.AppliesTo(stack) ? new HashSet<string> { "<stack>" } : [],
            _ => throw new ArgumentException($"unknown policy kind {policy.GetType().Name}"),
        };
        return (judged.Where(n => !failed.Contains(n)).ToHashSet(), failed);
    }

    /// <summary>
    /// Asserts the fixture's name states its outcome and the exact set of violating resources; a -PASSED fixture must be
    /// judged (a fixture the policy does not apply to proves nothing) and every judged resource passes.
    /// </summary>
    public static void AssertFixture(Policy policy, string fixture, EnvironmentTier env, string[] expected)
    {
        Assert.True(fixture.EndsWith("-PASSED", StringComparison.Ordinal) == (expected.Length == 0),
            $"{fixture}: a -PASSED fixture expects no violations and a -FAILED fixture some");
        var stack = FixtureStack(policy.GetType().Name, fixture, env);
        var (passed, failed) = Outcomes(policy, stack);
        Assert.Equal(expected.OrderBy(x => x), failed.OrderBy(x => x));
        if (expected.Length == 0) Assert.True(passed.Count > 0, $"{fixture}: {policy.Id} applies to no resource of the fixture, so passing it proves nothing");
    }

    /// <summary>Asserts both sides exactly: the resources that pass and the resources that fail.</summary>
    public static void AssertFixture(Policy policy, string fixture, EnvironmentTier env, string[] expectedPassed, string[] expectedFailed)
    {
        Assert.True(fixture.EndsWith("-PASSED", StringComparison.Ordinal) == (expectedFailed.Length == 0),
            $"{fixture}: a -PASSED fixture expects no violations and a -FAILED fixture some");
        Assert.True(expectedPassed.Length > 0 || expectedFailed.Length > 0, $"{fixture}: a fixture must be judged on at least one resource");
        var (passed, failed) = Outcomes(policy, FixtureStack(policy.GetType().Name, fixture, env));
        Assert.Equal(expectedFailed.Order(StringComparer.Ordinal), failed.Order(StringComparer.Ordinal));
        Assert.Equal(expectedPassed.Order(StringComparer.Ordinal), passed.Order(StringComparer.Ordinal));
    }
}
