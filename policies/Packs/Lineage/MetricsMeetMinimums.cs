using System.Globalization;
using Supplychain.Components.Domain;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Lineage;

/// <summary>
/// LIN008: a served model's recorded metrics meet the stack's release thresholds
/// (<c>supplychain:policy.minimumMetrics</c>). A key <c>auc</c> applies to every model; a key <c>fraud-detector/auc</c>
/// to that model only and wins over the plain key. A threshold for a metric the model does not record is a violation:
/// an unmeasured model has not shown it meets the bar.
/// </summary>
public sealed class MetricsMeetMinimums : ServingWorkloadPolicy
{
    public override string Id => "LIN008";
    public override string Title => "Served models' metrics must meet the configured minimum thresholds";
    public override string Rationale =>
        "Release thresholds are the organisation's stated level of accuracy; a model below them, or one that never measured the " +
        "metric, must not reach users regardless of who approved it.";
    public override string Remediation =>
        "Retrain or re-evaluate until the metric meets the threshold, record it in lineage.metrics, or scope the threshold to the " +
        "models it is meant for with a 'model/metric' key under supplychain:policy.minimumMetrics.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls =>
    [
        Frameworks.EuAiAct("Art. 15"), Frameworks.NistAiRmf("MEASURE 2.3"), Frameworks.NistAiRmf("MEASURE 2.5"),
        Frameworks.Iso42001("A.6.2.4"),
    ];

    public override IReadOnlyList<PolicySetting> Settings { get; } =
    [
        PolicySetting.Number("tolerance", 0m, "How far below a minimum a metric may be and still pass (absolute, e.g. 0.005 for measurement noise).", 0m, 1m),
    ];

    protected override bool AppliesToStack(StackView stack) => stack.Config.MinimumMetrics.Count > 0;

    /// <summary>The thresholds that apply to <paramref name="model"/>: plain keys, overridden by <c>model/metric</c> keys.</summary>
    public static IReadOnlyDictionary<string, decimal> ThresholdsFor(string? model, IReadOnlyDictionary<string, decimal> configured)
    {
        var result = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (key, min) in configured.Where(kv => !kv.Key.Contains('/'))) result[key] = min;
        if (model is not null)
            foreach (var (key, min) in configured.Where(kv => kv.Key.StartsWith(model + "/", StringComparison.Ordinal)))
                result[key[(model.Length + 1)..]] = min;
        return result;
    }

    protected override IEnumerable<Violation> Check(ServedModel m, StackView stack)
    {
        if (m.IsComputed(Labels.Metrics)) yield break;
        var metrics = m.Metrics(out _) ?? new Dictionary<string, decimal>();
        var tolerance = NumberSetting(stack, "tolerance");
        foreach (var (metric, minimum) in ThresholdsFor(m.ModelName, stack.Config.MinimumMetrics))
        {
            var min = minimum.ToString(CultureInfo.InvariantCulture);
            if (!metrics.TryGetValue(metric, out var actual))
                yield return new Violation(m.Workload.Name, m.AnnotationPath(Labels.Metrics) + "." + metric, null,
                    $"model '{m.ModelName}' records no '{metric}' but the release threshold is {min}");
            else if (actual < minimum - tolerance)
                yield return new Violation(m.Workload.Name, m.AnnotationPath(Labels.Metrics) + "." + metric, actual.ToString(CultureInfo.InvariantCulture),
                    $"model '{m.ModelName}' {metric} {actual.ToString(CultureInfo.InvariantCulture)} is below the release threshold {min}");
        }
    }
}
