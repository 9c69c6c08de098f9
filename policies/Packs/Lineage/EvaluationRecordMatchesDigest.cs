using Supplychain.Components.Domain;
using Supplychain.Components.Domain.Evaluation;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Lineage;

/// <summary>LIN014: the evaluation record a model cites exists, is a record, and its bytes have the declared sha256.</summary>
public sealed class EvaluationRecordMatchesDigest : EvaluationEvidencePolicy
{
    public override string Id => "LIN014";
    public override string Title => "A model's cited evaluation record must exist and match its declared digest";
    public override string Rationale =>
        "The record is the evidence behind the model's metrics. A missing record, or one edited after the digest was taken, " +
        "proves nothing: the lineage would cite evidence that is not there.";
    public override string Remediation =>
        "Commit the record `supplychain evaluate --out` wrote at lineage.evaluation.uri (relative to the project) and set " +
        "lineage.evaluation.digest to the digest it printed (sha256 of the file's bytes); never edit a record by hand.";
    public override Severity Severity => Severity.Critical;
    public override IReadOnlyList<FrameworkControl> Controls =>
    [
        Frameworks.EuAiAct("Art. 11"), Frameworks.EuAiAct("Art. 12"), Frameworks.NistAiRmf("MEASURE 2.1"),
        Frameworks.Iso42001("A.6.2.4"), Frameworks.Soc2("CC8.1"),
    ];

    protected override IEnumerable<Violation> Check(ModelSpec model, EvaluationReference reference, string at, StackView stack)
    {
        var evidence = reference.Evidence;
        if (evidence is null)
            yield return new Violation(null, at + ".uri", reference.Uri, $"model '{model.Name}' evaluation record {reference.Uri} was not read; it cannot be verified");
        else if (evidence.ActualDigest is null)
            yield return new Violation(null, at + ".uri", reference.Uri, $"model '{model.Name}' evaluation record {reference.Uri}: {evidence.Problem}");
        else if (evidence.ActualDigest != reference.Digest)
            yield return new Violation(null, at + ".digest", reference.Digest,
                $"model '{model.Name}' evaluation record {reference.Uri} has digest {evidence.ActualDigest}, not the declared {reference.Digest}");
        else if (evidence.Record is null)
            yield return new Violation(null, at + ".uri", reference.Uri, $"model '{model.Name}' evaluation record {reference.Uri} is {evidence.Problem}");
    }
}
