using System.Text.Json;
using Supplychain.Components.Domain.Evaluation;
using Supplychain.Policies.Reports;
using Supplychain.Tests.Support;
using Supplychain.Tests.PolicyEngine;

namespace Supplychain.Tests.Reports;

public sealed class MlBomEvaluationTests
{
    private static JsonElement FraudModel(bool tamper, out JsonDocument bom)
    {
        var full = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Policies", "EvaluationVerdictPassed", "passed-PASSED.json");
        var digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(full)));
        var reference = new EvaluationReference("evaluations/fraud-detector.json", tamper ? "sha256:" + new string('9', 64) : digest) { Evidence = EvaluationEvidence.Load(full) };
        var spec = SampleSpecs.Dev(models: [SampleSpecs.Model(lineage: SampleSpecs.FullLineage() with { Evaluation = reference })]);
        bom = JsonDocument.Parse(MlBom.Write(spec, null, new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero), []));
        return bom.RootElement.GetProperty("components").EnumerateArray().First(c => c.GetProperty("type").GetString() == "machine-learning-model");
    }

    [Fact]
    public void Should_Carry_A_Verified_Record_As_The_Quantitative_Analysis()
    {
        // Given a model citing a record whose digest verifies, When the ML-BOM is written
        var model = FraudModel(tamper: false, out var bom);
        using var _ = bom;
        var schema = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Schemas", "cyclonedx-bom-1.5.schema.json");
        // Then it validates against CycloneDX 1.5 and shows measured metrics with intervals and slices, the record as evidence
        // The SPDX license list and the JSF signature schema are not in the test data: a license id is a string, a signature anything.
        Assert.Empty(Supplychain.Tests.Support.SchemaValidation.Errors(schema, bom.RootElement,
            ("http://cyclonedx.org/schema/spdx.schema.json", """{"$schema": "http://json-schema.org/draft-07/schema#", "type": "string"}"""),
            ("http://cyclonedx.org/schema/jsf-0.82.schema.json", """{"$schema": "http://json-schema.org/draft-07/schema#", "definitions": {"signature": {}}}""")));
        var metrics = model.GetProperty("modelCard").GetProperty("quantitativeAnalysis").GetProperty("performanceMetrics").EnumerateArray().ToList();
        var auc = metrics.First(m => m.GetProperty("type").GetString() == "auc" && !m.TryGetProperty("slice", out JsonElement _));
        Assert.Equal("0.9624", auc.GetProperty("value").GetString());
        Assert.Equal("0.955", auc.GetProperty("confidenceInterval").GetProperty("lowerBound").GetString());
        Assert.Equal(["region=eu", "region=us"], metrics.Where(m => m.TryGetProperty("slice", out JsonElement _)).Select(m => m.GetProperty("slice").GetString()));
        Assert.Contains(model.GetProperty("externalReferences").EnumerateArray(), r => r.GetProperty("type").GetString() == "evidence");
        Assert.Contains(model.GetProperty("properties").EnumerateArray(), p => p.GetProperty("name").GetString() == "supplychain:evaluation-verdict" && p.GetProperty("value").GetString() == "passed");
    }

    [Fact]
    public void Should_Not_Report_An_Unverified_Record_As_Measured()
    {
        var model = FraudModel(tamper: true, out var bom);
        using var _ = bom;
        var metrics = model.GetProperty("modelCard").GetProperty("quantitativeAnalysis").GetProperty("performanceMetrics").EnumerateArray().ToList();
        Assert.Equal(["auc"], metrics.Select(m => m.GetProperty("type").GetString()));
        Assert.Equal("0.962", metrics[0].GetProperty("value").GetString());
        Assert.Contains(model.GetProperty("properties").EnumerateArray(), p => p.GetProperty("name").GetString() == "supplychain:evaluation-verdict" && p.GetProperty("value").GetString() == "unverified");
    }
}
