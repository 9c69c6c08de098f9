using System.Globalization;
using System.Text;
using Supplychain.Policies.Cost;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Reports;

/// <summary>
/// <c>policy-report.md</c>, written to be posted as a pull-request comment: the verdict and counts first, then
/// blocking findings, advisory findings, waived findings, unused waivers, the cost summary and remediation changes.
/// Kept under GitHub's 65,536-character comment limit: when tables would overflow, rows are cut and a note says how
/// many were left out (every finding is in policy-report.json).
/// </summary>
public static class MarkdownReport
{
    public const string FileName = "policy-report.md";

    /// <summary>GitHub refuses comments over 65,536 characters; stay well below to leave room for a wrapper.</summary>
    public const int MaxLength = 60_000;

    public static string Write(ReportInputs inputs, int maxLength = MaxLength)
    {
        var report = inputs.Report;
        var o = report.Outcomes;
        var md = new Budget(maxLength);
        var verdict = report.Passed ? "PASS" : "FAIL";
        md.Line($"## supplychain policy check: {verdict} — stack `{report.Stack.Name}` ({report.Stack.Environment}, {report.Stack.Target})");
        md.Line();
        md.Line($"**{report.BlockingCount} blocking**, {report.Advisory.Count()} advisory, {o.Waived} waived, {o.Passed} passed, {o.NotApplicable} not applicable, {o.Errors} errors " +
                $"across {report.Policies.Count(p => p.Status == PolicyStatus.Evaluated)} policies ({report.Policies.Count(p => p.Status == PolicyStatus.Disabled)} disabled).");
        md.Line();
        md.Line($"Report digest `{report.Digest}`" + (report.CatalogDate is null ? "" : $", price catalog of {report.CatalogDate}") + $", generated {inputs.GeneratedAtText}.");
        if (report.Provenance is { } provenance)
            md.Line($"Judged by supplychain {provenance.ToolVersion} (packs {string.Join(", ", provenance.Packs.Select(p => $"{p.Pack} {p.Version}"))}), policy set `{provenance.PolicySetDigest}`.");
        md.Line();
        if (inputs.Audit is { } audit)
            foreach (var line in AuditScopeSection.Markdown(audit)) md.Line(line);

        md.Line("| pack | critical | high | medium | low |");
        md.Line("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (pack, s) in report.OpenByPackAndSeverity)
            md.Line($"| {pack} | {s[Severity.Critical]} | {s[Severity.High]} | {s[Severity.Medium]} | {s[Severity.Low]} |");
        md.Line();
        md.Line("_Open (unwaived) findings per pack and severity._");
        md.Line();

        FindingTable(md, "Blocking findings", "These stop the deployment. Fix them or, if the risk is accepted, add an approved waiver.",
            report.Blocking.ToList(), includeRemediation: true);
        FindingTable(md, "Advisory findings", null, report.Advisory.ToList(), includeRemediation: true);

        var waived = report.Waived.ToList();
        if (waived.Count > 0)
        {
            md.Line($"### Waived findings ({waived.Count})");
            md.Line();
            md.Line("| policy | resource | property | message | reason | approver | expires |");
            md.Line("| --- | --- | --- | --- | --- | --- | --- |");
            md.Rows(waived, f => $"| {f.PolicyId} | {Cell(f.Resource ?? "(stack)")} | {Cell(f.PropertyPath)} | {Cell(f.Message)} | {Cell(f.Waiver!.Reason)} | {Cell(f.Waiver.Approver)} | {ReportNames.Date(f.Waiver.Expires)} |", "waived findings");
            md.Line();
        }

        if (report.UnusedWaivers.Count > 0)
        {
            md.Line($"### Unused waivers ({report.UnusedWaivers.Count})");
            md.Line();
            md.Line("These match no finding; remove them so the waivers file stays an honest list of accepted risks.");
            md.Line();
            md.Line("| policy | covers | approver | expires | declared at |");
            md.Line("| --- | --- | --- | --- | --- |");
            md.Rows(report.UnusedWaivers, w => $"| {w.Policy} | {Cell(w.Target)} | {Cell(w.Approver)} | {ReportNames.Date(w.Expires)} | {Cell(w.Source)} |", "unused waivers");
            md.Line();
        }

        if (inputs.Cost is { } cost && inputs.CostTotalApplicable) CostSection(md, cost);
        else if (inputs.Cost is not null)
        {
            md.Line("### Estimated monthly cost (USD)");
            md.Line();
            md.Line($"Total: {Importers.PartialInput.Reason}. The input leaves unchanged resources out.");
            md.Line();
        }

        if (inputs.Changes.Count > 0)
        {
            md.Line($"### Remediation changes ({inputs.Changes.Count})");
            md.Line();
            md.Line("| policy | resource | change |");
            md.Line("| --- | --- | --- |");
            md.Rows(inputs.Changes, c => $"| {c.PolicyId} | {Cell(c.Resource)} | {Cell(c.Change)} |", "remediation changes");
            md.Line();
        }
        return md.ToString();
    }

    private static void FindingTable(Budget md, string heading, string? note, List<Finding> findings, bool includeRemediation)
    {
        md.Line($"### {heading} ({findings.Count})");
        md.Line();
        if (findings.Count == 0)
        {
            md.Line("None.");
            md.Line();
            return;
        }
        if (note is not null) { md.Line(note); md.Line(); }
        md.Line(includeRemediation ? "| policy | severity | resource | property | observed | message | remediation |" : "| policy | severity | resource | property | observed | message |");
        md.Line(includeRemediation ? "| --- | --- | --- | --- | --- | --- | --- |" : "| --- | --- | --- | --- | --- | --- |");
        md.Rows(findings, f =>
            $"| {f.PolicyId} | {ReportNames.Of(f.Severity)} | {Cell(f.Resource ?? "(stack)")} | {Cell(f.PropertyPath)} | {Cell(f.Observed)} | {Cell(f.Message)} |" +
            (includeRemediation ? $" {Cell(f.Remediation)} |" : ""), heading.ToLowerInvariant());
        md.Line();
    }

    private static void CostSection(Budget md, MonthlyCostEstimate cost)
    {
        md.Line("### Estimated monthly cost (USD)");
        md.Line();
        md.Line($"**{Usd(cost.ExpectedUsd)} expected** (min {Usd(cost.MinUsd)}, max {Usd(cost.MaxUsd)}), price catalog of {cost.CatalogDate}, {cost.HoursPerMonth.ToString(CultureInfo.InvariantCulture)} hours per month.");
        md.Line();
        if (cost.ExpectedByTeam.Count > 0)
        {
            md.Line("| team | expected | max |");
            md.Line("| --- | ---: | ---: |");
            foreach (var (team, expected) in cost.ExpectedByTeam)
                md.Line($"| {Cell(team)} | {Usd(expected)} | {Usd(cost.MaxByTeam.GetValueOrDefault(team))} |");
            md.Line();
        }
        if (cost.ExpectedByComponent.Count > 0)
        {
            md.Line("| component | expected |");
            md.Line("| --- | ---: |");
            md.Rows(cost.ExpectedByComponent.ToList(), kv => $"| {Cell(kv.Key)} | {Usd(kv.Value)} |", "components");
            md.Line();
        }
        if (cost.Assumptions.Count > 0)
        {
            md.Line("Assumptions:");
            md.Line();
            md.Rows(cost.Assumptions, a => $"- {Inline(a)}", "assumptions");
            md.Line();
        }
        if (cost.Unpriced.Count > 0)
        {
            md.Line($"Unpriced items ({cost.Unpriced.Count}): these are not in the total.");
            md.Line();
            md.Rows(cost.Unpriced, u => $"- `{u.Resource}`: {Inline(u.Reason)}", "unpriced items");
            md.Line();
        }
    }

    private static string Usd(decimal v) => "$" + JsonReport.Money(v).ToString("#,##0.00", CultureInfo.InvariantCulture);

    /// <summary>A table cell: one line, pipes escaped, angle brackets as entities so nothing opens HTML.</summary>
    internal static string Cell(string? text) =>
        text is null ? "" : Inline(text).Replace("|", "\\|", StringComparison.Ordinal);

    private static string Inline(string text) =>
        text.ReplaceLineEndings(" ").Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>A string builder that stops adding table rows when the comment would grow past its limit, and says so.</summary>
    private sealed class Budget(int maxLength)
    {
        // Room kept for the sections after a cut table (cost summary, notes) and the truncation notes themselves.
        private const int Reserve = 4_000;
        private readonly StringBuilder _sb = new();

        public void Line(string text = "")
        {
            if (_sb.Length + text.Length + 1 > maxLength) return;
            _sb.Append(text).Append('\n');
        }

        public void Rows<T>(IReadOnlyList<T> items, Func<T, string> row, string what)
        {
            for (var i = 0; i < items.Count; i++)
            {
                var line = row(items[i]);
                if (_sb.Length + line.Length + 1 > maxLength - Reserve)
                {
                    Line();
                    Line($"_… {items.Count - i} more {what} not shown to keep this comment under GitHub's size limit; every finding is in policy-report.json._");
                    return;
                }
                Line(line);
            }
        }

        public override string ToString() => _sb.ToString();
    }
}
