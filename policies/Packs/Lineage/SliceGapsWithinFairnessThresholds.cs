using System.Globalization;
using Supplychain.Components.Domain;
using Supplychain.Components.Domain.Evaluation;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Lineage;

/// <summary>
/// LIN018: the largest gap of each metric between the slices of the evaluation record stays within
/// <c>supplychain:policy.maxSliceGaps</c> (plain keys for every model, <c>model/metric</c> keys for one). In prod a
/// model citing a record must be held to at least one fairness threshold, and the record must measure its gap.
/// </summary>
public sealed class SliceGapsWithinFairnessThresholds : EvaluationEvidencePolicy
{
    public override string Id => "LIN018";
    public override string Title => "A model's metric gaps between slices must stay within the fairness thresholds";
    public override string Rationale =>
        "An average can hide a segment the model serves badly. The gap between the best and worst served slice is the measure " +
        "of that harm; prod releases must be held to a stated bound.";
    public override string Remediation =>
        "Evaluate with --slice on the sensitive attributes or segments, set supplychain:policy.maxSliceGaps (e.g. auc: 0.05), " +
        "and retrain or rebalance until the gap is within it.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls =>
    [
        Frameworks.EuAiAct("Art. 10"), Frameworks.EuAiAct("Art. 15"), Frameworks.NistAiRmf("MEASURE 2.11"), Frameworks.Iso42001("A.5.4"),
    ];

    protected override IEnumerable<Violation> Check(ModelSpec model, EvaluationReference reference, string at, StackView stack)
    {
        if (Verified(reference) is not { } record) yield break;
        var thresholds = MetricsMeetMinimums.ThresholdsFor(model.Name, stack.Config.MaxSliceGaps);
        if (thresholds.Count == 0 && stack.Stack.Environment == EnvironmentTier.Prod)
            yield return new Violation(null, "policy.maxSliceGaps", null,
                $"model '{model.Name}' is released to prod with no fairness threshold; expected a maxSliceGaps entry for one of its metrics ({string.Join(", ", record.Metrics.Keys)})");
        foreach (var (metric, max) in thresholds)
        {
            var limit = max.ToString(CultureInfo.InvariantCulture);
            if (!record.Gaps.TryGetValue(metric, out var gap))
                yield return new Violation(null, at + ".uri", null,
                    $"model '{model.Name}' evaluation record measures no {metric} gap between slices, but the fairness threshold is {limit}; evaluate with --slice");
            else if (gap.Gap > (double)max)
                yield return new Violation(null, at + ".uri", gap.Gap.ToString(CultureInfo.InvariantCulture),
                    $"model '{model.Name}' {metric} differs by {gap.Gap.ToString(CultureInfo.InvariantCulture)} between {gap.Column}={gap.Lowest} and {gap.Column}={gap.Highest}, above the fairness threshold {limit}");
        }
    }
}
