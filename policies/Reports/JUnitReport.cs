using System.Globalization;
using System.Text;
using System.Xml;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Reports;

/// <summary>
/// <c>policy-report.junit.xml</c>: CI test dashboards read it. One testsuite per pack; one testcase per applicable
/// (policy, resource) evaluation (a stack-level one is named for the stack). A testcase fails on unwaived violations,
/// errors when the policy threw, and is skipped (with the waiver's reason) when every violation is waived.
/// </summary>
public static class JUnitReport
{
    public const string FileName = "policy-report.junit.xml";

    /// <summary>One testcase; most have no finding, so their list is made only for the first (hundreds of thousands at 1 GB).</summary>
    private sealed class Case(string policyId, string? resource)
    {
        private List<Finding>? _findings;

        public string PolicyId { get; } = policyId;
        public string? Resource { get; } = resource;
        public IReadOnlyList<Finding> Findings => _findings ?? (IReadOnlyList<Finding>)[];

        public void Add(Finding f) => (_findings ??= []).Add(f);
    }

    public static string Write(ReportInputs inputs)
    {
        using var buffer = new MemoryStream();
        Write(inputs, buffer);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, checked((int)buffer.Length));
    }

    /// <summary>
    /// Writes the report to <paramref name="output"/> (UTF-8, no byte-order mark) as it is made: a large audit lists
    /// hundreds of thousands of testcases (58 MB of XML for a 1 GB preview), which as one string were built, copied and
    /// held several times over.
    /// </summary>
    public static void Write(ReportInputs inputs, Stream output)
    {
        var report = inputs.Report;
        if (!report.ChecksKept)
            throw new InvalidOperationException("the JUnit report lists every check, and this report's judge did not keep them: judge with its checks kept");
        var policies = report.Policies.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var cases = new Dictionary<(string, string?), Case>();
        foreach (var c in report.Checks) cases.TryAdd((c.PolicyId, c.Resource), new Case(c.PolicyId, c.Resource));
        foreach (var f in report.Findings)
        {
            if (!cases.TryGetValue((f.PolicyId, f.Resource), out var tc)) cases[(f.PolicyId, f.Resource)] = tc = new Case(f.PolicyId, f.Resource);
            tc.Add(f);
        }

        var suites = cases.Values
            .GroupBy(c => policies.TryGetValue(c.PolicyId, out var p) ? p.Pack : "unknown")
            .OrderBy(g => PolicyReport.PackRank(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Pack: g.Key, Cases: g.OrderBy(c => c.PolicyId, StringComparer.Ordinal).ThenBy(c => c.Resource, StringComparer.Ordinal).ToList()))
            .ToList();
        // Packs whose policies were all not applicable still get an (empty) suite, so dashboards show them.
        foreach (var pack in report.Policies.Select(p => p.Pack).Distinct().Where(p => suites.All(s => s.Pack != p)).OrderBy(PolicyReport.PackRank))
            suites.Add((pack, []));

        var settings = new XmlWriterSettings { Indent = true, NewLineChars = "\n", Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false, CloseOutput = false };
        using (var x = XmlWriter.Create(output, settings))
        {
            x.WriteStartDocument();
            x.WriteStartElement("testsuites");
            x.WriteAttributeString("name", $"supplychain policy ({report.Stack.Name})");
            WriteCounts(x, suites.SelectMany(s => s.Cases).ToList());
            x.WriteAttributeString("timestamp", inputs.GeneratedAtText);
            foreach (var (pack, list) in suites)
            {
                x.WriteStartElement("testsuite");
                x.WriteAttributeString("name", pack);
                WriteCounts(x, list);
                x.WriteAttributeString("timestamp", inputs.GeneratedAtText);
                x.WriteStartElement("properties");
                Property(x, "stack", report.Stack.Name);
                Property(x, "environment", report.Stack.Environment);
                Property(x, "digest", report.Digest);
                if (inputs.Audit is { } audit) AuditScopeSection.JUnitProperties(x, audit);
                if (report.Provenance is { } provenance)
                {
                    Property(x, "toolVersion", provenance.ToolVersion);
                    Property(x, "policySetDigest", provenance.PolicySetDigest);
                    foreach (var packVersion in provenance.Packs) Property(x, $"pack.{packVersion.Pack}.version", packVersion.Version);
                }
                x.WriteEndElement();
                foreach (var c in list) WriteCase(x, c, policies.GetValueOrDefault(c.PolicyId));
                x.WriteEndElement();
            }
            x.WriteEndElement();
            x.WriteEndDocument();
        }
        output.WriteByte((byte)'\n');
    }

    private static void WriteCounts(XmlWriter x, List<Case> cases)
    {
        x.WriteAttributeString("tests", Count(cases.Count));
        x.WriteAttributeString("failures", Count(cases.Count(c => Outcome(c) == "failure")));
        x.WriteAttributeString("errors", Count(cases.Count(c => Outcome(c) == "error")));
        x.WriteAttributeString("skipped", Count(cases.Count(c => Outcome(c) == "skipped")));
        x.WriteAttributeString("time", "0");
    }

    /// <summary>An error (the policy threw) outranks a failure, which outranks a skip (all waived); otherwise passed.</summary>
    private static string Outcome(Case c)
    {
        var open = c.Findings.Where(f => !f.IsWaived).ToList();
        if (open.Any(f => f.IsError)) return "error";
        if (open.Count > 0) return "failure";
        return c.Findings.Count > 0 ? "skipped" : "passed";
    }

    private static void WriteCase(XmlWriter x, Case c, PolicyResult? policy)
    {
        x.WriteStartElement("testcase");
        x.WriteAttributeString("name", Clean($"{c.PolicyId} {c.Resource ?? "(stack)"}"));
        x.WriteAttributeString("classname", $"supplychain.{policy?.Pack ?? "unknown"}.{c.PolicyId}");
        x.WriteAttributeString("time", "0");
        var open = c.Findings.Where(f => !f.IsWaived).ToList();
        switch (Outcome(c))
        {
            case "error":
            case "failure":
                var element = Outcome(c);
                x.WriteStartElement(element);
                x.WriteAttributeString("message", Clean(open[0].Message + (open.Count > 1 ? $" (and {open.Count - 1} more)" : "")));
                x.WriteAttributeString("type", $"{c.PolicyId} {ReportNames.Of(open[0].Severity)} {ReportNames.Of(open[0].Enforcement)}");
                x.WriteString(Clean(string.Join("\n\n", open.Select(Details))));
                x.WriteEndElement();
                break;
            case "skipped":
                var w = c.Findings[0].Waiver!;
                x.WriteStartElement("skipped");
                x.WriteAttributeString("message", Clean($"waived until {ReportNames.Date(w.Expires)} by {w.Approver}: {w.Reason}"));
                x.WriteEndElement();
                break;
        }
        x.WriteEndElement();
    }

    private static string Details(Finding f)
    {
        var sb = new StringBuilder();
        sb.Append("policy: ").Append(f.PolicyId).Append(" (").Append(f.Pack).Append(", ").Append(ReportNames.Of(f.Severity)).Append(", ").Append(ReportNames.Of(f.Enforcement)).Append(")\n");
        sb.Append("resource: ").Append(f.Resource ?? "(stack)");
        if (f.ResourceType is not null) sb.Append(" (").Append(f.ResourceType).Append(')');
        sb.Append('\n');
        if (f.PropertyPath is not null) sb.Append("property: ").Append(f.PropertyPath).Append('\n');
        if (f.Observed is not null) sb.Append("observed: ").Append(f.Observed).Append('\n');
        sb.Append("message: ").Append(f.Message).Append('\n');
        sb.Append("remediation: ").Append(f.Remediation);
        if (f.Frameworks.Count > 0) sb.Append("\nframeworks: ").Append(string.Join("; ", f.Frameworks));
        return sb.ToString();
    }

    private static void Property(XmlWriter x, string name, string? value)
    {
        x.WriteStartElement("property");
        x.WriteAttributeString("name", name);
        x.WriteAttributeString("value", value ?? "");
        x.WriteEndElement();
    }

    /// <summary>Drops characters XML 1.0 cannot carry (an exception message may hold control characters).</summary>
    private static string Clean(string text) =>
        text.All(XmlConvert.IsXmlChar) ? text : new string(text.Where(XmlConvert.IsXmlChar).ToArray());

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
