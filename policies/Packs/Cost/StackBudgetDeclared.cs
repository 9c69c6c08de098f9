using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Cost;

/// <summary>COST001: a budget is an explicit promise, so every stack in every environment declares one.</summary>
public sealed class StackBudgetDeclared : StackPolicy
{
    public override string Id => "COST001";
    public override string Pack => CostPack.Name;
    public override string Title => "Every stack must declare a monthly budget";
    public override string Rationale =>
        "A budget is an explicit promise of what the supply chain may cost. Without one, the cost gates have nothing to hold the estimate to, " +
        "and GPU spend — the largest line of an ML platform — grows unnoticed. This holds in every environment: dev GPU pools cost real money too.";
    public override string Remediation => "Set supplychain:budget.monthlyUsd (> 0) and budget.alertEmails in the stack's config (Pulumi.<stack>.yaml).";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [CostPack.IsoComputingResources, CostPack.NistManageResources];

    public override bool AppliesTo(StackView stack) => stack.Spec is not null;

    public override IEnumerable<Violation> Evaluate(StackView stack)
    {
        var budget = stack.Spec!.Budget;
        if (budget is null)
            yield return new Violation(null, "budget.monthlyUsd", null, $"Stack '{stack.Stack.StackName}' declares no monthly budget.");
        else if (budget.MonthlyUsd <= 0)
            yield return new Violation(null, "budget.monthlyUsd", budget.MonthlyUsd.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "The monthly budget must be greater than 0.");
    }
}
