using System.Globalization;
using Spectre.Console;
using Supplychain.Components.Domain.Evaluation;

namespace Supplychain.Stacks.Cli;

/// <summary>The evaluation record for people: metrics with intervals, slices, gates and the verdict.</summary>
internal static class EvaluationTables
{
    public static void Write(IAnsiConsole console, EvaluationRecord record, string? recordDigest)
    {
        console.WriteLine($"{record.Model.Name ?? "model"} {record.Model.Version ?? ""} ({record.Task}) on {record.Dataset.Name}: {record.Rows} rows".Replace("  ", " "));
        var metrics = new Table().AddColumns("metric", "value", $"{record.Bootstrap.Confidence * 100:0}% interval", "largest slice gap");
        foreach (var (metric, value) in record.Metrics)
        {
            var interval = record.Intervals.TryGetValue(metric, out var i) ? $"[{F(i.Lower)}, {F(i.Upper)}]" : "";
            var gap = record.Gaps.TryGetValue(metric, out var g) ? $"{F(g.Gap)} ({g.Column}: {g.Lowest} vs {g.Highest})" : "";
            metrics.AddRow(Markup.Escape(metric), F(value), Markup.Escape(interval), Markup.Escape(gap));
        }
        console.Write(metrics);
        if (record.Gates.Count > 0)
        {
            var gates = new Table().AddColumns("gate", "result", "detail");
            foreach (var g in record.Gates) gates.AddRow(Markup.Escape($"{g.Gate} {g.Metric}"), g.Passed ? "pass" : "FAIL", Markup.Escape(g.Message));
            console.Write(gates);
        }
        console.WriteLine($"verdict: {record.Verdict}" + (recordDigest is not null ? $"; record digest {recordDigest}" : ""));
    }

    private static string F(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);
}
