using Supplychain.Components.Domain;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Lineage;

/// <summary>LIN001: a served model names the exact dataset it was trained on (content digest and version).</summary>
public sealed class DatasetLineageRecorded : ServingWorkloadPolicy
{
    public override string Id => "LIN001";
    public override string Title => "Model serving workloads must record the training dataset's digest and version";
    public override string Rationale =>
        "Without the digest of the data a model learned from, nobody can reproduce it, audit it for bias or trace an incident back " +
        "to a data problem. A version name alone can be re-pointed; the sha256 digest cannot.";
    public override string Remediation =>
        $"Declare lineage.datasetDigest (sha256:<64 hex>) and lineage.datasetVersion for the model in the stack config; the serving " +
        $"component renders them as the {Labels.DatasetDigest} and {Labels.DatasetVersion} pod annotations.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls =>
    [
        Frameworks.EuAiAct("Art. 10"), Frameworks.EuAiAct("Art. 12"), Frameworks.NistAiRmf("MAP 2.3"),
        Frameworks.Iso42001("A.7.5"), Frameworks.Iso42001("A.6.2.8"),
    ];

    protected override IEnumerable<Violation> Check(ServedModel m, StackView stack)
    {
        var digest = m.Annotation(Labels.DatasetDigest);
        if (digest is not null && !ServedModel.IsSha256(digest))
            yield return new Violation(m.Workload.Name, m.AnnotationPath(Labels.DatasetDigest), digest,
                $"model '{m.ModelName}' records a dataset digest that is not sha256:<64 lowercase hex>");
        foreach (var v in RequireAnnotation(m, Labels.DatasetDigest, "dataset digest")) yield return v;
        foreach (var v in RequireAnnotation(m, Labels.DatasetVersion, "dataset version")) yield return v;
    }
}
