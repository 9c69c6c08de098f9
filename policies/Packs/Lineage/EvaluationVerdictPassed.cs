using Supplychain.Components.Domain;
using Supplychain.Components.Domain.Evaluation;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Lineage;

/// <summary>LIN017: the evaluation record's verdict is <c>passed</c>: every gate the evaluation applied held.</summary>
public sealed class EvaluationVerdictPassed : EvaluationEvidencePolicy
{
    public override string Id => "LIN017";
    public override string Title => "A model's evaluation record must carry a passed verdict";
    public override string Rationale =>
        "A failed evaluation is the pipeline saying the model is not fit to release; citing it as lineage must not let the model ship.";
    public override string Remediation =>
        "Retrain or fix the model until `supplychain evaluate` passes its gates, then cite the passing record.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls =>
    [
        Frameworks.EuAiAct("Art. 15"), Frameworks.EuAiAct("Art. 9"), Frameworks.NistAiRmf("MANAGE 1.1"), Frameworks.Iso42001("A.6.2.5"),
    ];

    protected override IEnumerable<Violation> Check(ModelSpec model, EvaluationReference reference, string at, StackView stack)
    {
        if (Verified(reference) is not { } record || record.Verdict == EvaluationRecord.Passed) yield break;
        var failed = record.Gates.Where(g => !g.Passed).Select(g => g.Message).ToList();
        yield return new Violation(null, at + ".uri", record.Verdict,
            $"model '{model.Name}' evaluation verdict is {record.Verdict}" + (failed.Count > 0 ? ": " + string.Join("; ", failed) : ""));
    }
}
