using Supplychain.Components.Domain;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Lineage;

/// <summary>LIN003: a served model names the commit of the training code; label and annotation agree.</summary>
public sealed class CodeCommitRecorded : ServingWorkloadPolicy
{
    public override string Id => "LIN003";
    public override string Title => "Model serving workloads must record the commit of the training code";
    public override string Rationale =>
        "The code commit pins the exact feature engineering and training code; without it a model cannot be rebuilt or reviewed. " +
        "The label (selectable) and the annotation must agree, or queries by label find the wrong pods.";
    public override string Remediation =>
        $"Declare lineage.codeCommit (the full git commit SHA: exactly 40 lowercase hex characters) for the model; it is rendered as the {Labels.CodeCommit} label and annotation.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls =>
        [Frameworks.EuAiAct("Art. 12"), Frameworks.Soc2("CC8.1"), Frameworks.Iso42001("A.6.2.3"), Frameworks.NistAiRmf("GOVERN 1.4")];

    protected override IEnumerable<Violation> Check(ServedModel m, StackView stack)
    {
        foreach (var v in RequireAnnotation(m, Labels.CodeCommit, "code commit")) yield return v;
        var commit = m.Annotation(Labels.CodeCommit);
        if (commit is not null && !ServedModel.IsCommit(commit))
            yield return new Violation(m.Workload.Name, m.AnnotationPath(Labels.CodeCommit), commit,
                $"model '{m.ModelName}' records a code commit that is not a full git commit SHA (exactly 40 lowercase hex characters)");
        var label = m.Label(Labels.CodeCommit);
        if (commit is not null && label is not null && label != commit)
            yield return new Violation(m.Workload.Name, m.LabelPath(Labels.CodeCommit), label,
                $"model '{m.ModelName}' has code-commit label '{label}' but annotation '{commit}'");
    }
}
