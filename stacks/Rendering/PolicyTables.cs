using Spectre.Console;
using Spectre.Console.Rendering;
using Supplychain.Policies.Engine;

namespace Supplychain.Stacks.Rendering;

/// <summary>Policy results for people: counts per pack and severity, then blocking, advisory and waived findings.</summary>
internal static class PolicyTables
{
    public static IEnumerable<IRenderable> Build(PolicyReport report, IReadOnlyList<RemediationChange> remediations)
    {
        var counts = new Table().Border(TableBorder.Rounded).Title("Policy results (open findings by pack and severity)");
        counts.AddColumn("Pack");
        counts.AddColumn(new TableColumn("Policies").RightAligned());
        foreach (var s in Enum.GetValues<Severity>().Reverse()) counts.AddColumn(new TableColumn(ReportNames.Of(s)).RightAligned());
        foreach (var (pack, bySeverity) in report.OpenByPackAndSeverity)
        {
            var row = new List<string> { pack, report.Policies.Count(p => p.Pack == pack).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            row.AddRange(Enum.GetValues<Severity>().Reverse().Select(s => bySeverity[s] == 0 ? "[grey]0[/]" : $"[bold]{bySeverity[s]}[/]"));
            counts.AddRow(row.ToArray());
        }
        yield return counts;

        var o = report.Outcomes;
        yield return new Markup($"Checks: {o.Passed} passed, {o.Failed} failed, {o.Waived} waived, {o.NotApplicable} not applicable, {o.Errors} errors; " +
                                $"[bold]{report.BlockingCount}[/] blocking. Report digest {Markup.Escape(report.Digest)}\n");

        foreach (var part in Findings("[red]Blocking findings[/]", "blocking findings", report.Blocking.ToList(), withRemediation: true)) yield return part;
        foreach (var part in Findings("[yellow]Advisory findings[/]", "advisory findings", report.Advisory.ToList(), withRemediation: false)) yield return part;
        var (waived, waivedLeftOut) = ConsoleRows.Select(report.Waived.ToList(), f => f.PolicyId, "waived findings");
        if (waived.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).Title("Waived findings");
            foreach (var c in new[] { "Policy", "Resource", "Reason", "Approver", "Expires" }) table.AddColumn(c);
            foreach (var f in waived)
                table.AddRow(f.PolicyId, Markup.Escape(f.Resource ?? "(stack)"), Markup.Escape(f.Waiver!.Reason), Markup.Escape(f.Waiver.Approver), f.Waiver.Expires.ToString("yyyy-MM-dd"));
            yield return table;
            if (waivedLeftOut is not null) yield return new Markup($"[dim]{Markup.Escape(waivedLeftOut)}[/]\n");
        }
        if (remediations.Count > 0)
            yield return new Markup("Remediated at synth time:\n" + string.Join("\n", remediations.Select(r => $"  - {r.PolicyId} {Markup.Escape(r.Resource)}: {Markup.Escape(r.Change)}")) + "\n");
    }

    private static IEnumerable<IRenderable> Findings(string title, string what, IReadOnlyList<Finding> findings, bool withRemediation)
    {
        if (findings.Count == 0) yield break;
        var (shown, leftOut) = ConsoleRows.Select(findings, f => f.PolicyId, what);
        var table = new Table().Border(TableBorder.Rounded).Title(title);
        foreach (var c in new[] { "Policy", "Severity", "Resource", "Property", "Message" }) table.AddColumn(c);
        if (withRemediation) table.AddColumn("Remediation");
        foreach (var f in shown)
        {
            var row = new List<string> { f.PolicyId, ReportNames.Of(f.Severity), Markup.Escape(f.Resource ?? "(stack)"), Markup.Escape(f.PropertyPath ?? ""), Markup.Escape(f.Message) };
            if (withRemediation) row.Add(Markup.Escape(f.Remediation));
            table.AddRow(row.ToArray());
        }
        yield return table;
        if (leftOut is not null) yield return new Markup($"[dim]{Markup.Escape(leftOut)}[/]\n");
    }
}
