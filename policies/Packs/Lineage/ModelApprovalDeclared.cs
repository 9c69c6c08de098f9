using Supplychain.Components.Domain;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Lineage;

/// <summary>
/// LIN013: outside dev every model in the config declares its approval record: in staging a status that is not
/// <c>rejected</c>, in prod <c>approved</c> with approver and ISO date. The config-level twin of LIN007, so a model
/// left out of rendering (or rendered without annotations) is still judged.
/// </summary>
public sealed class ModelApprovalDeclared : StackPolicy
{
    private static readonly string[] Statuses = ["approved", "pending", "rejected"];

    public override string Id => "LIN013";
    public override string Pack => "lineage";
    public override string Title => "Outside dev, every declared model must declare its approval (prod: approved, by whom, when)";
    public override string Rationale =>
        "The approval decision belongs to the model's record in config, reviewed with the change that promotes it; staging and prod " +
        "may not receive a model whose approval is unknown, and prod only one that was approved by a named approver on a date.";
    public override string Remediation => "Add lineage.approval {status, by, at} to the model under supplychain:models once the review board decided.";
    public override Severity Severity => Severity.Critical;
    public override IReadOnlyList<FrameworkControl> Controls =>
        [Frameworks.EuAiAct("Art. 14"), Frameworks.EuAiAct("Art. 17"), Frameworks.NistAiRmf("MANAGE 1.1"), Frameworks.Iso42001("A.6.2.5")];

    public override bool AppliesTo(StackView stack) => stack.Spec is not null && stack.Stack.Environment != EnvironmentTier.Dev;

    public override IEnumerable<Violation> Evaluate(StackView stack)
    {
        var prod = stack.Stack.Environment == EnvironmentTier.Prod;
        foreach (var model in stack.Spec!.Models)
        {
            var at = $"models.{model.Name}.lineage.approval";
            var approval = model.Lineage?.Approval;
            if (approval is null)
            {
                yield return new Violation(null, at, null, $"model '{model.Name}' declares no approval");
                continue;
            }
            if (!Statuses.Contains(approval.Status))
                yield return new Violation(null, at + ".status", approval.Status, $"model '{model.Name}' approval status must be one of {string.Join(", ", Statuses)}");
            else if (prod && approval.Status != ReleaseApproved.Approved)
                yield return new Violation(null, at + ".status", approval.Status, $"model '{model.Name}' is not approved for prod");
            else if (!prod && approval.Status == ReleaseApproved.Rejected)
                yield return new Violation(null, at + ".status", approval.Status, $"model '{model.Name}' was rejected and cannot be staged");
            if (!prod) continue;
            if (string.IsNullOrWhiteSpace(approval.By))
                yield return new Violation(null, at + ".by", null, $"model '{model.Name}' approval names no approver");
            if (approval.At is null || !ReleaseApproved.IsIsoDate(approval.At))
                yield return new Violation(null, at + ".at", approval.At, $"model '{model.Name}' approval date is missing or not yyyy-mm-dd");
        }
    }
}
