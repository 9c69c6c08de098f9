using System.Text;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Reports;

/// <summary>
/// The text <c>synth</c> prints on stderr when mandatory violations stop it (Pulumi shows it as the reason
/// the preview failed): each blocking finding with policy, resource, property, message and fix, then one line of
/// counts. Plain text, no colour codes: it ends up in CI logs and Pulumi's own output.
/// </summary>
public static class BlockingReport
{
    public static string Render(PolicyReport report)
    {
        var blocking = report.Blocking.ToList();
        var sb = new StringBuilder();
        sb.Append("supplychain: policy check failed for stack '").Append(report.Stack.Name).Append("': ")
          .Append(blocking.Count).Append(blocking.Count == 1 ? " blocking violation" : " blocking violations").Append('\n');
        foreach (var f in blocking)
        {
            sb.Append('\n');
            sb.Append(f.PolicyId).Append(" [").Append(ReportNames.Of(f.Severity)).Append(", ").Append(ReportNames.Of(f.Enforcement)).Append("] ")
              .Append(f.Resource is null ? "stack" : "resource " + f.Resource);
            if (f.ResourceType is not null) sb.Append(" (").Append(f.ResourceType).Append(')');
            sb.Append('\n');
            if (f.PropertyPath is not null) sb.Append("  property:    ").Append(f.PropertyPath).Append('\n');
            if (f.Observed is not null) sb.Append("  observed:    ").Append(OneLine(f.Observed)).Append('\n');
            sb.Append("  problem:     ").Append(OneLine(f.Message)).Append('\n');
            sb.Append("  remediation: ").Append(OneLine(f.Remediation)).Append('\n');
        }
        var o = report.Outcomes;
        sb.Append('\n').Append(Summary(report, o)).Append('\n');
        return sb.ToString();
    }

    /// <summary>The one-line tally, also handy for the CLI's success path.</summary>
    public static string Summary(PolicyReport report) => Summary(report, report.Outcomes);

    private static string Summary(PolicyReport report, OutcomeCounts o) =>
        $"{report.BlockingCount} blocking, {report.Advisory.Count()} advisory, {o.Waived} waived, {o.Passed} passed, " +
        $"{o.NotApplicable} not applicable, {o.Errors} errors; report digest {report.Digest}";

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
