using Supplychain.Components.Domain;
using Supplychain.Policies.Engine;
using static Supplychain.Policies.Cost.ViewValues;

namespace Supplychain.Policies.Packs.Cost;

/// <summary>COST007: cloud stacks declare the provider's budget alert, at the stack's budget, with notifications.</summary>
public sealed class BudgetAlertDeclared : StackPolicy, IJudgesWholeStack
{
    public const string AwsBudget = "aws:budgets:Budget";
    public const string AzureBudget = "azure-native:consumption:Budget";

    public override string Id => "COST007";
    public override string Pack => CostPack.Name;
    public override string Title => "Cloud stacks must declare a budget alert at the stack's budget";
    public override string Rationale =>
        "The estimate is a forecast; the cloud's own budget alert watches the real bill (data transfer, requests, forgotten resources) and notifies " +
        "people before the month ends. Not applicable to local stacks, which have no cloud bill.";
    public override string Remediation =>
        "Render an aws:budgets:Budget (limitAmount = budget.monthlyUsd, notifications) or an azure-native:consumption:Budget (amount, notifications) " +
        "from supplychain:budget.";
    public override Severity Severity => Severity.Medium;
    public override IReadOnlyList<FrameworkControl> Controls => [CostPack.Soc2Monitoring, CostPack.NistManageMonitoring];

    public override bool AppliesTo(StackView stack) => stack.Stack.Target is DeploymentTarget.Aws or DeploymentTarget.Azure;

    public override IEnumerable<Violation> Evaluate(StackView stack)
    {
        var (type, amountPath) = stack.Stack.Target == DeploymentTarget.Aws ? (AwsBudget, "limitAmount") : (AzureBudget, "amount");
        var alerts = stack.Resources.Where(r => NormalizedType(r.Type) == type).ToList();
        if (alerts.Count == 0)
        {
            yield return new Violation(null, "budget", null, $"The stack declares no {type} resource to alert on actual spend.");
            yield break;
        }
        foreach (var alert in alerts)
        {
            if (alert.Properties.At("notifications") is not ({ IsComputed: true } or Components.Model.ListValue { Count: > 0 } or Components.Model.MapValue { Count: > 0 }))
                yield return new Violation(alert.Name, "notifications", null, "The budget alert notifies no one.");
            var declared = stack.Spec?.Budget?.MonthlyUsd;
            var amount = Number(alert.Properties.At(amountPath));
            if (declared is not null && amount is not null && amount != declared)
                yield return new Violation(alert.Name, amountPath, Format(amount.Value),
                    $"The budget alert's amount {Format(amount.Value)} differs from the stack's budget {Format(declared.Value)}.");
        }
    }
}
