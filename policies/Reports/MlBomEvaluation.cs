using System.Globalization;
using System.Text.Json;
using Supplychain.Components.Domain.Evaluation;

namespace Supplychain.Policies.Reports;

/// <summary>
/// The evaluation record as CycloneDX 1.5 performance metrics: each overall metric with its bootstrap confidence
/// interval, then each metric per slice (<c>slice</c> = <c>column=value</c>), so the model card shows what was measured.
/// </summary>
internal static class MlBomEvaluation
{
    public static void WriteMetrics(Utf8JsonWriter w, EvaluationRecord record)
    {
        foreach (var (metric, value) in record.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("type", metric);
            w.WriteString("value", F(value));
            if (record.Intervals.TryGetValue(metric, out var interval))
            {
                w.WriteStartObject("confidenceInterval");
                w.WriteString("lowerBound", F(interval.Lower));
                w.WriteString("upperBound", F(interval.Upper));
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        foreach (var slice in record.Slices)
            foreach (var (metric, value) in slice.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("type", metric);
                w.WriteString("value", F(value));
                w.WriteString("slice", $"{slice.Column}={slice.Value}");
                w.WriteEndObject();
            }
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
