using System.Globalization;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Reports.Diff;

/// <summary>
/// <c>--fail-on-cost-increase</c>: fails when the stack's <b>maximum</b> monthly cost (every pool and autoscaler at its
/// bound: what a budget must cover, the figure the cost pack's budget policies judge) grows by more than an amount
/// in USD (<c>100</c>) or a percentage of the base's maximum (<c>10%</c>). Growing from $0 fails any percentage gate.
/// </summary>
public sealed record CostGate(decimal Threshold, bool IsPercent)
{
    /// <summary>Parses <c>100</c>, <c>100.50</c> or <c>10%</c>; null with a reason when the text is none of these.</summary>
    public static CostGate? Parse(string text, out string? error)
    {
        error = null;
        var t = text.Trim();
        var percent = t.EndsWith('%');
        if (percent) t = t[..^1].TrimEnd();
        if (t.StartsWith('$')) t = t[1..];
        if (!decimal.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            error = $"'{text}' is not an amount; expected USD (e.g. 100) or a percentage (e.g. 10%), not negative";
            return null;
        }
        return new CostGate(value, percent);
    }

    public string Describe() => IsPercent ? $"{Number(Threshold)}%" : Usd(Threshold);

    /// <summary>The reason the gate fails, or null when it holds.</summary>
    public string? Check(CostDelta cost)
    {
        var delta = cost.Stack.DeltaMax;
        if (delta <= 0) return null;
        if (!IsPercent)
            return delta > Threshold
                ? $"the maximum monthly cost grows by {Usd(delta)} ({Usd(cost.Stack.BaseMax)} → {Usd(cost.Stack.HeadMax)}), more than the allowed {Describe()}"
                : null;
        if (cost.Stack.BaseMax == 0)
            return $"the maximum monthly cost grows from $0.00 to {Usd(cost.Stack.HeadMax)}, more than the allowed {Describe()}";
        var pct = delta / cost.Stack.BaseMax * 100m;
        return pct > Threshold
            ? $"the maximum monthly cost grows by {Number(Math.Round(pct, 1))}% ({Usd(cost.Stack.BaseMax)} → {Usd(cost.Stack.HeadMax)}), more than the allowed {Describe()}"
            : null;
    }

    internal static string Usd(decimal v) => (v < 0 ? "-$" : "$") + Math.Abs(Math.Round(v, 2, MidpointRounding.AwayFromZero)).ToString("#,##0.00", CultureInfo.InvariantCulture);
    private static string Number(decimal v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary><c>--fail-on-new-findings</c>: fails on any new unwaived finding at or above a severity.</summary>
public sealed record FindingGate(Severity Minimum)
{
    public static readonly IReadOnlyList<string> Allowed = ["low", "medium", "high", "critical"];

    public static FindingGate? Parse(string text, out string? error)
    {
        error = null;
        foreach (var s in Enum.GetValues<Severity>())
            if (string.Equals(ReportNames.Of(s), text.Trim(), StringComparison.OrdinalIgnoreCase)) return new FindingGate(s);
        error = $"'{text}' is not a severity; allowed: {string.Join(", ", Allowed)}";
        return null;
    }

    public string? Check(FindingDelta findings)
    {
        var hits = findings.New.Where(f => f.Severity >= Minimum).ToList();
        if (hits.Count == 0) return null;
        return $"{hits.Count} new unwaived finding{(hits.Count == 1 ? "" : "s")} at or above {ReportNames.Of(Minimum)}: " +
               string.Join(", ", hits.Take(10).Select(f => $"{f.PolicyId} on {f.Resource ?? "the stack"}")) + (hits.Count > 10 ? $" and {hits.Count - 10} more" : "");
    }
}

/// <summary>The gates of one run; <see cref="Check"/> gives every failure reason (empty when all hold).</summary>
public sealed record DiffGates(CostGate? Cost, FindingGate? Findings)
{
    public static DiffGates None { get; } = new(null, null);

    public IReadOnlyList<string> Check(StackDiff diff) =>
        new[] { Cost?.Check(diff.Cost), Findings?.Check(diff.Findings) }.OfType<string>().ToList();
}
