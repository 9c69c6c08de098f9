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

    /// <summary>One testcase, made as it is written.</summary>
    private readonly record struct Case(string PolicyId, string? Resource, IReadOnlyList<Finding> Findings);

    /// <summary>A testcase's place: its policy's rank in the suites' order (pack, then policy id), then its resource.</summary>
    private readonly record struct Key(int Rank, string PolicyId, string? Resource) : IComparable<Key>
    {
        public int CompareTo(Key other) => Rank != other.Rank ? Rank.CompareTo(other.Rank) : string.CompareOrdinal(Resource, other.Resource);
    }

    /// <summary>Testcases per outcome.</summary>
    private sealed class Counts
    {
        public int Tests, Failures, Errors, Skipped;

        public void Add(string outcome)
        {
            Tests++;
            if (outcome == "failure") Failures++;
            else if (outcome == "error") Errors++;
            else if (outcome == "skipped") Skipped++;
        }
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
        var findings = new Dictionary<(string, string?), List<Finding>>();
        foreach (var f in report.Findings)
        {
            if (!findings.TryGetValue((f.PolicyId, f.Resource), out var list)) findings[(f.PolicyId, f.Resource)] = list = [];
            list.Add(f);
        }

        // Every (policy, resource) pair once, in the suites' order: one small struct per check (hundreds of thousands at
        // 1 GB), sorted, instead of an object and a dictionary entry per testcase.
        string PackOf(string id) => policies.TryGetValue(id, out var p) ? p.Pack : "unknown";
        var ids = report.Checks.Select(c => c.PolicyId).Concat(findings.Keys.Select(k => k.Item1)).Distinct(StringComparer.Ordinal)
            .OrderBy(id => PolicyReport.PackRank(PackOf(id))).ThenBy(PackOf, StringComparer.Ordinal).ThenBy(id => id, StringComparer.Ordinal).ToList();
        var rank = ids.Select((id, i) => (id, i)).ToDictionary(t => t.id, t => t.i, StringComparer.Ordinal);
        var keys = new Key[report.Checks.Count + findings.Count];
        var n = 0;
        foreach (var c in report.Checks) keys[n++] = new Key(rank[c.PolicyId], c.PolicyId, c.Resource);
        foreach (var (policyId, resource) in findings.Keys) keys[n++] = new Key(rank[policyId], policyId, resource);
        Array.Sort(keys);
        var distinct = 0;
        for (var i = 0; i < keys.Length; i++)
            if (distinct == 0 || keys[i].CompareTo(keys[distinct - 1]) != 0) keys[distinct++] = keys[i];

        Case CaseAt(int i) => new(keys[i].PolicyId, keys[i].Resource, findings.TryGetValue((keys[i].PolicyId, keys[i].Resource), out var f) ? f : []);
        // Suites: one per pack with testcases (contiguous in the sorted pairs), each with its counts, written before its cases.
        var suites = new List<(string Pack, int Start, int End, Counts Counts)>();
        var all = new Counts();
        for (var i = 0; i < distinct; i++)
        {
            var pack = PackOf(keys[i].PolicyId);
            if (suites.Count == 0 || suites[^1].Pack != pack) suites.Add((pack, i, i, new Counts()));
            var outcome = Outcome(CaseAt(i));
            suites[^1].Counts.Add(outcome);
            all.Add(outcome);
            suites[^1] = suites[^1] with { End = i + 1 };
        }
        // Packs whose policies were all not applicable still get an (empty) suite, so dashboards show them.
        foreach (var pack in report.Policies.Select(p => p.Pack).Distinct().Where(p => suites.All(s => s.Pack != p)).OrderBy(PolicyReport.PackRank))
            suites.Add((pack, 0, 0, new Counts()));

        var settings = new XmlWriterSettings { Indent = true, NewLineChars = "\n", Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false, CloseOutput = false };
        using (var x = XmlWriter.Create(output, settings))
        {
            x.WriteStartDocument();
            x.WriteStartElement("testsuites");
            x.WriteAttributeString("name", $"supplychain policy ({report.Stack.Name})");
            WriteCounts(x, all);
            x.WriteAttributeString("timestamp", inputs.GeneratedAtText);
            foreach (var (pack, start, end, counts) in suites)
            {
                x.WriteStartElement("testsuite");
                x.WriteAttributeString("name", pack);
                WriteCounts(x, counts);
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
                for (var i = start; i < end; i++) WriteCase(x, CaseAt(i), policies.GetValueOrDefault(keys[i].PolicyId));
                x.WriteEndElement();
            }
            x.WriteEndElement();
            x.WriteEndDocument();
        }
        output.WriteByte((byte)'\n');
    }

    private static void WriteCounts(XmlWriter x, Counts counts)
    {
        x.WriteAttributeString("tests", Count(counts.Tests));
        x.WriteAttributeString("failures", Count(counts.Failures));
        x.WriteAttributeString("errors", Count(counts.Errors));
        x.WriteAttributeString("skipped", Count(counts.Skipped));
        x.WriteAttributeString("time", "0");
    }

    /// <summary>An error (the policy threw) outranks a failure, which outranks a skip (all waived); otherwise passed.</summary>
    private static string Outcome(Case c)
    {
        if (c.Findings.Count == 0) return "passed";
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
