using Supplychain.Components.Domain;
using Supplychain.Components.Domain.Evaluation;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Lineage;

/// <summary>
/// LIN015: the evaluation record measured the declared model on the declared dataset: its artifact digest equals
/// <c>artifact.digest</c> and its dataset digest equals <c>lineage.datasetDigest</c>. A record made from a predictions
/// file names no artifact; it must then name the declared model and version.
/// </summary>
public sealed class EvaluationCoversDeclaredArtifacts : EvaluationEvidencePolicy
{
    public override string Id => "LIN015";
    public override string Title => "A model's evaluation record must have measured the declared artifact on the declared dataset";
    public override string Rationale =>
        "Metrics are true of one artifact on one dataset. A record of another build or another sample says nothing about the model " +
        "being released, however good its numbers.";
    public override string Remediation =>
        "Re-run `supplychain evaluate --model-name <model>` on the declared artifact and the pinned dataset, then cite the new record; " +
        "or correct artifact.digest / lineage.datasetDigest if the record is right and the config is stale.";
    public override Severity Severity => Severity.Critical;
    public override IReadOnlyList<FrameworkControl> Controls =>
    [
        Frameworks.EuAiAct("Art. 10"), Frameworks.EuAiAct("Art. 15"), Frameworks.NistAiRmf("MEASURE 2.3"),
        Frameworks.Iso42001("A.7.5"), Frameworks.Soc2("CC8.1"),
    ];

    protected override IEnumerable<Violation> Check(ModelSpec model, EvaluationReference reference, string at, StackView stack)
    {
        if (Verified(reference) is not { } record) yield break;
        if (record.Artifact is { } artifact && artifact.Digest != model.Artifact.Digest)
            yield return new Violation(null, $"models.{model.Name}.artifact.digest", model.Artifact.Digest,
                $"model '{model.Name}' evaluation record measured artifact {artifact.Digest}, not the declared {model.Artifact.Digest}");
        if (record.Artifact is null && (record.Model.Name != model.Name || record.Model.Version != model.Version))
            yield return new Violation(null, at + ".uri", reference.Uri,
                $"model '{model.Name}' evaluation record was made from predictions for '{record.Model.Name}' {record.Model.Version}, not for '{model.Name}' {model.Version}");
        if (record.Dataset.Digest != model.Lineage!.DatasetDigest)
            yield return new Violation(null, $"models.{model.Name}.lineage.datasetDigest", model.Lineage.DatasetDigest,
                $"model '{model.Name}' evaluation record measured dataset {record.Dataset.Digest}, not the declared {model.Lineage.DatasetDigest ?? "(none)"}");
    }
}
