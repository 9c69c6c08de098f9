using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Importers;

/// <summary>
/// Post-processing of a policy report judged on a partial input (a preview without its unchanged resources): the
/// policies that judge the whole stack (<see cref="IJudgesWholeStack"/>) lose their findings and count as not applicable,
/// so a missing companion or budget resource that is merely unchanged is never reported as absent. Kept apart from the
/// judging itself: the engine judges what it is given; this says what that judgement cannot claim.
/// </summary>
public static class PartialInput
{
    public const string Reason = "not applicable (partial input)";

    public static IReadOnlySet<string> WholeStackPolicies(IEnumerable<Policy> policies) =>
        policies.Where(p => p is IJudgesWholeStack).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);

    public static PolicyReport Restrict(PolicyReport report, IReadOnlySet<string> policyIds)
    {
        var findings = report.Findings.Where(f => !policyIds.Contains(f.PolicyId)).ToList();
        // Hundreds of thousands in a large preview: chunks, not one growing large-object array (none when not kept).
        var checks = new ChunkedList<Check>();
        foreach (var c in report.Checks)
            if (!policyIds.Contains(c.PolicyId)) checks.Add(c);
        var policies = report.Policies.Select(p =>
        {
            if (!policyIds.Contains(p.Id) || p.Status != PolicyStatus.Evaluated) return p;
            var c = p.Counts;
            return p with { Counts = new OutcomeCounts(0, 0, 0, Math.Max(1, c.Passed + c.Failed + c.Waived + c.NotApplicable + c.Errors), 0) };
        }).ToList();
        return report with
        {
            Policies = policies,
            Findings = findings,
            Checks = checks,
            Digest = ReportDigest.Compute(report.Stack, report.CatalogDate, findings),
        };
    }
}
