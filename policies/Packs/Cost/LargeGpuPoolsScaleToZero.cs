using Supplychain.Policies.Cost;
using Supplychain.Policies.Cost.Catalog;
using Supplychain.Policies.Engine;
using static Supplychain.Policies.Cost.ViewValues;

namespace Supplychain.Policies.Packs.Cost;

/// <summary>
/// COST011: node groups of large GPU types scale to zero when idle (minimum 0), judged from the node group resources
/// themselves (instance type, its GPU count and price in the catalog, min size), so an audit of engine output finds them
/// without the stack config. Large: 4 or more GPUs, or an on-demand price of at least <see cref="LargeHourlyUsd"/> USD per
/// hour; types the catalog lacks count as large in the AWS p family and Azure ND series.
/// </summary>
public sealed class LargeGpuPoolsScaleToZero : ResourcePolicy
{
    public const decimal LargeHourlyUsd = 3m;
    private static readonly Lazy<PriceCatalog> Prices = new(PriceCatalog.Embedded);

    public override string Id => "COST011";
    public override string Pack => CostPack.Name;
    public override string Title => "Node groups of large GPU types must scale to zero when idle";
    public override string Rationale =>
        "A warm p5 or A100 node costs thousands of dollars a month whether or not a job runs; training and batch pools of large GPUs " +
        "should start from zero and let the autoscaler add nodes when pods are pending. A serving pool that needs warm large GPUs says so in a waiver.";
    public override string Remediation =>
        "Set the minimum to 0 (scalingConfig.minSize on EKS, minCount with enableAutoScaling on AKS), or waive COST011 for the serving pool with the reason.";
    public override Severity Severity => Severity.High;
    public override Enforcement DefaultEnforcement => Enforcement.Advisory;
    public override IReadOnlyList<FrameworkControl> Controls => [CostPack.IsoComputingResources, CostPack.NistManageResources];

    public override bool JudgesType(string type) => NodeGroups.MayDeclare(type);

    public override bool AppliesTo(ResourceView resource, StackView stack) => LargeGroups(resource).Any();

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        foreach (var g in LargeGroups(resource).Where(g => g.MinNodes is not 0))
            yield return new Violation(resource.Name, g.MinNodesPath, g.MinNodes?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"GPU node group '{g.Name}' of the large type {Text(g.InstanceType)} keeps {g.MinNodes?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "an undeclared number of"} node(s) warm.");
    }

    private static IEnumerable<NodeGroup> LargeGroups(ResourceView resource) =>
        NodeGroups.In([resource]).Where(g => Text(g.InstanceType) is { } type && IsLarge(g.Provider, type));

    /// <summary>Large by the catalog (GPUs, price), or by family when the catalog lacks the type.</summary>
    public static bool IsLarge(string provider, string type)
    {
        // Size is a hardware fact: any region's entry tells the GPUs, and its price is only a size signal here, not a cost.
        if (Prices.Value.Hardware(provider, type) is { } price)
            return price.Gpus >= 4 || price.Gpus > 0 && price.HourlyUsd >= LargeHourlyUsd;
        return provider switch
        {
            "aws" => type.Length > 2 && type[0] == 'p' && char.IsDigit(type[1]),
            "azure" => type.StartsWith("Standard_ND", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
    }
}
