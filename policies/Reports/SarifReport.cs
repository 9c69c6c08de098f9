using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Reports;

/// <summary>
/// <c>policy-report.sarif</c>: SARIF 2.1.0 for code scanning. One run, driver <c>supplychain</c>, one rule per policy
/// (disabled ones included, marked not enabled), one result per finding. A result names the resource and the property
/// as logical locations and points at the stack config file as its physical location (code scanning requires one).
/// Waived findings stay results, with an accepted external suppression carrying reason, approver and expiry.
/// </summary>
public static class SarifReport
{
    public const string FileName = "policy-report.sarif";
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    private static readonly JsonWriterOptions Options = new() { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(ReportInputs inputs)
    {
        var report = inputs.Report;
        var ruleIndex = report.Policies.Select((p, i) => (p.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var byId = report.Policies.ToDictionary(p => p.Id, StringComparer.Ordinal);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("$schema", SchemaUri);
            w.WriteString("version", "2.1.0");
            w.WriteStartArray("runs");
            w.WriteStartObject();

            w.WriteStartObject("tool");
            w.WriteStartObject("driver");
            w.WriteString("name", "supplychain");
            w.WriteString("fullName", "supplychain policy packs (lineage, cost, compliance)");
            if (report.Provenance is { } provenance)
            {
                w.WriteString("version", provenance.ToolVersion);
                w.WriteString("semanticVersion", provenance.ToolVersion);
                w.WriteStartObject("properties");
                ProvenanceJson.WriteBody(w, provenance);
                w.WriteEndObject();
            }
            w.WriteStartArray("rules");
            foreach (var p in report.Policies) WriteRule(w, p);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();

            w.WriteStartArray("invocations");
            w.WriteStartObject();
            w.WriteBoolean("executionSuccessful", true);
            w.WriteString("endTimeUtc", inputs.GeneratedAtText);
            w.WriteEndObject();
            w.WriteEndArray();

            w.WriteStartObject("automationDetails");
            w.WriteString("id", $"supplychain/{report.Stack.Name}/");
            w.WriteEndObject();

            w.WriteStartArray("results");
            foreach (var f in report.Findings)
                WriteResult(w, f, ruleIndex.TryGetValue(f.PolicyId, out var i) ? i : -1, byId.GetValueOrDefault(f.PolicyId), inputs.StackConfigFile);
            w.WriteEndArray();

            w.WriteStartObject("properties");
            w.WriteString("stack", report.Stack.Name);
            w.WriteString("environment", report.Stack.Environment);
            w.WriteString("target", report.Stack.Target);
            w.WriteString("digest", report.Digest);
            w.WriteString("catalogDate", report.CatalogDate);
            w.WriteNumber("blocking", report.BlockingCount);
            if (inputs.Audit is { } audit) AuditScopeSection.WriteJson(w, audit);
            w.WriteEndObject();

            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteRule(Utf8JsonWriter w, PolicyResult p)
    {
        w.WriteStartObject();
        w.WriteString("id", p.Id);
        w.WriteString("name", p.Name);
        Message(w, "shortDescription", p.Title);
        Message(w, "fullDescription", p.Rationale);
        Message(w, "help", p.Remediation);
        w.WriteStartObject("defaultConfiguration");
        w.WriteBoolean("enabled", p.Status == PolicyStatus.Evaluated);
        w.WriteString("level", Level(p.Enforcement, p.Severity));
        w.WriteEndObject();
        w.WriteStartObject("properties");
        w.WriteStartArray("tags");
        foreach (var tag in new[] { p.Pack, ReportNames.Of(p.Severity) }.Concat(p.Frameworks.Select(c => c.ToString())).Distinct(StringComparer.Ordinal))
            w.WriteStringValue(tag);
        w.WriteEndArray();
        w.WriteString("pack", p.Pack);
        w.WriteString("severity", ReportNames.Of(p.Severity));
        w.WriteString("enforcement", ReportNames.Of(p.Enforcement));
        // GitHub code scanning ranks security alerts by this CVSS-like score.
        w.WriteString("security-severity", SecuritySeverity(p.Severity));
        ReportDigest.WriteFrameworks(w, "frameworks", p.Frameworks);
        // The peer scanners' checks this rule covers (CKV_AWS_17, polaris:..., awsguard:...), so their users find it.
        if (p.PeerEquivalents is { Count: > 0 } peers)
        {
            w.WriteStartArray("peerEquivalents");
            foreach (var peer in peers) w.WriteStringValue(peer);
            w.WriteEndArray();
        }
        if (p.Settings is { Count: > 0 } settings)
        {
            w.WritePropertyName("settings");
            settings.WriteTo(w);
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter w, Finding f, int ruleIndex, PolicyResult? rule, string configFile)
    {
        w.WriteStartObject();
        w.WriteString("ruleId", f.PolicyId);
        if (ruleIndex >= 0) w.WriteNumber("ruleIndex", ruleIndex);
        w.WriteString("kind", "fail");
        w.WriteString("level", Level(f.Enforcement, f.Severity));
        Message(w, "message", f.Message);

        w.WriteStartArray("locations");
        w.WriteStartObject();
        w.WriteStartObject("physicalLocation");
        w.WriteStartObject("artifactLocation");
        w.WriteString("uri", configFile);
        w.WriteEndObject();
        w.WriteStartObject("region");
        w.WriteNumber("startLine", 1);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartArray("logicalLocations");
        var resourceFqn = f.Resource is null ? "stack" : (f.ComponentPath.Length > 0 ? f.ComponentPath + "/" : "") + f.Resource;
        w.WriteStartObject();
        w.WriteString("name", f.Resource ?? "stack");
        w.WriteString("fullyQualifiedName", resourceFqn);
        w.WriteString("kind", f.Resource is null ? "module" : "resource");
        w.WriteEndObject();
        if (f.PropertyPath is not null)
        {
            w.WriteStartObject();
            w.WriteString("name", f.PropertyPath);
            w.WriteString("fullyQualifiedName", resourceFqn + "." + f.PropertyPath);
            w.WriteString("kind", "member");
            w.WriteNumber("parentIndex", 0);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();

        // Stable identity across runs, so code scanning tracks one alert per (policy, resource, property).
        w.WriteStartObject("partialFingerprints");
        w.WriteString("supplychainFinding/v1", Fingerprint(f));
        w.WriteEndObject();

        if (f.Waiver is { } waiver)
        {
            w.WriteStartArray("suppressions");
            w.WriteStartObject();
            w.WriteString("kind", "external");
            w.WriteString("status", "accepted");
            w.WriteString("justification", waiver.Reason);
            w.WriteStartObject("properties");
            w.WriteString("approver", waiver.Approver);
            w.WriteString("expires", ReportNames.Date(waiver.Expires));
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
        }

        w.WriteStartObject("properties");
        w.WriteString("pack", f.Pack);
        w.WriteString("severity", ReportNames.Of(f.Severity));
        w.WriteString("enforcement", ReportNames.Of(f.Enforcement));
        w.WriteBoolean("blocking", f.IsBlocking);
        w.WriteBoolean("error", f.IsError);
        w.WriteString("resource", f.Resource);
        w.WriteString("component", f.Component);
        w.WriteString("resourceType", f.ResourceType);
        w.WriteString("propertyPath", f.PropertyPath);
        w.WriteString("observed", f.Observed);
        w.WriteString("remediation", f.Remediation);
        if (rule is not null) w.WriteString("title", rule.Title);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Mandatory (and remediate) findings are errors; advisory ones warnings, or notes when low; disabled rules none.</summary>
    internal static string Level(Enforcement e, Severity s) => e switch
    {
        Enforcement.Mandatory or Enforcement.Remediate => "error",
        Enforcement.Advisory => s == Severity.Low ? "note" : "warning",
        _ => "none",
    };

    private static string SecuritySeverity(Severity s) => s switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        _ => "3.0",
    };

    private static string Fingerprint(Finding f) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{f.PolicyId}\n{f.Resource}\n{f.PropertyPath}\n{f.Message}")))[..32];

    private static void Message(Utf8JsonWriter w, string name, string text)
    {
        w.WriteStartObject(name);
        w.WriteString("text", text);
        w.WriteEndObject();
    }
}
