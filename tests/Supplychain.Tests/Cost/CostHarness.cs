using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Components.Yaml;
using Supplychain.Policies.Cost;
using Supplychain.Policies.Cost.Catalog;
using Supplychain.Policies.Engine;
using Supplychain.Policies.View;

namespace Supplychain.Tests.Cost;

/// <summary>Builds stack views priced with the shipped catalog, and runs one cost policy the way the engine will.</summary>
internal static class CostHarness
{
    public const string StackFinding = "<stack>";

    public static PriceCatalog Catalog { get; } = PriceCatalog.Embedded();

    public static PulumiProgram Fixture(string policy, string caseName) =>
        PulumiYamlReader.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Policies", policy, caseName + ".yaml")), caseName);

    public static StackView View(IReadOnlyList<ResourceView> resources, StackContext stack, SupplyChainSpec? spec, KubernetesRates? rates = null) =>
        new(stack, resources, spec, PolicyConfig.Default, CostModel.Estimate(resources, stack, spec, Catalog, rates));

    public static StackView View(PulumiProgram program, StackContext stack, SupplyChainSpec? spec) =>
        View([.. ProgramViews.From(program), .. RegionOf(stack.Target)], stack, spec);

    /// <summary>What states the region of a cloud program: its explicit AWS provider, or its Azure resource group's location.</summary>
    public static ResourceView[] RegionOf(DeploymentTarget target, string? region = null) => target switch
    {
        DeploymentTarget.Aws => [new("aws-provider", "pulumi:providers:aws", ["platform"], new MapValue { ["region"] = region ?? "us-east-1" })],
        DeploymentTarget.Azure => [new("resource-group", "azure-native:resources:ResourceGroup", ["platform"], new MapValue { ["location"] = region ?? "eastus" })],
        _ => [],
    };

    /// <summary>The violating resources (stack-level findings as <see cref="StackFinding"/>); null when the policy does not apply.</summary>
    public static IReadOnlySet<string>? Violating(StackPolicy policy, StackView view) =>
        !policy.AppliesTo(view) ? null : policy.Evaluate(view).Select(v => v.Resource ?? StackFinding).ToHashSet();

    public static IReadOnlyList<Violation> Violations(StackPolicy policy, StackView view) =>
        policy.AppliesTo(view) ? policy.Evaluate(view).ToList() : [];

    /// <summary>A resource policy's violations over every resource it applies to.</summary>
    public static IReadOnlyList<Violation> Violations(ResourcePolicy policy, StackView view) =>
        view.Resources.Where(r => policy.AppliesTo(r, view)).SelectMany(r => policy.Evaluate(r, view)).ToList();

    public static ResourceView Resource(string name, string type, MapValue properties, params string[] componentPath) =>
        new(name, type, componentPath.Length > 0 ? componentPath : [name.Split('-')[0]], properties);
}
