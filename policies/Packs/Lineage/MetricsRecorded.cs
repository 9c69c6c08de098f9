using Supplychain.Components.Domain;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Lineage;

/// <summary>LIN005: a served model carries its evaluation metrics as a JSON object of numbers.</summary>
public sealed class MetricsRecorded : ServingWorkloadPolicy
{
    public override string Id => "LIN005";
    public override string Title => "Model serving workloads must record the model's evaluation metrics";
    public override string Rationale =>
        "The metrics the model was released on are the baseline that production monitoring and drift alerts compare against, " +
        "and the evidence of accuracy the EU AI Act asks providers to declare.";
    public override string Remediation =>
        $"Declare lineage.metrics (name: number) for the model; it is rendered as the {Labels.Metrics} annotation, a JSON object.";
    public override Severity Severity => Severity.Medium;
    public override IReadOnlyList<FrameworkControl> Controls =>
        [Frameworks.EuAiAct("Art. 15"), Frameworks.EuAiAct("Art. 13"), Frameworks.NistAiRmf("MEASURE 2.3"), Frameworks.Iso42001("A.6.2.4")];

    protected override IEnumerable<Violation> Check(ServedModel m, StackView stack)
    {
        if (m.IsComputed(Labels.Metrics)) yield break;
        var metrics = m.Metrics(out var error);
        if (error is not null)
            yield return new Violation(m.Workload.Name, m.AnnotationPath(Labels.Metrics), m.Annotation(Labels.Metrics),
                $"model '{m.ModelName}' metrics annotation {error}");
        else if (metrics is null || metrics.Count == 0)
            yield return new Violation(m.Workload.Name, m.AnnotationPath(Labels.Metrics), m.Annotation(Labels.Metrics),
                $"model '{m.ModelName}' records no evaluation metrics ({Labels.Metrics})");
    }
}
