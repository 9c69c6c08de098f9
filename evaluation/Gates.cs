using System.Globalization;
using Supplychain.Components.Domain.Evaluation;

namespace Supplychain.Evaluation;

/// <summary>The gates an evaluation is held to: declared digests, metric minimums and maximums, fairness gaps, interval widths.</summary>
public static class Gates
{
    public const string ArtifactDigest = "artifactDigest";
    public const string DatasetDigest = "datasetDigest";

    /// <summary>Stack thresholds overlaid by command-line thresholds, metric by metric.</summary>
    public static Thresholds Effective(EvaluationRequest request)
    {
        static SortedDictionary<string, double> Merge(SortedDictionary<string, double> stack, SortedDictionary<string, double> flags)
        {
            var merged = new SortedDictionary<string, double>(stack, StringComparer.Ordinal);
            foreach (var (k, v) in flags) merged[k] = v;
            return merged;
        }
        var s = request.StackThresholds;
        var f = request.Thresholds;
        return new Thresholds(Merge(s.Minimum, f.Minimum), Merge(s.Maximum, f.Maximum), Merge(s.MaxSliceGap, f.MaxSliceGap), Merge(s.MaxIntervalWidth, f.MaxIntervalWidth));
    }

    public static IReadOnlyList<GateResult> Judge(EvaluationRequest request, Thresholds thresholds, IReadOnlyDictionary<string, double> metrics,
        IReadOnlyDictionary<string, SliceGap> gaps, IReadOnlyDictionary<string, Interval> intervals, FileEvidence? artifact, FileEvidence dataset)
    {
        var gates = new List<GateResult>();
        if (request.ExpectedArtifactDigest is { } expectedArtifact && artifact is not null)
            gates.Add(Digest(ArtifactDigest, expectedArtifact, artifact));
        if (request.ExpectedDatasetDigest is { } expectedDataset)
            gates.Add(Digest(DatasetDigest, expectedDataset, dataset));

        foreach (var (metric, min) in thresholds.Minimum)
            gates.Add(Compare("minimum", metric, min, metrics.TryGetValue(metric, out var v) ? v : null, (o, t) => o >= t, "at least"));
        foreach (var (metric, max) in thresholds.Maximum)
            gates.Add(Compare("maximum", metric, max, metrics.TryGetValue(metric, out var v) ? v : null, (o, t) => o <= t, "at most"));
        foreach (var (metric, max) in thresholds.MaxSliceGap)
        {
            var gap = gaps.TryGetValue(metric, out var g) ? g : null;
            var gate = Compare("maxSliceGap", metric, max, gap?.Gap, (o, t) => o <= t, "a slice gap of at most");
            if (gap is not null) gate = gate with { Message = gate.Message + $" (between {gap.Column}={gap.Lowest} and {gap.Column}={gap.Highest})" };
            else gate = gate with { Message = $"{metric} slice gap not measured: pass --slice with a column that splits the dataset into at least two measurable slices" };
            gates.Add(gate);
        }
        foreach (var (metric, max) in thresholds.MaxIntervalWidth)
            gates.Add(Compare("maxIntervalWidth", metric, max, intervals.TryGetValue(metric, out var i) ? Math.Round(i.Width, 6) : null, (o, t) => o <= t, "a confidence interval width of at most"));
        return gates;
    }

    private static GateResult Digest(string gate, string expected, FileEvidence actual)
    {
        var passed = string.Equals(expected, actual.Digest, StringComparison.Ordinal);
        return new GateResult(gate, gate, 0, null, passed, passed
            ? $"{actual.Name} has the declared digest {expected}"
            : $"{actual.Name} has digest {actual.Digest} but the model's lineage declares {expected}: not the declared {(gate == ArtifactDigest ? "artifact" : "dataset")}");
    }

    private static GateResult Compare(string kind, string metric, double threshold, double? observed, Func<double, double, bool> ok, string wording)
    {
        var t = threshold.ToString("R", CultureInfo.InvariantCulture);
        if (observed is not { } o || double.IsNaN(o))
            return new GateResult(kind, metric, threshold, null, false, $"{metric} not measured; the gate requires {wording} {t}");
        var passed = ok(o, threshold);
        var shown = o.ToString("R", CultureInfo.InvariantCulture);
        return new GateResult(kind, metric, threshold, o, passed, passed ? $"{metric} {shown} meets {wording} {t}" : $"{metric} {shown} fails {wording} {t}");
    }
}
