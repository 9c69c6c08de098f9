using System.Text;
using Supplychain.Tests.Support;
using System.Text.Json;
using System.Xml.Linq;
using Supplychain.Components.Model;
using Supplychain.Policies.Cost;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Reports;
using Supplychain.Policies.Waivers;
using static Supplychain.Tests.PolicyEngine.TestStacks;

namespace Supplychain.Tests.PolicyEngine;

public sealed class ReportTests
{
    private static readonly DateTimeOffset GeneratedAt = new(2026, 11, 15, 9, 30, 0, TimeSpan.Zero);

    /// <summary>
    /// A report with every kind of finding: mandatory violations (cm-bare), waived ones (feast-cm-*), an advisory one
    /// (feast-cm-b description), a policy that threw (cm-owned), a stack-level violation, and a remediation change.
    /// </summary>
    private static ReportInputs Inputs(MonthlyCostEstimate? cost = null)
    {
        var waivers = new WaiverSet([new Waiver("CMP901", "feast-cm-*", null, "Feast maps are replaced next sprint.", "platform-lead", new DateOnly(2026, 12, 31), "waivers.yaml:2")], []);
        Policy[] policies = [new OwnerLabelPolicy(), new DescriptionPolicy(), new ThrowingPolicy(), new FixedStackPolicy("COST902", "cost", new Violation(null, "budget.monthlyUsd", "1", "the budget | does not cover\nthe estimate"))];
        var report = Policies.Engine.PolicyEngine.Evaluate(Stack(), policies, waivers, Today) with
        {
            Provenance = new Policies.Judging.PolicySet(policies, []).Provenance(PolicyConfig.Default),
        };
        return new ReportInputs(report, GeneratedAt, cost, [new RemediationChange("CMP901", "cm-owned", "set metadata.labels.owner to 'ml-platform'")]);
    }

    private static MonthlyCostEstimate Cost() => new("2026-10-01", 730m,
        [
            new CostLine("gpu-pools-inference", "gpu-pools", null, "nvidia-l4 × 0–2 nodes", 0m, 410.5m, 821m, "local gpu-hour 0.5623 USD"),
            new CostLine("models-fraud-detector", "models", "fraud", "cpu 0.5 core × 2 replicas", 35.04m, 35.04m, 70.08m, "local cpu-hour 0.048 USD"),
        ],
        ["730 hours per month.", "Autoscaling pools priced at min, average and max nodes."],
        [new UnpricedItem("gpu-pools-training", "instance type nvidia-h200 is not in the catalog", UnpricedKind.NotInCatalog)]);

    [Fact]
    public void Should_Write_Sarif_That_Validates_Against_The_Official_2_1_0_Schema()
    {
        // Given the official SARIF 2.1.0 schema (test data) and a report with every kind of finding
        var schema = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Schemas", "sarif-schema-2.1.0.json");
        var sarif = JsonDocument.Parse(SarifReport.Write(Inputs()));

        // When validated (JsonSchema.Net)
        var errors = SchemaValidation.Errors(schema, sarif.RootElement);

        // Then it conforms
        Assert.Empty(errors);
    }

    [Fact]
    public void Should_Name_The_Tool_Version_Packs_And_Policy_Set_In_Sarif_And_Json()
    {
        var sarif = JsonDocument.Parse(SarifReport.Write(Inputs())).RootElement;
        var json = JsonDocument.Parse(JsonReport.Write(Inputs())).RootElement;

        var driver = sarif.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver");
        Assert.Equal(PolicyProvenance.CurrentToolVersion, driver.GetProperty("version").GetString());
        Assert.Equal(PolicyProvenance.CurrentToolVersion, driver.GetProperty("semanticVersion").GetString());
        Assert.Matches("^sha256:[0-9a-f]{64}$", driver.GetProperty("properties").GetProperty("policySetDigest").GetString());
        var tool = json.GetProperty("tool");
        Assert.Equal(driver.GetProperty("properties").GetProperty("policySetDigest").GetString(), tool.GetProperty("policySetDigest").GetString());
        Assert.Equal(["lineage", "cost", "compliance"], tool.GetProperty("packs").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
    }

    [Fact]
    public void Should_Change_The_Policy_Set_Digest_When_A_Setting_Changes()
    {
        var set = Policies.Judging.PolicySet.BuiltIn;
        var tuned = PolicyConfig.Default with
        {
            Settings = new Dictionary<string, IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonNode>>
            {
                ["CMP023"] = new Dictionary<string, System.Text.Json.Nodes.JsonNode> { ["retentionDays"] = 14 },
            },
        };

        Assert.Equal(set.Provenance(PolicyConfig.Default).PolicySetDigest, set.Provenance(PolicyConfig.Default).PolicySetDigest);
        Assert.NotEqual(set.Provenance(PolicyConfig.Default).PolicySetDigest, set.Provenance(tuned).PolicySetDigest);
    }

    [Fact]
    public void Should_Detect_Invalid_Sarif_With_The_Schema_Validator()
    {
        // The validator must be able to fail: a wrong version, an unknown level and a missing message are caught
        var schema = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Schemas", "sarif-schema-2.1.0.json");
        var broken = JsonDocument.Parse("""
            {"version":"2.0.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"A","level":"fatal"}],"extra":1}]}
            """);

        var errors = SchemaValidation.Errors(schema, broken.RootElement);

        Assert.Contains(errors, e => e.StartsWith("/version: enum", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/runs/0/results/0/level: enum", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/runs/0/results/0: required", StringComparison.Ordinal) && e.Contains("message", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/runs/0/extra:", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Keep_Waived_Findings_In_Sarif_With_An_Accepted_Suppression()
    {
        var sarif = JsonDocument.Parse(SarifReport.Write(Inputs())).RootElement;
        var run = sarif.GetProperty("runs")[0];

        // One rule per policy, the driver named supplychain
        Assert.Equal("supplychain", run.GetProperty("tool").GetProperty("driver").GetProperty("name").GetString());
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Equal(["CMP050", "CMP901", "COST901", "COST902", "LIN901"], rules);

        // The waived finding on feast-cm-a is a result with an external, accepted suppression carrying reason, approver, expiry
        var waived = run.GetProperty("results").EnumerateArray().Single(r =>
            r.GetProperty("ruleId").GetString() == "CMP901" && r.GetProperty("properties").GetProperty("resource").GetString() == "feast-cm-a");
        var suppression = Assert.Single(waived.GetProperty("suppressions").EnumerateArray());
        Assert.Equal("external", suppression.GetProperty("kind").GetString());
        Assert.Equal("accepted", suppression.GetProperty("status").GetString());
        Assert.Equal("Feast maps are replaced next sprint.", suppression.GetProperty("justification").GetString());
        Assert.Equal("platform-lead", suppression.GetProperty("properties").GetProperty("approver").GetString());
        Assert.Equal("2026-12-31", suppression.GetProperty("properties").GetProperty("expires").GetString());

        // Its location names the resource (component path / name) and the property, and points at the stack config file
        var location = waived.GetProperty("locations")[0];
        var logical = location.GetProperty("logicalLocations").EnumerateArray().ToList();
        Assert.Equal(("feast/config/feast-cm-a", "resource"), (logical[0].GetProperty("fullyQualifiedName").GetString(), logical[0].GetProperty("kind").GetString()));
        Assert.Equal(("metadata.labels.owner", "member"), (logical[1].GetProperty("name").GetString(), logical[1].GetProperty("kind").GetString()));
        Assert.Equal("Pulumi.dev.yaml", location.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
    }

    [Fact]
    public void Should_Write_JUnit_That_Parses_With_Counts_Matching_The_Report()
    {
        var inputs = Inputs();
        var doc = XDocument.Parse(JUnitReport.Write(inputs));

        var suites = doc.Root!.Elements("testsuite").ToList();
        Assert.Equal(["lineage", "cost", "compliance"], suites.Select(s => (string)s.Attribute("name")!));
        var cases = doc.Descendants("testcase").ToList();
        // Applicable pairs: CMP901 × 4 ConfigMaps, COST901 × 5 resources, LIN901 × cm-owned, COST902 stack, CMP050 stack
        Assert.Equal(12, cases.Count);
        Assert.Equal(12, (int)doc.Root!.Attribute("tests")!);
        Assert.Equal(cases.Count(c => c.Element("failure") is not null), (int)doc.Root.Attribute("failures")!);
        Assert.Equal(2, (int)doc.Root.Attribute("skipped")!);  // feast-cm-a, feast-cm-b owner label: waived
        Assert.Equal(1, (int)doc.Root.Attribute("errors")!);   // LIN901 threw
        Assert.Equal(3, (int)doc.Root.Attribute("failures")!); // cm-bare owner, feast-cm-b description, COST902 stack
        var skipped = cases.Single(c => (string)c.Attribute("name")! == "CMP901 feast-cm-a").Element("skipped")!;
        Assert.Contains("Feast maps are replaced next sprint.", (string)skipped.Attribute("message")!);
        Assert.Contains("platform-lead", (string)skipped.Attribute("message")!);
        var failure = cases.Single(c => (string)c.Attribute("name")! == "CMP901 cm-bare").Element("failure")!;
        Assert.Contains("property: metadata.labels.owner", failure.Value);
    }

    [Fact]
    public void Should_List_Each_JUnit_Testcase_Once_In_Pack_Policy_And_Resource_Order()
    {
        // Given checks out of order, one pair checked twice (two resources of one name), and a finding of a policy
        // the report does not list (its testcase has no check)
        var inputs = Inputs();
        var foreign = inputs.Report.Findings[0] with { PolicyId = "XYZ001", Resource = "cm-bare" };
        Check[] checks = [.. inputs.Report.Checks.Reverse(), inputs.Report.Checks[0]];
        var report = inputs.Report with { Checks = checks, Findings = [.. inputs.Report.Findings, foreign] };

        // When the JUnit report is written
        var doc = XDocument.Parse(JUnitReport.Write(inputs with { Report = report }));

        // Then each pair is one testcase, suites follow the pack order with the unknown pack last, and within a suite
        // the testcases are sorted by policy, then resource (ordinal; the stack's, with no resource, first)
        var suites = doc.Root!.Elements("testsuite").ToList();
        Assert.Equal(["lineage", "cost", "compliance", "unknown"], suites.Select(s => (string)s.Attribute("name")!));
        Assert.Equal(13, (int)doc.Root.Attribute("tests")!);
        foreach (var suite in suites)
        {
            var names = suite.Elements("testcase").Select(c => (string)c.Attribute("name")!).ToList();
            Assert.Equal(names.Count, (int)suite.Attribute("tests")!);
            Assert.Equal(names.Distinct().Count(), names.Count);
            var pairs = suite.Elements("testcase").Select(c => ((string)c.Attribute("name")!).Split(' ', 2)).Select(p => (p[0], p[1] == "(stack)" ? null : p[1])).ToList();
            Assert.Equal(pairs.OrderBy(p => p.Item1, StringComparer.Ordinal).ThenBy(p => p.Item2, StringComparer.Ordinal), pairs);
        }
        var unknown = Assert.Single(suites[3].Elements("testcase"));
        Assert.Equal("supplychain.unknown.XYZ001", (string)unknown.Attribute("classname")!);
        Assert.NotNull(unknown.Element("failure") ?? unknown.Element("skipped") ?? unknown.Element("error"));
    }

    [Fact]
    public void Should_Write_Versioned_Json_With_Waived_Findings_Marked()
    {
        var json = JsonDocument.Parse(JsonReport.Write(Inputs(Cost()))).RootElement;

        Assert.Equal("1.2", json.GetProperty("schemaVersion").GetString());
        Assert.Equal("2026-11-15T09:30:00Z", json.GetProperty("generatedAt").GetString());
        Assert.Equal("fail", json.GetProperty("result").GetString());
        var waived = json.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("waiver").ValueKind == JsonValueKind.Object).ToList();
        Assert.Equal(2, waived.Count);
        Assert.All(waived, f => Assert.Equal("platform-lead", f.GetProperty("waiver").GetProperty("approver").GetString()));
        Assert.Equal(2, json.GetProperty("summary").GetProperty("waived").GetInt32());
        Assert.Equal(445.54m, json.GetProperty("cost").GetProperty("expectedUsd").GetDecimal());
        Assert.Single(json.GetProperty("remediations").EnumerateArray());
    }

    [Fact]
    public void Should_Write_Identical_Bytes_For_Identical_Inputs()
    {
        // Two independent evaluations of the same stack produce byte-identical reports in every format
        var first = ReportSet.Render(Inputs(Cost()));
        var second = ReportSet.Render(Inputs(Cost()));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Should_Write_Markdown_With_Verdict_Blocking_Ids_Waivers_And_Cost()
    {
        var md = MarkdownReport.Write(Inputs(Cost()));

        Assert.StartsWith("## supplychain policy check: FAIL — stack `dev`", md);
        var blocking = md[md.IndexOf("### Blocking findings", StringComparison.Ordinal)..md.IndexOf("### Advisory findings", StringComparison.Ordinal)];
        Assert.Contains("| CMP901 | high | cm-bare |", blocking);
        Assert.Contains("| LIN901 | critical | cm-owned |", blocking);
        Assert.Contains("the budget \\| does not cover the estimate", blocking);  // pipes escaped, one line
        Assert.Contains("| Feast maps are replaced next sprint. | platform-lead | 2026-12-31 |", md);
        Assert.Contains("**$445.54 expected** (min $35.04, max $891.08)", md);
        Assert.Contains("`gpu-pools-training`: instance type nvidia-h200 is not in the catalog", md);
        Assert.Contains("| CMP901 | cm-owned | set metadata.labels.owner to 'ml-platform' |", md);
    }

    [Fact]
    public void Should_Keep_Markdown_Under_The_Comment_Limit_And_Say_What_Was_Cut()
    {
        // Given 3,000 violating resources
        var resources = Enumerable.Range(0, 3000).Select(i => ConfigMap($"bulk-config-map-with-a-long-name-{i:D4}", "bulk", owned: false)).ToList();
        var stack = new StackView(Context, resources, null, PolicyConfig.Default);
        var report = Policies.Engine.PolicyEngine.Evaluate(stack, [new OwnerLabelPolicy()], WaiverSet.Empty, Today);

        var md = MarkdownReport.Write(new ReportInputs(report, GeneratedAt));

        Assert.True(md.Length <= MarkdownReport.MaxLength, $"{md.Length} characters");
        Assert.Contains("more blocking findings not shown", md);
        Assert.Contains("**3000 blocking**", md);
    }

    [Fact]
    public void Should_Render_Each_Blocking_Finding_For_Stderr_And_End_With_The_Counts()
    {
        var report = Inputs().Report;

        var text = BlockingReport.Render(report);

        Assert.StartsWith("supplychain: policy check failed for stack 'dev': 3 blocking violations", text);
        Assert.Contains("CMP901 [high, mandatory] resource cm-bare (kubernetes:core/v1:ConfigMap)", text);
        Assert.Contains("  property:    metadata.labels.owner", text);
        Assert.Contains("  remediation: Add metadata.labels.owner.", text);
        Assert.DoesNotContain("\u001b", text);
        var lines = text.TrimEnd('\n').Split('\n');
        Assert.StartsWith("3 blocking, 1 advisory, 2 waived,", lines[^1]);
    }

    [Fact]
    public void Should_Build_The_Policy_Stack_Output()
    {
        var inputs = Inputs(Cost());

        var output = PolicyOutput.ToValue(inputs.Report, inputs.Cost);

        Assert.Equal(new NumberValue(3), output["blocking"]);
        Assert.Equal(new NumberValue(2), output["waived"]);
        Assert.Equal(new StringValue(inputs.Report.Digest), output["digest"]);
        Assert.Equal(new StringValue("2026-10-01"), output["catalogDate"]);
        Assert.Equal(new NumberValue(445.54m), output["expectedMonthlyUsd"]);
        Assert.Equal(new NumberValue(1), ((MapValue)((MapValue)output["counts"])["compliance"])["high"]);
        var advisory = Assert.Single((ListValue)output["advisory"]);
        Assert.Equal(new StringValue("COST901"), ((MapValue)advisory)["id"]);
    }

    [Fact]
    public void Should_Stream_The_Json_And_JUnit_Reports_Into_Their_Files_As_Rendered()
    {
        var dir = Path.Combine(Path.GetTempPath(), "supplychain-reports-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Given a report, written into a directory (the JSON and JUnit reports streamed to their files)
            var inputs = Inputs(Cost());
            ReportSet.WriteAll(dir, inputs);

            // Then every file holds exactly what the in-memory rendering gives, and the JUnit file says it is UTF-8 and ends in a newline
            foreach (var (name, text) in ReportSet.Render(inputs))
                Assert.Equal(Encoding.UTF8.GetBytes(text), File.ReadAllBytes(Path.Combine(dir, name)));
            var junit = ReportSet.Render(inputs).Single(f => f.Name == JUnitReport.FileName).Text;
            Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<testsuites ", junit, StringComparison.Ordinal);
            Assert.EndsWith("</testsuites>\n", junit, StringComparison.Ordinal);
            Assert.Equal(ReportSet.FileNames.Order(StringComparer.Ordinal), Directory.EnumerateFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Should_Write_No_File_When_The_JUnit_Report_Cannot_Be_Written()
    {
        var dir = Path.Combine(Path.GetTempPath(), "supplychain-reports-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Given a report whose judge did not keep its checks (the JUnit report lists them)
            var inputs = Inputs(Cost());
            inputs = inputs with { Report = inputs.Report with { Checks = [], ChecksKept = false } };

            // When every report is written
            Assert.Throws<InvalidOperationException>(() => ReportSet.WriteAll(dir, inputs));

            // Then no report is written, and no partial file (the JSON report's, streamed before the JUnit one) is left behind
            Assert.Empty(Directory.Exists(dir) ? Directory.EnumerateFiles(dir) : []);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Should_Write_All_Five_Files()
    {
        var dir = Path.Combine(Path.GetTempPath(), "supplychain-reports-" + Guid.NewGuid().ToString("N"));
        try
        {
            var written = ReportSet.WriteAll(dir, Inputs());

            Assert.Equal(["policy-report.json", "policy-report.sarif", "policy-report.junit.xml", "policy-report.md", "policy-report.html"], written.Select(Path.GetFileName));
            Assert.All(written, p => Assert.True(new FileInfo(p).Length > 0));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
