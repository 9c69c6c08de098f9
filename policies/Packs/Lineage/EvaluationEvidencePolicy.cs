using Supplychain.Components.Domain;
using Supplychain.Components.Domain.Evaluation;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Lineage;

/// <summary>
/// A lineage policy judged on the evaluation record a model's lineage cites (<c>lineage.evaluation</c>). Models that
/// cite none are not applicable; a record that could not be read is LIN014's finding, not every policy's.
/// </summary>
public abstract class EvaluationEvidencePolicy : StackPolicy
{
    public override string Pack => "lineage";

    public override bool AppliesTo(StackView stack) => stack.Spec?.Models.Any(m => m.Lineage?.Evaluation is not null) == true;

    public override IEnumerable<Violation> Evaluate(StackView stack)
    {
        foreach (var model in stack.Spec!.Models)
        {
            if (model.Lineage?.Evaluation is not { } reference) continue;
            var at = $"models.{model.Name}.lineage.evaluation";
            foreach (var v in Check(model, reference, at, stack)) yield return v;
        }
    }

    protected abstract IEnumerable<Violation> Check(ModelSpec model, EvaluationReference reference, string at, StackView stack);

    /// <summary>The record when it was read, parsed and matches its declared digest; else null (LIN014 reports why).</summary>
    protected static EvaluationRecord? Verified(EvaluationReference reference) =>
        reference.Evidence is { Record: { } record, ActualDigest: { } digest } && digest == reference.Digest ? record : null;
}
