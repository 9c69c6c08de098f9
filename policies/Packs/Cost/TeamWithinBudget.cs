using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Cost;

/// <summary>COST003: every team that owns priced resources declares a budget, and its maximum estimate stays within it.</summary>
public sealed class TeamWithinBudget : StackPolicy, IJudgesWholeStack
{
    public override string Id => "COST003";
    public override string Pack => CostPack.Name;
    public override string Title => "Every team owning priced resources must declare a monthly budget and stay within it";
    public override string Rationale =>
        "Teams spend the platform's money through their models' serving replicas and GPUs. A team budget makes that spend an explicit promise " +
        "owned by the team, and the maximum estimate (every workload at its maximum replicas) is what it must cover.";
    public override string Remediation =>
        "Declare monthlyBudgetUsd on the team in supplychain:teams, or reduce the team's replicas, requests or GPUs. " +
        "Resources in a team-NAME namespace or tagged team/supplychain.dev/team are attributed to that team.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [CostPack.IsoComputingResources, CostPack.NistManageResources];

    public override bool AppliesTo(StackView stack) => stack.Spec is not null && stack.Cost is not null;

    public override IEnumerable<Violation> Evaluate(StackView stack)
    {
        foreach (var (name, max) in stack.Cost!.MaxByTeam)
        {
            if (max <= 0) continue;
            var team = Declared.Team(stack.Spec!, name);
            if (team is null)
                yield return new Violation(null, $"teams[{name}]", null,
                    $"Resources costing up to {CostPack.Usd(max)} a month belong to team '{name}', which the stack does not declare, so it has no budget.");
            else if (team.MonthlyBudgetUsd is not { } budget)
                yield return new Violation(null, $"teams[{name}].monthlyBudgetUsd", null,
                    $"Team '{name}' owns resources costing up to {CostPack.Usd(max)} a month but declares no monthly budget.");
            else if (max > budget)
                yield return new Violation(null, $"teams[{name}].monthlyBudgetUsd", CostPack.Usd(budget),
                    $"Team '{name}''s maximum estimated monthly cost {CostPack.Usd(max)} exceeds its budget of {CostPack.Usd(budget)}.");
        }
    }
}
