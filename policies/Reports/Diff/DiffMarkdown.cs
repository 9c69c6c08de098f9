using System.Text;
using Supplychain.Policies.Engine;
using static Supplychain.Policies.Reports.Diff.CostGate;

namespace Supplychain.Policies.Reports.Diff;

/// <summary>
/// The pull-request comment of <c>diff</c>: a one-line verdict, then resource changes grouped by component and team,
/// the monthly cost delta (stack, teams, largest movers), policy findings new / fixed / still open, waivers added and
/// expiring, and the gate results last. It starts with <see cref="Marker"/> (an HTML comment) so a workflow can find
/// and update its previous comment. Kept under GitHub's 65,536-character limit: long sections are cut with a note;
/// the gate results are always kept.
/// </summary>
public static class DiffMarkdown
{
    public const string Marker = "<!-- supplychain-diff -->";
    public const int MaxLength = 60_000;

    public static string Write(StackDiff diff, IReadOnlyList<string> gateFailures, DiffGates gates, int maxLength = MaxLength)
    {
        var tail = Gates(gateFailures, gates);
        var md = new Budget(maxLength - tail.Length);
        var head = diff.Head.Report.Stack;
        var counts = diff.Resources.GroupBy(c => c.Kind).ToDictionary(g => g.Key, g => g.Count());
        md.Line(Marker);
        md.Line($"## supplychain diff — stack `{Code(head.Name)}` ({head.Environment}, {head.Target})");
        md.Line();
        md.Line($"Base: {Text(diff.Base.Label)} · Head: {Text(diff.Head.Label)}");
        md.Line();
        md.Line($"**{counts.GetValueOrDefault(ChangeKind.Added)} to add, {counts.GetValueOrDefault(ChangeKind.Changed)} to change, {counts.GetValueOrDefault(ChangeKind.Removed)} to remove** · " +
                $"monthly cost {Signed(diff.Cost.Stack.DeltaExpected)} expected, {Signed(diff.Cost.Stack.DeltaMax)} max · " +
                $"findings: {diff.Findings.New.Count} new, {diff.Findings.Fixed.Count} fixed, {diff.Findings.StillOpen.Count} still open · " +
                $"waivers: {diff.Waivers.Added.Count} added, {diff.Waivers.Expiring.Count} expiring within {diff.Waivers.WindowDays} days");
        md.Line();
        if (diff.PolicySet is { Changed: true } rules)
        {
            var parts = new List<string> { $"`{Code(rules.BaseDigest ?? "none")}` → `{Code(rules.HeadDigest ?? "none")}`" };
            if (rules.Added.Count > 0) parts.Add("added " + string.Join(", ", rules.Added));
            if (rules.Removed.Count > 0) parts.Add("removed " + string.Join(", ", rules.Removed));
            if (rules.PackChanges.Count > 0) parts.Add("packs " + string.Join(", ", rules.PackChanges));
            if (rules.Retuned.Count > 0) parts.Add("enforcement or settings changed for " + string.Join(", ", rules.Retuned));
            md.Line($"**Policy set changed**: {string.Join("; ", parts)}. Findings below may move because the rules moved.");
            md.Line();
        }

        Safety(md, diff.Safety);
        Resources(md, diff);
        Cost(md, diff);
        Findings(md, diff.Findings);
        Waivers(md, diff);
        return md.ToString() + tail;
    }

    /// <summary>Data the change destroys and protection it removes come first: a reviewer must not scroll past them.</summary>
    private static void Safety(Budget md, IReadOnlyList<Importers.SafetySignal> signals)
    {
        if (signals.Count == 0) return;
        md.Line($"### Safety ({signals.Count})");
        md.Line();
        md.Rows(signals.ToList(), s => $"- **{s.KindName}** ({ReportNames.Of(s.Severity)}) `{Code(s.Resource ?? "(stack)")}`{(s.Type is null ? "" : $" ({Code(s.Type)})")}: {Text(s.Message)}", "safety signals");
        md.Line();
    }

    private static void Resources(Budget md, StackDiff diff)
    {
        md.Line($"### Resources ({diff.Resources.Count} changed)");
        md.Line();
        if (diff.Resources.Count == 0) { md.Line("No resource changes."); md.Line(); return; }
        foreach (var group in diff.Resources.GroupBy(c => (c.Component, c.Team)).OrderBy(g => g.Key.Component, StringComparer.Ordinal).ThenBy(g => g.Key.Team, StringComparer.Ordinal))
        {
            md.Line($"#### `{Code(group.Key.Component)}`" + (group.Key.Team is null ? "" : $" — team `{Code(group.Key.Team)}`"));
            md.Line();
            md.Rows(group.ToList(), Resource, "resource changes");
            md.Line();
        }
    }

    private static string Resource(ResourceChange c)
    {
        var sign = c.Kind switch { ChangeKind.Added => "+ added", ChangeKind.Removed => "- removed", _ => "~ changed" };
        var line = new StringBuilder($"- **{sign}** `{Code(c.Name)}` ({Code(c.Type)})");
        const int shown = 12;
        foreach (var p in c.Properties.Take(shown)) line.Append("\n  - `").Append(Code(p.Path)).Append("`: ").Append(Change(p));
        if (c.Properties.Count > shown) line.Append($"\n  - … and {c.Properties.Count - shown} more properties");
        return line.ToString();
    }

    private static string Change(PropertyChange p)
    {
        if (p.Hidden) return "changed (secret value, not shown)";
        if (p.WasAbsent) return p.After is null ? "added" : $"added `{Code(p.After)}`";
        if (p.IsAbsent) return p.Before is null ? "removed" : $"removed (was `{Code(p.Before)}`)";
        return p.Before is null || p.After is null ? "changed" : $"`{Code(p.Before)}` → `{Code(p.After)}`";
    }

    private static void Cost(Budget md, StackDiff diff)
    {
        var c = diff.Cost;
        md.Line("### Monthly cost (USD)");
        md.Line();
        md.Line("| scope | expected (base → head) | Δ expected | max (base → head) | Δ max |");
        md.Line("| --- | ---: | ---: | ---: | ---: |");
        md.Line(CostRow("**stack**", c.Stack));
        foreach (var (team, figures) in c.ByTeam) md.Line(CostRow($"team `{Code(team)}`", figures));
        md.Line();
        if (c.Movers.Count > 0)
        {
            md.Line($"Largest movers (top {c.Movers.Count} resources by |Δ expected|):");
            md.Line();
            md.Line("| resource | expected (base → head) | Δ expected | max (base → head) | Δ max |");
            md.Line("| --- | ---: | ---: | ---: | ---: |");
            md.Rows(c.Movers, kv => CostRow($"`{Code(kv.Key)}`", kv.Value), "cost movers");
            md.Line();
        }
        else
        {
            md.Line("No resource's estimated cost moved.");
            md.Line();
        }
        var unpriced = diff.Head.Cost.Unpriced.Count;
        md.Line($"_Priced from the catalog of {diff.Head.Cost.CatalogDate}" + (unpriced > 0 ? $"; {unpriced} item(s) on head could not be priced and are not in these figures" : "") +
                ". The expected figure sits between autoscaling bounds; max assumes every pool and autoscaler at its maximum._");
        md.Line();
    }

    private static string CostRow(string scope, CostFigures f) =>
        $"| {scope} | {Usd(f.BaseExpected)} → {Usd(f.HeadExpected)} | {Signed(f.DeltaExpected)} | {Usd(f.BaseMax)} → {Usd(f.HeadMax)} | {Signed(f.DeltaMax)} |";

    private static void Findings(Budget md, FindingDelta d)
    {
        md.Line("### Policy findings");
        md.Line();
        FindingTable(md, "New", d.New, "new findings");
        FindingTable(md, "Fixed", d.Fixed, "fixed findings");
        FindingTable(md, "Still open", d.StillOpen, "open findings");
    }

    private static void FindingTable(Budget md, string title, IReadOnlyList<Finding> findings, string what)
    {
        md.Line($"#### {title} ({findings.Count})");
        md.Line();
        if (findings.Count == 0) { md.Line("None."); md.Line(); return; }
        md.Line("| policy | severity | enforcement | resource | property | observed | message |");
        md.Line("| --- | --- | --- | --- | --- | --- | --- |");
        md.Rows(findings, f => $"| {f.PolicyId} | {ReportNames.Of(f.Severity)} | {ReportNames.Of(f.Enforcement)} | {MarkdownReport.Cell(f.Resource ?? "(stack)")} | " +
                               $"{MarkdownReport.Cell(f.PropertyPath)} | {MarkdownReport.Cell(f.Observed)} | {MarkdownReport.Cell(f.Message)} |", what);
        md.Line();
    }

    private static void Waivers(Budget md, StackDiff diff)
    {
        var w = diff.Waivers;
        md.Line("### Waivers");
        md.Line();
        if (w.Added.Count == 0 && w.Removed.Count == 0 && w.Expiring.Count == 0) { md.Line($"No waivers added or removed; none expires within {w.WindowDays} days."); md.Line(); return; }
        if (w.Added.Count > 0)
        {
            md.Line($"Added or renewed ({w.Added.Count}):");
            md.Line();
            md.Line("| policy | covers | reason | approver | expires |");
            md.Line("| --- | --- | --- | --- | --- |");
            md.Rows(w.Added, x => $"| {x.Policy} | {MarkdownReport.Cell(x.Target)} | {MarkdownReport.Cell(x.Reason)} | {MarkdownReport.Cell(x.Approver)} | {ReportNames.Date(x.Expires)} |", "added waivers");
            md.Line();
        }
        if (w.Removed.Count > 0)
        {
            md.Line($"Removed ({w.Removed.Count}): " + string.Join(", ", w.Removed.Select(x => $"{x.Policy} for {MarkdownReport.Cell(x.Target)}")));
            md.Line();
        }
        if (w.Expiring.Count > 0)
        {
            md.Line($"Expiring within {w.WindowDays} days of {ReportNames.Date(diff.Today)} ({w.Expiring.Count}):");
            md.Line();
            md.Line("| policy | covers | approver | expires | days left |");
            md.Line("| --- | --- | --- | --- | ---: |");
            md.Rows(w.Expiring, x =>
            {
                var days = x.Expires.DayNumber - diff.Today.DayNumber;
                return $"| {x.Policy} | {MarkdownReport.Cell(x.Target)} | {MarkdownReport.Cell(x.Approver)} | {ReportNames.Date(x.Expires)} | {(days < 0 ? "expired" : days.ToString(System.Globalization.CultureInfo.InvariantCulture))} |";
            }, "expiring waivers");
            md.Line();
        }
    }

    private static string Gates(IReadOnlyList<string> failures, DiffGates gates)
    {
        var sb = new StringBuilder();
        sb.Append("### Gates\n\n");
        if (gates.Cost is null && gates.Findings is null) sb.Append("No gates configured.\n");
        else
        {
            if (gates.Cost is { } c) sb.Append($"- cost: fail when the maximum monthly cost grows by more than {c.Describe()}\n");
            if (gates.Findings is { } f) sb.Append($"- findings: fail on a new unwaived finding at or above {ReportNames.Of(f.Minimum)}\n");
            sb.Append('\n');
            if (failures.Count == 0) sb.Append("**PASS**: every gate holds.\n");
            else foreach (var reason in failures) sb.Append("**FAIL**: ").Append(Text(reason)).Append('\n');
        }
        return sb.ToString();
    }

    private static string Signed(decimal v) => v > 0 ? "+" + Usd(v) : v < 0 ? Usd(v) : "$0.00";

    /// <summary>Inside backticks: a backtick would end the span early.</summary>
    private static string Code(string text) => text.ReplaceLineEndings(" ").Replace('`', '\'');

    private static string Text(string text) => MarkdownReport.Cell(text);

    /// <summary>
    /// Stops adding rows once the comment would outgrow its limit; every row left out after that is counted, and one
    /// note at the end says how many (the full picture is in the JSON and SARIF reports of each side).
    /// </summary>
    private sealed class Budget(int maxLength)
    {
        private const int Reserve = 3_000;
        private readonly StringBuilder _sb = new();
        private int _skipped;

        public void Line(string text = "")
        {
            if (_skipped > 0 || _sb.Length + text.Length + 1 > maxLength - Reserve / 2) return;
            _sb.Append(text).Append('\n');
        }

        public void Rows<T>(IReadOnlyList<T> items, Func<T, string> row, string what)
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (_skipped > 0) { _skipped += items.Count - i; return; }
                var line = row(items[i]);
                if (_sb.Length + line.Length + 1 > maxLength - Reserve) { _skipped += items.Count - i; return; }
                Line(line);
            }
        }

        public override string ToString() => _skipped == 0
            ? _sb.ToString()
            : _sb + $"\n_Truncated: {_skipped} more rows not shown to keep this comment under GitHub's 65,536-character limit; " +
              "run `supplychain diff` locally or read the policy reports for everything._\n\n";
    }
}
