using Supplychain.Policies.Waivers;

namespace Supplychain.Policies.Engine;

/// <summary>The waiver that covers a finding, as the reports print it.</summary>
public sealed record AppliedWaiver(string Reason, string Approver, DateOnly Expires);

/// <summary>
/// One violation as the reports see it: which policy (and how it was enforced), where (resource, component,
/// type, property), what was observed, what to do, which controls it is evidence for, and the waiver if one covers it.
/// </summary>
/// <param name="Resource">Logical resource name; null for a stack-level finding.</param>
/// <param name="Component">Top-level component (<c>mlflow</c>); <c>stack</c> for a stack-level finding.</param>
/// <param name="ComponentPath">The full component path joined with '/' (<c>mlflow/database</c>); empty for a stack-level finding.</param>
/// <param name="IsError">True when the policy threw instead of judging: the finding stands for "could not be checked".</param>
public sealed record Finding(
    string PolicyId,
    string Pack,
    Severity Severity,
    Enforcement Enforcement,
    string? Resource,
    string Component,
    string ComponentPath,
    string? ResourceType,
    string? PropertyPath,
    string? Observed,
    string Message,
    string Remediation,
    IReadOnlyList<FrameworkControl> Frameworks,
    AppliedWaiver? Waiver = null,
    bool IsError = false)
{
    public bool IsWaived => Waiver is not null;

    /// <summary>Stops the synthesis: unwaived, and enforced as mandatory (or remediate, when the fix did not take).</summary>
    public bool IsBlocking => !IsWaived && Enforcement is Enforcement.Mandatory or Enforcement.Remediate;

    /// <summary>Reported, recorded in the stack output, but does not stop the synthesis.</summary>
    public bool IsAdvisory => !IsWaived && Enforcement == Enforcement.Advisory;
}

/// <summary>Whether a policy ran on the stack.</summary>
public enum PolicyStatus { Evaluated, Disabled }

/// <summary>How one policy fared on the stack, with its metadata as it was when it ran.</summary>
/// <param name="Name">The policy's class name (<c>WaiverValidity</c>): the human-readable rule name of SARIF.</param>
/// <param name="Enforcement">The effective enforcement (stack config by id, then by pack, then the policy default).</param>
/// <param name="Settings">The effective value of every setting the policy declares (null or empty when it declares none).</param>
public sealed record PolicyResult(
    string Id,
    string Name,
    string Pack,
    string Title,
    string Rationale,
    string Remediation,
    Severity Severity,
    Enforcement DefaultEnforcement,
    Enforcement Enforcement,
    IReadOnlyList<FrameworkControl> Frameworks,
    PolicyStatus Status,
    OutcomeCounts Counts,
    System.Text.Json.Nodes.JsonObject? Settings = null,
    IReadOnlyList<string>? PeerEquivalents = null);

/// <summary>
/// Outcome counts. <c>Passed</c> and <c>NotApplicable</c> count (policy, resource) evaluations; <c>Failed</c>,
/// <c>Waived</c> and <c>Errors</c> count findings (a policy may report several violations on one resource).
/// </summary>
/// <param name="Failed">Unwaived violations (not errors).</param>
/// <param name="Waived">Violations covered by a valid waiver (errors included).</param>
/// <param name="Errors">Unwaived findings from a policy that threw.</param>
public sealed record OutcomeCounts(int Passed, int Failed, int Waived, int NotApplicable, int Errors)
{
    public static OutcomeCounts Zero { get; } = new(0, 0, 0, 0, 0);
    public OutcomeCounts Add(OutcomeCounts o) => new(Passed + o.Passed, Failed + o.Failed, Waived + o.Waived, NotApplicable + o.NotApplicable, Errors + o.Errors);
}

/// <summary>One applicable evaluation: a policy judged a resource (or, with a null resource, the stack).</summary>
public readonly record struct Check(string PolicyId, string? Resource);

/// <summary>The stack a report is about.</summary>
public sealed record ReportStack(string Name, string Environment, string Target);

/// <summary>
/// The result of evaluating every policy on a stack: per-policy results, every finding (waived ones included,
/// marked), the applicable evaluations, the waivers that matched nothing, counts and a deterministic digest.
/// </summary>
public sealed record PolicyReport(
    ReportStack Stack,
    string? CatalogDate,
    IReadOnlyList<PolicyResult> Policies,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<Check> Checks,
    IReadOnlyList<Waiver> UnusedWaivers,
    string Digest,
    PolicyProvenance? Provenance = null)
{
    public static IReadOnlyList<string> PackOrder => PolicyPacks.Names;

    /// <summary>
    /// False when the judge did not keep the checks because nothing asked for them (an audit that writes no JUnit report,
    /// the one report listing them): <see cref="Checks"/> is then empty although evaluations were made, and the JUnit
    /// report refuses such a report. Counts, findings and the digest are the same either way.
    /// </summary>
    public bool ChecksKept { get; init; } = true;

    public OutcomeCounts Outcomes => Policies.Aggregate(OutcomeCounts.Zero, (acc, p) => acc.Add(p.Counts));

    public IEnumerable<Finding> Blocking => Findings.Where(f => f.IsBlocking);
    public IEnumerable<Finding> Advisory => Findings.Where(f => f.IsAdvisory);
    public IEnumerable<Finding> Waived => Findings.Where(f => f.IsWaived);

    public int BlockingCount => Findings.Count(f => f.IsBlocking);
    public bool Passed => BlockingCount == 0;

    /// <summary>Unwaived findings per pack (sorted by name) and severity; every pack of the report and every severity appear, zeros included.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<Severity, int>> OpenByPackAndSeverity
    {
        get
        {
            var packs = Policies.Select(p => p.Pack).Concat(Findings.Select(f => f.Pack)).Distinct();
            var result = new SortedDictionary<string, IReadOnlyDictionary<Severity, int>>(StringComparer.Ordinal);
            foreach (var pack in packs)
                result[pack] = Enum.GetValues<Severity>().ToDictionary(s => s, s => Findings.Count(f => !f.IsWaived && f.Pack == pack && f.Severity == s));
            return result;
        }
    }

    internal static int PackRank(string pack) => PolicyPacks.Rank(pack);
}

/// <summary>One change a remediating policy made to the program at synth time.</summary>
public sealed record RemediationChange(string PolicyId, string Resource, string Change);

/// <summary>Text forms of the enums as every report spells them (lowercase, stable).</summary>
public static class ReportNames
{
    public static string Of(Severity s) => s switch
    {
        Severity.Low => "low",
        Severity.Medium => "medium",
        Severity.High => "high",
        Severity.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    public static string Of(Enforcement e) => e switch
    {
        Enforcement.Disabled => "disabled",
        Enforcement.Advisory => "advisory",
        Enforcement.Mandatory => "mandatory",
        Enforcement.Remediate => "remediate",
        _ => throw new ArgumentOutOfRangeException(nameof(e)),
    };

    public static string Of(PolicyStatus s) => s == PolicyStatus.Evaluated ? "evaluated" : "disabled";

    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
