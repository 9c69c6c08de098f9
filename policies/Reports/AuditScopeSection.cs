using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Reports;

/// <summary>
/// The audit's scope in every report format: the input, its coverage of the stack, the policies not applicable because the
/// input is partial, and the safety signals. Written only for audits (synth-time reports have no <see cref="AuditScope"/>).
/// </summary>
internal static class AuditScopeSection
{
    /// <summary><c>audit</c> object of policy-report.json and the SARIF run's properties.</summary>
    public static void WriteJson(Utf8JsonWriter w, AuditScope a, string name = "audit")
    {
        w.WriteStartObject(name);
        w.WriteString("input", a.Input);
        w.WriteString("shape", a.Shape);
        w.WriteBoolean("empty", a.IsEmpty);
        w.WriteStartObject("coverage");
        w.WriteString("kind", a.Coverage.KindName);
        w.WriteNumber("read", a.Coverage.Read);
        if (a.Coverage.Expected is { } e) w.WriteNumber("expected", e); else w.WriteNull("expected");
        w.WriteString("source", a.Coverage.Source);
        w.WriteString("statement", a.Coverage.Sentence);
        w.WriteEndObject();
        w.WriteStartArray("notApplicablePartialInput");
        foreach (var id in a.NotApplicablePolicies) w.WriteStringValue(id);
        w.WriteEndArray();
        w.WriteStartArray("safety");
        foreach (var s in a.Safety)
        {
            w.WriteStartObject();
            w.WriteString("kind", s.KindName);
            w.WriteString("severity", ReportNames.Of(s.Severity));
            w.WriteString("resource", s.Resource);
            w.WriteString("type", s.Type);
            w.WriteString("message", s.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Markdown lines under the report's heading.</summary>
    public static IEnumerable<string> Markdown(AuditScope a)
    {
        yield return $"Audited `{a.Input}` ({a.Shape}). **Coverage {a.Coverage.Sentence}**" + (a.IsEmpty ? " The stack is empty in this input." : "");
        yield return "";
        if (a.NotApplicablePolicies.Count > 0)
        {
            yield return $"Not applicable (partial input): {string.Join(", ", a.NotApplicablePolicies)}.";
            yield return "";
        }
        if (a.Safety.Count == 0) yield break;
        yield return $"### Safety signals ({a.Safety.Count})";
        yield return "";
        yield return "| signal | severity | resource | type | what |";
        yield return "| --- | --- | --- | --- | --- |";
        foreach (var s in a.Safety)
            yield return $"| {s.KindName} | {ReportNames.Of(s.Severity)} | {Cell(s.Resource ?? "(stack)")} | {Cell(s.Type ?? "")} | {Cell(s.Message)} |";
        yield return "";
    }

    public static void Html(StringBuilder h, AuditScope a)
    {
        h.Append("<section id=\"audit\">\n<h2>Audit scope</h2>\n<p>Input <code>").Append(E(a.Input)).Append("</code> (").Append(E(a.Shape)).Append(").</p>\n")
         .Append("<p class=\"coverage ").Append(a.Coverage.KindName).Append("\"><strong>Coverage ").Append(E(a.Coverage.Sentence)).Append("</strong>")
         .Append(a.IsEmpty ? " The stack is empty in this input." : "").Append("</p>\n");
        if (a.NotApplicablePolicies.Count > 0)
            h.Append("<p>Not applicable (partial input): ").Append(E(string.Join(", ", a.NotApplicablePolicies))).Append(".</p>\n");
        if (a.Safety.Count > 0)
        {
            h.Append("<h3>Safety signals (").Append(a.Safety.Count).Append(")</h3>\n<table>\n<thead><tr><th>signal</th><th>severity</th><th>resource</th><th>type</th><th>what</th></tr></thead>\n<tbody>\n");
            foreach (var s in a.Safety)
                h.Append("<tr><td>").Append(E(s.KindName)).Append("</td><td>").Append(ReportNames.Of(s.Severity)).Append("</td><td>").Append(E(s.Resource ?? "(stack)"))
                 .Append("</td><td>").Append(E(s.Type ?? "")).Append("</td><td>").Append(E(s.Message)).Append("</td></tr>\n");
            h.Append("</tbody>\n</table>\n");
        }
        h.Append("</section>\n");
    }

    /// <summary>JUnit testsuite properties.</summary>
    public static void JUnitProperties(XmlWriter x, AuditScope a)
    {
        void Property(string name, string value)
        {
            x.WriteStartElement("property");
            x.WriteAttributeString("name", name);
            x.WriteAttributeString("value", value);
            x.WriteEndElement();
        }
        Property("audit-input", a.Input);
        Property("audit-coverage", a.Coverage.KindName);
        Property("audit-coverage-statement", a.Coverage.Sentence);
        Property("not-applicable-partial-input", string.Join(",", a.NotApplicablePolicies));
        Property("safety-signals", string.Join("; ", a.Safety.Select(s => $"{s.KindName} {s.Resource ?? "(stack)"}")));
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
    private static string E(string text) => WebUtility.HtmlEncode(text);
}
