using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Cost;

/// <summary>COST002: the stack's maximum monthly estimate stays within its budget.</summary>
public sealed class StackWithinBudget : StackPolicy, IJudgesWholeStack
{
    public override string Id => "COST002";
    public override string Pack => CostPack.Name;
    public override string Title => "The stack's maximum estimated monthly cost must stay within its budget";
    public override string Rationale =>
        "The gate uses the MAXIMUM estimate — every node pool at its maximum size, every autoscaled workload at its maximum replicas — " +
        "because the autoscalers may reach it without any new deployment: what the stack is allowed to spend is what the budget must cover. " +
        "Judging the expected figure would approve a stack that can legitimately overspend.";
    public override string Remediation =>
        "Lower GPU pools' maxNodes, use spot capacity or smaller instance types, reduce replicas or requests — or raise supplychain:budget.monthlyUsd " +
        "after the budget owner agrees. Run `cost --stack NAME` to see which lines dominate.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [CostPack.IsoComputingResources, CostPack.NistManageResources, CostPack.Soc2Capacity];

    public override bool AppliesTo(StackView stack) => stack.Spec?.Budget is not null && stack.Cost is not null;

    public override IEnumerable<Violation> Evaluate(StackView stack)
    {
        var budget = stack.Spec!.Budget!.MonthlyUsd;
        var cost = stack.Cost!;
        if (cost.MaxUsd > budget)
            yield return new Violation(null, "budget.monthlyUsd", CostPack.Usd(budget),
                $"The maximum estimated monthly cost {CostPack.Usd(cost.MaxUsd)} (every pool at its maximum; expected {CostPack.Usd(cost.ExpectedUsd)}) " +
                $"exceeds the budget of {CostPack.Usd(budget)}.");
    }
}
