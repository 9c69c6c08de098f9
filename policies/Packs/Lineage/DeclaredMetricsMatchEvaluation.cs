using System.Globalization;
using Supplychain.Components.Domain;
using Supplychain.Components.Domain.Evaluation;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Lineage;

/// <summary>
/// LIN016: every metric a model declares in <c>lineage.metrics</c> equals its evaluation record's value within
/// <c>supplychain:policy.metricTolerance</c> (default 0.001). A declared metric the record does not hold is unbacked.
/// </summary>
public sealed class DeclaredMetricsMatchEvaluation : EvaluationEvidencePolicy
{
    public override string Id => "LIN016";
    public override string Title => "A model's declared metrics must equal its evaluation record's, within the tolerance";
    public override string Rationale =>
        "Release thresholds (LIN008) read the declared metrics. If they are not the measured ones, the gate judges a claim, not the model.";
    public override string Remediation =>
        "Copy the metrics from the evaluation record into lineage.metrics (rounded within supplychain:policy.metricTolerance), " +
        "and drop metrics the record does not measure or evaluate them.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls =>
    [
        Frameworks.EuAiAct("Art. 15"), Frameworks.NistAiRmf("MEASURE 2.3"), Frameworks.NistAiRmf("MEASURE 2.5"), Frameworks.Iso42001("A.6.2.4"),
    ];

    protected override IEnumerable<Violation> Check(ModelSpec model, EvaluationReference reference, string at, StackView stack)
    {
        if (Verified(reference) is not { } record) yield break;
        var tolerance = stack.Config.MetricTolerance;
        foreach (var (metric, declared) in model.Lineage!.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var path = $"models.{model.Name}.lineage.metrics.{metric}";
            var shown = declared.ToString(CultureInfo.InvariantCulture);
            if (!record.Metrics.TryGetValue(metric, out var measured))
                yield return new Violation(null, path, shown, $"model '{model.Name}' declares {metric} {shown} but its evaluation record does not measure {metric}");
            else if (Math.Abs((double)declared - measured) > (double)tolerance)
                yield return new Violation(null, path, shown,
                    $"model '{model.Name}' declares {metric} {shown} but its evaluation record measured {measured.ToString(CultureInfo.InvariantCulture)} (tolerance {tolerance.ToString(CultureInfo.InvariantCulture)})");
        }
    }
}
