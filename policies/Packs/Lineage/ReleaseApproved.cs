using System.Globalization;
using Supplychain.Components.Domain;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Lineage;

/// <summary>LIN007: in prod a served model is approved, by someone, on a date; in staging it is at least not rejected.</summary>
public sealed class ReleaseApproved : ServingWorkloadPolicy
{
    public const string Approved = "approved";
    public const string Rejected = "rejected";

    public override string Id => "LIN007";
    public override string Title => "In prod, served models must be approved with approver and date; in staging they must not be rejected";
    public override string Rationale =>
        "Human oversight means a named person or board accepted the model's risks before it took production traffic, and the " +
        "decision is on record with its date. Staging exists to gather that evidence, so only a rejection blocks it.";
    public override string Remediation =>
        "Record lineage.approval (status: approved, by: <approver>, at: <yyyy-mm-dd>) for the model after its review; it is rendered as the " +
        $"{Labels.ApprovalStatus}, {Labels.ApprovedBy} and {Labels.ApprovedAt} annotations.";
    public override Severity Severity => Severity.Critical;
    public override IReadOnlyList<FrameworkControl> Controls =>
    [
        Frameworks.EuAiAct("Art. 14"), Frameworks.EuAiAct("Art. 17"), Frameworks.NistAiRmf("MANAGE 1.1"),
        Frameworks.Iso42001("A.6.2.5"), Frameworks.Soc2("CC8.1"),
    ];

    protected override bool AppliesToStack(StackView stack) => stack.Stack.Environment != EnvironmentTier.Dev;

    protected override IEnumerable<Violation> Check(ServedModel m, StackView stack)
    {
        if (m.IsComputed(Labels.ApprovalStatus)) yield break;
        var status = m.Annotation(Labels.ApprovalStatus);
        var name = m.Workload.Name;
        if (stack.Stack.Environment == EnvironmentTier.Staging)
        {
            if (status is null)
                yield return new Violation(name, m.AnnotationPath(Labels.ApprovalStatus), null, $"model '{m.ModelName}' records no approval status");
            else if (string.Equals(status, Rejected, StringComparison.OrdinalIgnoreCase))
                yield return new Violation(name, m.AnnotationPath(Labels.ApprovalStatus), status, $"model '{m.ModelName}' was rejected and cannot be staged");
            yield break;
        }
        if (status != Approved)
            yield return new Violation(name, m.AnnotationPath(Labels.ApprovalStatus), status,
                $"model '{m.ModelName}' is not approved for prod (status '{status ?? "missing"}')");
        if (m.Annotation(Labels.ApprovedBy) is null && !m.IsComputed(Labels.ApprovedBy))
            yield return new Violation(name, m.AnnotationPath(Labels.ApprovedBy), null, $"model '{m.ModelName}' records no approver");
        var at = m.Annotation(Labels.ApprovedAt);
        if (at is null && !m.IsComputed(Labels.ApprovedAt))
            yield return new Violation(name, m.AnnotationPath(Labels.ApprovedAt), null, $"model '{m.ModelName}' records no approval date");
        else if (at is not null && !IsIsoDate(at))
            yield return new Violation(name, m.AnnotationPath(Labels.ApprovedAt), at, $"model '{m.ModelName}' approval date is not an ISO 8601 date");
    }

    public static bool IsIsoDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
        || DateTimeOffset.TryParseExact(text, ["yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
