using Supplychain.Policies.Cost;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Reports;

/// <summary>
/// What every report writer renders: the policy report, when it was generated (an input, so the same inputs give
/// the same bytes), and optionally the stack's cost estimate and the changes remediating policies made.
/// </summary>
public sealed record ReportInputs(
    PolicyReport Report,
    DateTimeOffset GeneratedAt,
    MonthlyCostEstimate? Cost = null,
    IReadOnlyList<RemediationChange>? Remediations = null,
    Importers.DriftReport? Drift = null,
    ReportProvenance? Provenance = null,
    AuditScope? Audit = null)
{
    public IReadOnlyList<RemediationChange> Changes => Remediations ?? [];

    /// <summary>True when the cost total can be stated: always at synth time; for an audit, only on a complete input.</summary>
    public bool CostTotalApplicable => Audit?.Coverage.IsComplete != false;

    /// <summary>The stack config file findings point at (SARIF physical locations): <c>Pulumi.&lt;stack&gt;.yaml</c>.</summary>
    public string StackConfigFile => $"Pulumi.{Report.Stack.Name}.yaml";

    public string GeneratedAtText => GeneratedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>What a report was generated from, for auditors: the source commit and the digest of the stack config.</summary>
/// <param name="Commit">The git commit of the project (<c>git rev-parse HEAD</c>); null when unknown (not a checkout, no git).</param>
/// <param name="ConfigDigest">sha256 of the stack config file's bytes (<c>sha256:…</c>); null when unknown.</param>
/// <param name="Source">Where the config came from, e.g. <c>Pulumi.dev.yaml</c>.</param>
public sealed record ReportProvenance(string? Commit, string? ConfigDigest, string? Source);

/// <summary>
/// What an audit of engine output saw, for every report: the input and its shape, how much of the stack it covered, the
/// policies not applicable because the input is partial, and the safety signals (data loss, protection, engine errors).
/// </summary>
/// <param name="Input">The audited file(s), as given.</param>
/// <param name="Shape">The input's shape in words (<c>pulumi preview --json</c>, <c>pulumi stack export, deployment v4</c>, ...).</param>
public sealed record AuditScope(
    string Input,
    string Shape,
    Importers.Coverage Coverage,
    IReadOnlyList<string> NotApplicablePolicies,
    IReadOnlyList<Importers.SafetySignal> Safety,
    bool IsEmpty);
