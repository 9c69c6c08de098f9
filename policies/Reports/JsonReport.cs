using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Supplychain.Policies.Cost;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Reports;

/// <summary>
/// <c>policy-report.json</c>: the machine-readable report, versioned (<see cref="SchemaVersion"/>) and documented field
/// by field in REPORT-SCHEMA.md. Fields are written in a fixed order, collections in report order, money rounded to
/// cents: the same inputs give the same bytes.
/// </summary>
public static class JsonReport
{
    public const string SchemaVersion = "1.2";
    public const string FileName = "policy-report.json";

    private static readonly JsonWriterOptions Options = new() { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(ReportInputs inputs)
    {
        using var buffer = new MemoryStream();
        Write(inputs, buffer);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, checked((int)buffer.Length));
    }

    /// <summary>
    /// Writes the report to <paramref name="output"/> (UTF-8) as it is made: a large audit's report lists tens of thousands
    /// of cost lines (26 MB for a 1 GB preview), which as one string were copied and held several times over.
    /// </summary>
    public static void Write(ReportInputs inputs, Stream output)
    {
        var report = inputs.Report;
        using (var w = new Utf8JsonWriter(output, Options))
        {
            w.WriteStartObject();
            w.WriteString("schemaVersion", SchemaVersion);
            w.WriteString("generatedAt", inputs.GeneratedAtText);
            w.WriteStartObject("tool");
            w.WriteString("name", "supplychain");
            ProvenanceJson.WriteBody(w, report.Provenance);
            w.WriteEndObject();
            w.WriteStartObject("stack");
            ReportDigest.WriteStack(w, report.Stack);
            w.WriteEndObject();
            w.WriteString("catalogDate", report.CatalogDate);
            w.WriteString("digest", report.Digest);
            w.WriteString("result", report.Passed ? "pass" : "fail");
            WriteSummary(w, report);

            w.WriteStartArray("policies");
            foreach (var p in report.Policies) WritePolicy(w, p);
            w.WriteEndArray();

            w.WriteStartArray("findings");
            foreach (var f in report.Findings)
            {
                ReportDigest.WriteFinding(w, f);
                Drain(w);
            }
            w.WriteEndArray();

            w.WriteStartArray("unusedWaivers");
            foreach (var u in report.UnusedWaivers)
            {
                w.WriteStartObject();
                w.WriteString("policy", u.Policy);
                w.WriteString("resource", u.Resource);
                w.WriteString("component", u.Component);
                w.WriteString("reason", u.Reason);
                w.WriteString("approver", u.Approver);
                w.WriteString("expires", ReportNames.Date(u.Expires));
                w.WriteString("source", u.Source);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("remediations");
            foreach (var c in inputs.Changes)
            {
                w.WriteStartObject();
                w.WriteString("policyId", c.PolicyId);
                w.WriteString("resource", c.Resource);
                w.WriteString("change", c.Change);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            if (inputs.Cost is { } cost) WriteCost(w, cost, inputs.CostTotalApplicable);
            else w.WriteNull("cost");
            if (inputs.Drift is { } drift) WriteDrift(w, drift);
            if (inputs.Audit is { } audit) AuditScopeSection.WriteJson(w, audit);
            w.WriteEndObject();
        }
        output.WriteByte((byte)'\n');
    }

    /// <summary>The writer holds what it wrote until flushed: passes it on to the stream every 64 KiB, not all at the end.</summary>
    private static void Drain(Utf8JsonWriter w)
    {
        if (w.BytesPending >= 1 << 16) w.Flush();
    }

    private static void WriteSummary(Utf8JsonWriter w, PolicyReport report)
    {
        var o = report.Outcomes;
        w.WriteStartObject("summary");
        w.WriteNumber("blocking", report.BlockingCount);
        w.WriteNumber("advisory", report.Advisory.Count());
        w.WriteNumber("passed", o.Passed);
        w.WriteNumber("failed", o.Failed);
        w.WriteNumber("waived", o.Waived);
        w.WriteNumber("notApplicable", o.NotApplicable);
        w.WriteNumber("errors", o.Errors);
        w.WriteNumber("policiesEvaluated", report.Policies.Count(p => p.Status == PolicyStatus.Evaluated));
        w.WriteNumber("policiesDisabled", report.Policies.Count(p => p.Status == PolicyStatus.Disabled));
        w.WriteStartObject("openByPackAndSeverity");
        foreach (var (pack, bySeverity) in report.OpenByPackAndSeverity)
        {
            w.WriteStartObject(pack);
            foreach (var s in Enum.GetValues<Severity>().Reverse()) w.WriteNumber(ReportNames.Of(s), bySeverity[s]);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WritePolicy(Utf8JsonWriter w, PolicyResult p)
    {
        w.WriteStartObject();
        w.WriteString("id", p.Id);
        w.WriteString("name", p.Name);
        w.WriteString("pack", p.Pack);
        w.WriteString("title", p.Title);
        w.WriteString("rationale", p.Rationale);
        w.WriteString("remediation", p.Remediation);
        w.WriteString("severity", ReportNames.Of(p.Severity));
        w.WriteString("defaultEnforcement", ReportNames.Of(p.DefaultEnforcement));
        w.WriteString("enforcement", ReportNames.Of(p.Enforcement));
        w.WriteString("status", ReportNames.Of(p.Status));
        ReportDigest.WriteFrameworks(w, "frameworks", p.Frameworks);
        w.WriteStartObject("counts");
        w.WriteNumber("passed", p.Counts.Passed);
        w.WriteNumber("failed", p.Counts.Failed);
        w.WriteNumber("waived", p.Counts.Waived);
        w.WriteNumber("notApplicable", p.Counts.NotApplicable);
        w.WriteNumber("errors", p.Counts.Errors);
        w.WriteEndObject();
        if (p.Settings is { Count: > 0 } settings)
        {
            w.WritePropertyName("settings");
            settings.WriteTo(w);
        }
        w.WriteEndObject();
    }

    private static void WriteCost(Utf8JsonWriter w, MonthlyCostEstimate cost, bool totalApplicable)
    {
        w.WriteStartObject("cost");
        w.WriteString("catalogDate", cost.CatalogDate);
        w.WriteNumber("hoursPerMonth", cost.HoursPerMonth);
        if (totalApplicable)
        {
            w.WriteNumber("minUsd", Money(cost.MinUsd));
            w.WriteNumber("expectedUsd", Money(cost.ExpectedUsd));
            w.WriteNumber("maxUsd", Money(cost.MaxUsd));
        }
        else
        {
            // An audit of a partial input sees only part of the stack: a total would be a guess.
            w.WriteNull("minUsd");
            w.WriteNull("expectedUsd");
            w.WriteNull("maxUsd");
            w.WriteString("total", Importers.PartialInput.Reason);
        }
        WriteMoneyMap(w, "expectedByComponent", cost.ExpectedByComponent);
        WriteMoneyMap(w, "expectedByTeam", cost.ExpectedByTeam);
        WriteMoneyMap(w, "maxByTeam", cost.MaxByTeam);
        w.WriteStartArray("lines");
        foreach (var l in cost.Lines)
        {
            w.WriteStartObject();
            w.WriteString("resource", l.Resource);
            w.WriteString("component", l.Component);
            w.WriteString("team", l.Team);
            w.WriteString("item", l.Item);
            w.WriteNumber("minUsd", Money(l.MinUsd));
            w.WriteNumber("expectedUsd", Money(l.ExpectedUsd));
            w.WriteNumber("maxUsd", Money(l.MaxUsd));
            w.WriteString("basis", l.Basis);
            w.WriteEndObject();
            Drain(w);
        }
        w.WriteEndArray();
        w.WriteStartArray("assumptions");
        foreach (var a in cost.Assumptions) w.WriteStringValue(a);
        w.WriteEndArray();
        w.WriteStartArray("unpriced");
        foreach (var (resource, reason) in cost.Unpriced)
        {
            w.WriteStartObject();
            w.WriteString("resource", resource);
            w.WriteString("reason", reason);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Written only by audits of a deployed state: how it differs from what the current config synthesizes.</summary>
    private static void WriteDrift(Utf8JsonWriter w, Importers.DriftReport drift)
    {
        w.WriteStartObject("drift");
        w.WriteNumber("compared", drift.Compared);
        w.WriteNumber("added", drift.Of(Importers.DriftKind.Added).Count());
        w.WriteNumber("missing", drift.Of(Importers.DriftKind.Missing).Count());
        w.WriteNumber("changed", drift.Of(Importers.DriftKind.Changed).Count());
        w.WriteStartArray("items");
        foreach (var i in drift.Items)
        {
            w.WriteStartObject();
            w.WriteString("kind", i.Kind.ToString().ToLowerInvariant());
            w.WriteString("resource", i.Resource);
            w.WriteString("type", i.Type);
            w.WriteString("propertyPath", i.PropertyPath);
            w.WriteString("deployed", i.Deployed);
            w.WriteString("synthesized", i.Synthesized);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteMoneyMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, decimal> map)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal)) w.WriteNumber(k, Money(v));
        w.WriteEndObject();
    }

    /// <summary>USD rounded to cents, away from zero, so "12.345" never prints differently across runs.</summary>
    internal static decimal Money(decimal usd) => Math.Round(usd, 2, MidpointRounding.AwayFromZero);
}
