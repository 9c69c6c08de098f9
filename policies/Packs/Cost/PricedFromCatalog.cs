using Supplychain.Policies.Cost;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Cost;

/// <summary>COST008: every instance type, VM size and SKU the stack buys is priced by the catalog — an unknown one is never $0.</summary>
public sealed class PricedFromCatalog : StackPolicy
{
    public override string Id => "COST008";
    public override string Pack => CostPack.Name;
    public override string Title => "Every instance type, VM size and SKU must be priced by the catalog";
    public override string Rationale =>
        "An item the catalog cannot price would otherwise count as $0, and a budget gate that silently ignores a p5.48xlarge (55 USD an hour) " +
        "is worse than none. Sizes only known after apply cannot be priced either, so they must be literal in the program.";
    public override string Remediation =>
        "Use an instance type / SKU the catalog lists (policies/Cost/Catalog/price-catalog.json), or add the missing entry to the catalog with its " +
        "source (see the catalog's README); make sizes literal values rather than references.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [CostPack.IsoResourceDocumentation, CostPack.NistManageResources];

    public override bool AppliesTo(StackView stack) => stack.Cost is not null;

    public override IEnumerable<Violation> Evaluate(StackView stack) =>
        stack.Cost!.Unpriced.Where(u => u.Kind != UnpricedKind.InsideChart)
            .Select(u => new Violation(u.Resource, null, null, $"Not priced: {u.Reason}."));
}
