using Supplychain.Policies.Waivers;

namespace Supplychain.Policies.Engine;

/// <summary>
/// CMP050, the engine's own policy: every waiver must be well-formed, approved and unexpired. An exception nobody
/// can read, nobody approved or whose time is up is not an accepted risk; it is an unreviewed one. The engine
/// evaluates it with the problems found while loading and matching the waivers file; the instance the registry
/// discovers (no problems known) lists the policy and passes.
/// </summary>
public sealed class WaiverValidity : StackPolicy
{
    public const string PolicyId = "CMP050";

    private readonly IReadOnlyList<WaiverProblem> _problems;

    public WaiverValidity() : this([]) { }

    public WaiverValidity(IReadOnlyList<WaiverProblem> problems) => _problems = problems;

    public override string Id => PolicyId;
    public override string Pack => "compliance";
    public override string Title => "Waivers must be well-formed, approved and unexpired";
    public override string Rationale =>
        "A waiver records an accepted risk. Auditors rely on each one naming the policy and the resource it covers, " +
        "the reason, the approver and an end date; a malformed or expired waiver is a risk nobody is accountable for.";
    public override string Remediation =>
        "Fix the entry in the waivers file (policy id, resource or component, reason, approver, expires YYYY-MM-DD), " +
        "renew an expired waiver with a fresh approval, or remove it and fix the finding it covered.";
    public override Severity Severity => Severity.High;
    public override Enforcement DefaultEnforcement => Enforcement.Mandatory;
    public override IReadOnlyList<FrameworkControl> Controls { get; } =
    [
        new("SOC 2", "CC8.1"),
        new("ISO/IEC 42001", "A.3.2"),
        new("ISO/IEC 42001", "A.6.2.5"),
        new("NIST AI RMF", "GOVERN 1.4"),
        new("NIST AI RMF", "MANAGE 1.4"),
        new("EU AI Act", "Art. 17"),
    ];

    public override IEnumerable<Violation> Evaluate(StackView stack) =>
        _problems.Select(p => new Violation(null, p.Source, p.Policy, p.Message));
}
