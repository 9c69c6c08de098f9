using System.Text.Json;
using System.Xml.Linq;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Importers;
using Supplychain.Policies.Reports;
using Supplychain.Tests.PolicyEngine;
using static Supplychain.Tests.Audit.AuditHarness;

namespace Supplychain.Tests.Audit;

/// <summary>Every report format states an audit's coverage, the policies not applicable on a partial input, and its safety signals.</summary>
public sealed class AuditScopeReportTests
{
    private static ReportInputs PartialAudit()
    {
        var audit = RunAudit(EngineFormat.Preview, FixturePath(AuditEquivalenceTests.PreviewFixture));
        var partial = new Coverage(CoverageKind.Partial, 40, 112, "preview's changeSummary");
        var scope = new AuditScope("preview.json", "pulumi preview --json", partial, ["COST007", "CMP017"],
            [new SafetySignal(SafetyKind.DataLoss, Severity.Critical, "mlflow-db", "aws:rds/instance:Instance", "holds data and is replaced (replace reasons: engine)")], IsEmpty: false);
        return new ReportInputs(audit.Report, Now, audit.Cost, null, null, null, scope);
    }

    [Fact]
    public void Should_State_Partial_Coverage_And_Safety_In_Every_Format()
    {
        // Given an audit of a partial preview with a data-loss signal
        var inputs = PartialAudit();
        var statement = inputs.Audit!.Coverage.Sentence;

        // When every report is rendered
        var files = ReportSet.Render(inputs).ToDictionary(f => f.Name, f => f.Text);

        // Then JSON carries the coverage, the not-applicable policies, the safety signal and no cost total
        var json = JsonDocument.Parse(files[JsonReport.FileName]).RootElement;
        var audit = json.GetProperty("audit");
        Assert.Equal("partial", audit.GetProperty("coverage").GetProperty("kind").GetString());
        Assert.Equal(["COST007", "CMP017"], audit.GetProperty("notApplicablePartialInput").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("data-loss", audit.GetProperty("safety")[0].GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("cost").GetProperty("expectedUsd").ValueKind);
        Assert.Equal(PartialInput.Reason, json.GetProperty("cost").GetProperty("total").GetString());
        // And SARIF's run properties hold the same, still valid against the official schema
        var sarif = JsonDocument.Parse(files[SarifReport.FileName]).RootElement;
        Assert.Equal(statement, sarif.GetProperty("runs")[0].GetProperty("properties").GetProperty("audit").GetProperty("coverage").GetProperty("statement").GetString());
        var schema = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Schemas", "sarif-schema-2.1.0.json");
        Assert.Empty(Supplychain.Tests.Support.SchemaValidation.Errors(schema, sarif));
        // And Markdown, HTML and JUnit say it to people and dashboards
        Assert.Contains(statement, files[MarkdownReport.FileName], StringComparison.Ordinal);
        Assert.Contains("Total: not applicable (partial input)", files[MarkdownReport.FileName], StringComparison.Ordinal);
        Assert.Contains("| data-loss | critical | mlflow-db |", files[MarkdownReport.FileName], StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(statement), files[HtmlReport.FileName], StringComparison.Ordinal);
        Assert.Contains("not applicable (partial input)", files[HtmlReport.FileName], StringComparison.Ordinal);
        var junit = XDocument.Parse(files[JUnitReport.FileName]);
        Assert.All(junit.Descendants("testsuite"), s =>
            Assert.Equal("partial", s.Element("properties")!.Elements("property").Single(p => (string?)p.Attribute("name") == "audit-coverage").Attribute("value")!.Value));
    }

    [Fact]
    public void Should_Keep_The_Cost_Total_Of_A_Complete_Audit()
    {
        var inputs = PartialAudit();
        inputs = inputs with { Audit = inputs.Audit! with { Coverage = new Coverage(CoverageKind.Complete, 112, 112, "preview's changeSummary"), NotApplicablePolicies = [] } };
        var json = JsonDocument.Parse(JsonReport.Write(inputs)).RootElement;
        Assert.Equal(JsonValueKind.Number, json.GetProperty("cost").GetProperty("expectedUsd").ValueKind);
        Assert.Equal("complete", json.GetProperty("audit").GetProperty("coverage").GetProperty("kind").GetString());
    }
}
