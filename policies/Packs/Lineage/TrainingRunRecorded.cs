using Supplychain.Components.Domain;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Lineage;

/// <summary>LIN002: a served model names the training run (experiment tracker run id) that produced it.</summary>
public sealed class TrainingRunRecorded : ServingWorkloadPolicy
{
    public override string Id => "LIN002";
    public override string Title => "Model serving workloads must record the training run that produced the model";
    public override string Rationale =>
        "The training run (the MLflow run id) links the served model to its parameters, logs, evaluation and environment; " +
        "it is the record an auditor or an on-call engineer opens first.";
    public override string Remediation => $"Declare lineage.trainingRun for the model; it is rendered as the {Labels.TrainingRun} pod annotation.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls =>
        [Frameworks.EuAiAct("Art. 12"), Frameworks.EuAiAct("Art. 11"), Frameworks.NistAiRmf("MEASURE 2.1"), Frameworks.Iso42001("A.6.2.7")];

    protected override IEnumerable<Violation> Check(ServedModel m, StackView stack) => RequireAnnotation(m, Labels.TrainingRun, "training run");
}
