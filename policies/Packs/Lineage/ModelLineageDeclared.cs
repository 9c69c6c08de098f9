using Supplychain.Components.Domain;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Lineage;

/// <summary>
/// LIN012: every model in the stack config declares complete lineage: dataset digest and version, training run, code
/// commit, at least one metric, and a well-formed artifact digest. Judged on the config, in every environment, so a
/// model cannot dodge the lineage pack by not being rendered.
/// </summary>
public sealed class ModelLineageDeclared : StackPolicy
{
    public override string Id => "LIN012";
    public override string Pack => "lineage";
    public override string Title => "Every declared model must declare complete lineage (dataset, run, commit, metrics, artifact digest)";
    public override string Rationale =>
        "Lineage is recorded when the model is declared, or never: a model without it cannot be traced to its data and code in any " +
        "environment, and dev is where missing lineage is cheapest to fix.";
    public override string Remediation =>
        "Add lineage (datasetDigest, datasetVersion, trainingRun, codeCommit, metrics) to the model under supplychain:models, " +
        "copied from the training run's record, and a sha256 artifact.digest.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls =>
    [
        Frameworks.EuAiAct("Art. 10"), Frameworks.EuAiAct("Art. 11"), Frameworks.EuAiAct("Art. 12"),
        Frameworks.NistAiRmf("GOVERN 1.6"), Frameworks.Iso42001("A.7.5"), Frameworks.Iso42001("A.6.2.7"),
    ];

    public override bool AppliesTo(StackView stack) => stack.Spec is not null;

    public override IEnumerable<Violation> Evaluate(StackView stack)
    {
        foreach (var model in stack.Spec!.Models)
        {
            var at = $"models.{model.Name}";
            if (!ServedModel.IsSha256(model.Artifact.Digest))
                yield return new Violation(null, at + ".artifact.digest", model.Artifact.Digest, $"model '{model.Name}' artifact digest is not sha256:<64 lowercase hex>");
            var lineage = model.Lineage;
            if (lineage is null)
            {
                yield return new Violation(null, at + ".lineage", null, $"model '{model.Name}' declares no lineage");
                continue;
            }
            if (!ServedModel.IsSha256(lineage.DatasetDigest))
                yield return new Violation(null, at + ".lineage.datasetDigest", lineage.DatasetDigest, $"model '{model.Name}' dataset digest is missing or not sha256:<64 lowercase hex>");
            if (string.IsNullOrWhiteSpace(lineage.DatasetVersion))
                yield return new Violation(null, at + ".lineage.datasetVersion", null, $"model '{model.Name}' declares no dataset version");
            if (string.IsNullOrWhiteSpace(lineage.TrainingRun))
                yield return new Violation(null, at + ".lineage.trainingRun", null, $"model '{model.Name}' declares no training run");
            if (!ServedModel.IsCommit(lineage.CodeCommit))
                yield return new Violation(null, at + ".lineage.codeCommit", lineage.CodeCommit, $"model '{model.Name}' code commit is missing or not a git hash");
            if (lineage.Metrics.Count == 0)
                yield return new Violation(null, at + ".lineage.metrics", null, $"model '{model.Name}' declares no evaluation metrics");
        }
    }
}
