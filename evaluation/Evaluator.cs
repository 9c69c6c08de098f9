using Microsoft.ML;
using Microsoft.ML.Data;
using Supplychain.Components.Domain.Evaluation;
using Supplychain.Evaluation.Data;
using Supplychain.Evaluation.Metrics;
using Supplychain.Evaluation.Scoring;

namespace Supplychain.Evaluation;

/// <summary>
/// <c>evaluate</c>: verifies the inputs' digests, scores the dataset once (streamed) into a compact binary cache of the
/// evaluation columns, then measures on that cache: overall, per slice, and per bootstrap replicate. Deterministic for
/// a given seed; memory stays flat because every pass streams from disk.
/// </summary>
public static class Evaluator
{
    public const int MaxSliceValues = 100;

    public static EvaluationRecord Run(EvaluationRequest request)
    {
        try { return RunCore(request); }
        catch (Exception e) when (Unwrap(e) is EvaluationInputException input) { throw input; }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException && e is not EvaluationInputException)
        {
            // ML.NET reports schema problems (a column of the wrong type for a model input, an undefined metric) this way.
            throw new EvaluationInputException($"the model cannot be evaluated on {request.Dataset}: {e.Message.Split('\n')[0]}", e);
        }
    }

    private static Exception? Unwrap(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is EvaluationInputException) return x;
        return null;
    }

    private static EvaluationRecord RunCore(EvaluationRequest request)
    {
        Validate(request);
        var ml = new MLContext(seed: request.Seed);
        var textColumns = request.Slices.Append(request.Group).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var dataset = TableSource.Open(request.Dataset, textColumns);
        var predictions = request.Predictions is not null ? TableSource.Open(request.Predictions) : null;
        var datasetEvidence = new FileEvidence(dataset.FileName, dataset.Format, TableSource.Digest(request.Dataset));
        var artifactEvidence = request.Model is not null
            ? new FileEvidence(Path.GetFileName(request.Model), ModelFormat(request.Model), TableSource.Digest(request.Model)) : null;
        var predictionsEvidence = predictions is not null ? new FileEvidence(predictions.FileName, predictions.Format, TableSource.Digest(predictions.Path)) : null;

        var sliceCodes = SliceCodes.Read(dataset, request.Slices, MaxSliceValues);
        var sliceValues = sliceCodes.Select(c => (IReadOnlyList<string>)c.OrderBy(kv => kv.Value).Select(kv => kv.Key).ToList()).ToList();
        var scored = Scorer.Score(ml, request, dataset, predictions, sliceCodes);
        var cache = Path.Combine(Path.GetTempPath(), $"supplychain-eval-{Guid.NewGuid():N}.idv");
        try
        {
            var view = Cache(ml, request, scored, cache);
            var metrics = MetricReader.Evaluate(ml, view, request.Task, request.RankingAt);
            var (slices, gaps) = SliceMetrics(ml, request, view, sliceValues);
            var intervals = Intervals(ml, request, view);
            var rows = CountRows(view);
            var thresholds = Gates.Effective(request);
            var gates = Gates.Judge(request, thresholds, metrics, gaps, intervals, artifactEvidence, datasetEvidence);
            return new EvaluationRecord
            {
                Tool = new ToolInfo("supplychain", request.ToolVersion),
                Model = new ModelInfo(request.ModelName, request.ModelVersion),
                Task = request.Task.Name(),
                Artifact = artifactEvidence,
                Dataset = datasetEvidence,
                Predictions = predictionsEvidence,
                Columns = new ColumnInfo(request.Label, request.Group, request.Slices),
                Rows = rows,
                Metrics = metrics,
                Bootstrap = new BootstrapInfo(request.BootstrapReplicates, request.Seed, request.Confidence),
                Intervals = intervals,
                Slices = slices,
                Gaps = gaps,
                Thresholds = thresholds,
                Gates = gates,
                Verdict = gates.All(g => g.Passed) ? EvaluationRecord.Passed : EvaluationRecord.Failed,
            };
        }
        finally
        {
            if (File.Exists(cache)) File.Delete(cache);
        }
    }

    private static string ModelFormat(string path) => Path.GetExtension(path).ToLowerInvariant() == ".onnx" ? "onnx" : "mlnet";

    private static void Validate(EvaluationRequest request)
    {
        if ((request.Model is null) == (request.Predictions is null))
            throw new EvaluationInputException("give exactly one of a model (--model, an .onnx or ML.NET .zip) and a predictions file (--predictions)");
        if (request.Task == EvaluationTask.Ranking && request.Group is null)
            throw new EvaluationInputException("ranking needs the query column: pass --group COLUMN");
        if (request.Task != EvaluationTask.Ranking && request.Group is not null)
            throw new EvaluationInputException($"--group applies to ranking only; the task is {request.Task.Name()}");
        if (request.BootstrapReplicates is < 0 or > 10_000)
            throw new EvaluationInputException($"--bootstrap {request.BootstrapReplicates} is out of range; expected 0 (no intervals) to 10000 replicates");
        if (request.RankingAt is < 1 or > 100)
            throw new EvaluationInputException($"--ndcg-at {request.RankingAt} is out of range; expected 1 to 100");
        if (request.Confidence is <= 0 or >= 1)
            throw new EvaluationInputException($"confidence {request.Confidence} is out of range; expected a level between 0 and 1, such as 0.95");
        var allowed = request.Task.Metrics();
        // Flags are checked strictly; thresholds from the stack's policy may name metrics this task does not compute,
        // and then fail as unmeasured gates (as LIN008 treats an unmeasured metric).
        var t = request.Thresholds;
        foreach (var (kind, map) in new[] { ("minimum", t.Minimum), ("maximum", t.Maximum), ("maxSliceGap", t.MaxSliceGap), ("maxIntervalWidth", t.MaxIntervalWidth) })
            foreach (var metric in map.Keys.Where(m => !allowed.Contains(m)))
                throw new EvaluationInputException($"{kind} threshold for '{metric}': {request.Task.Name()} evaluation does not compute it; expected one of {string.Join(", ", allowed)}");
        if (request.Slices.Distinct().Count() != request.Slices.Count)
            throw new EvaluationInputException("a slice column is named twice; expected each --slice once");
    }

    /// <summary>
    /// Scores once and writes the evaluation columns (label, score, probability, predicted label, group, slices as keys)
    /// to ML.NET's binary format: every later pass reads a few bytes per row instead of re-running the model.
    /// </summary>
    private static IDataView Cache(MLContext ml, EvaluationRequest request, Scored scored, string path)
    {
        var mapped = ScoreColumns.Map(ml, scored.View, request.Task, scored.RawType, scored.Classes, scored.Origin);
        IEstimator<ITransformer> chain = ml.Transforms.CopyColumns(MetricReader.Label, Scorer.Label);
        if (request.Group is not null)
            chain = chain.Append(ml.Transforms.Conversion.MapValueToKey(MetricReader.GroupId, Scorer.Group, keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence));
        var keep = new List<string> { MetricReader.Label, MetricReader.Score, MetricReader.PredictedLabel };
        if (request.Task == EvaluationTask.Binary) keep.Add(MetricReader.Probability);
        if (request.Group is not null) keep.Add(MetricReader.GroupId);
        keep.AddRange(request.Slices.Select((_, i) => Scorer.Slice(i)));
        if (request.Task is EvaluationTask.Regression or EvaluationTask.Ranking) keep.Remove(MetricReader.PredictedLabel);
        chain = chain.Append(ml.Transforms.SelectColumns(keep.ToArray()));

        var transformed = chain.Fit(mapped).Transform(mapped);
        using (var stream = File.Create(path)) ml.Data.SaveAsBinary(transformed, stream, keepHidden: false);
        return ml.Data.LoadFromBinary(path);
    }

    private static (IReadOnlyList<SliceMetrics>, SortedDictionary<string, SliceGap>) SliceMetrics(
        MLContext ml, EvaluationRequest request, IDataView view, IReadOnlyList<IReadOnlyList<string>> sliceValues)
    {
        var slices = new List<SliceMetrics>();
        var gaps = new SortedDictionary<string, SliceGap>(StringComparer.Ordinal);
        var counts = CountKeys(view, request.Slices.Count);
        for (var i = 0; i < request.Slices.Count; i++)
        {
            var ofColumn = new List<SliceMetrics>();
            for (var k = 0; k < sliceValues[i].Count; k++)
            {
                if (counts[i][k] == 0) continue;
                // Codes are 1-based; the range filter keeps lower <= code < upper.
                var filtered = ml.Data.FilterRowsByColumn(view, Scorer.Slice(i), k + 1, k + 2);
                var metrics = TryEvaluate(ml, filtered, request);
                ofColumn.Add(new SliceMetrics(request.Slices[i], sliceValues[i][k], counts[i][k], metrics));
            }
            slices.AddRange(ofColumn);
            foreach (var metric in request.Task.Metrics())
            {
                var measured = ofColumn.Where(s => s.Metrics.ContainsKey(metric)).ToList();
                if (measured.Count < 2) continue;
                var low = measured.MinBy(s => s.Metrics[metric])!;
                var high = measured.MaxBy(s => s.Metrics[metric])!;
                var gap = Math.Round(high.Metrics[metric] - low.Metrics[metric], 6);
                if (!gaps.TryGetValue(metric, out var existing) || gap > existing.Gap)
                    gaps[metric] = new SliceGap(gap, request.Slices[i], low.Value, high.Value);
            }
        }
        return (slices, gaps);
    }

    /// <summary>A slice may hold one class only (AUC undefined) or too few rows: its metrics are left out, never invented.</summary>
    private static SortedDictionary<string, double> TryEvaluate(MLContext ml, IDataView view, EvaluationRequest request)
    {
        try
        {
            var metrics = MetricReader.Evaluate(ml, view, request.Task, request.RankingAt);
            foreach (var key in metrics.Where(kv => !double.IsFinite(kv.Value)).Select(kv => kv.Key).ToList()) metrics.Remove(key);
            return metrics;
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException or ArgumentException)
        {
            return new SortedDictionary<string, double>(StringComparer.Ordinal);
        }
    }

    private static long[][] CountKeys(IDataView view, int sliceCount)
    {
        var counts = new long[sliceCount][];
        var columns = Enumerable.Range(0, sliceCount).Select(i => view.Schema[Scorer.Slice(i)]).ToArray();
        for (var i = 0; i < sliceCount; i++) counts[i] = new long[MaxSliceValues + 1];
        if (sliceCount == 0) return counts;
        using var cursor = view.GetRowCursor(columns);
        var getters = columns.Select(c => cursor.GetGetter<float>(c)).ToArray();
        float key = 0;
        while (cursor.MoveNext())
            for (var i = 0; i < sliceCount; i++)
            {
                getters[i](ref key);
                if (key > 0) counts[i][(int)key - 1]++;
            }
        return counts;
    }

    private static long CountRows(IDataView view)
    {
        using var cursor = view.GetRowCursor([]);
        long rows = 0;
        while (cursor.MoveNext()) rows++;
        return rows;
    }

    /// <summary>Percentile bootstrap: Poisson(1) resampling (ML.NET's streaming bootstrap), one seeded replicate per pass.</summary>
    private static SortedDictionary<string, Interval> Intervals(MLContext ml, EvaluationRequest request, IDataView view)
    {
        var result = new SortedDictionary<string, Interval>(StringComparer.Ordinal);
        if (request.BootstrapReplicates == 0) return result;
        var samples = new Dictionary<string, List<double>>();
        for (var r = 0; r < request.BootstrapReplicates; r++)
        {
            var sample = ml.Data.BootstrapSample(view, seed: request.Seed + r);
            foreach (var (metric, value) in TryEvaluate(ml, sample, request))
                (samples.TryGetValue(metric, out var list) ? list : samples[metric] = []).Add(value);
        }
        var alpha = (1 - request.Confidence) / 2;
        foreach (var (metric, values) in samples.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            values.Sort();
            result[metric] = new Interval(Math.Round(Percentile(values, alpha), 6), Math.Round(Percentile(values, 1 - alpha), 6));
        }
        return result;
    }

    private static double Percentile(List<double> sorted, double q)
    {
        var position = q * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }
}
