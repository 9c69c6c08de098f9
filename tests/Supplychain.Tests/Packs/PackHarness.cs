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
        ResourcePolicy r => stack.Resources.Where(v => r.AppliesTo(v, stack)).SelectMany(v => r.Evaluate(v, stack)).ToList(),
        StackPolicy s => s.AppliesTo(stack) ? s.Evaluate(stack).ToList() : [],
        _ => throw new ArgumentException($"unknown policy kind {policy.GetType().Name}"),
    };

    public static IReadOnlyList<Policy> Pack(string pack) =>
        typeof(Policy).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && t.IsSubclassOf(typeof(Policy)) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (Policy)Activator.CreateInstance(t)!)
            .Where(p => p.Pack == pack)
            .OrderBy(p => p.Id, StringComparer.Ordinal)
            .ToList();

    /// <summary>Asserts the fixture's name states its outcome and the exact set of violating resources.</summary>
    public static void AssertFixture(Policy policy, string fixture, EnvironmentTier env, string[] expected)
    {
        Assert.True(fixture.EndsWith("-PASSED", StringComparison.Ordinal) == (expected.Length == 0),
            $"{fixture}: a -PASSED fixture expects no violations and a -FAILED fixture some");
        var stack = FixtureStack(policy.GetType().Name, fixture, env);
        var violating = Run(policy, stack).Select(v => v.Resource ?? "<stack>").ToHashSet();
        Assert.Equal(expected.OrderBy(x => x), violating.OrderBy(x => x));
    }
}
