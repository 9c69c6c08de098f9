using System.Text.Json.Nodes;
using static Supplychain.Tests.Settings.SettingsHarness;

namespace Supplychain.Tests.Settings;

/// <summary><c>lineage.evaluation</c> and the evaluation-evidence policy settings (<c>maxSliceGaps</c>, <c>metricTolerance</c>).</summary>
public sealed class EvaluationSettingsTests
{
    private static readonly string Digest = "sha256:" + new string('5', 64);

    [Fact]
    public void Should_Read_The_Cited_Evaluation_Record()
    {
        var config = Valid();
        Model(config, 0)["lineage"]!["evaluation"] = JsonNode.Parse($$"""{ "uri": "evaluations/fraud-detector/1.4.2.json", "digest": "{{Digest}}" }""");

        var evaluation = ReadYaml(config).Spec.Models[0].Lineage!.Evaluation!;

        Assert.Equal(("evaluations/fraud-detector/1.4.2.json", Digest), (evaluation.Uri, evaluation.Digest));
        Assert.Null(evaluation.Evidence);
    }

    [Theory]
    [InlineData("../outside.json", "uri")]
    [InlineData("/abs/record.json", "uri")]
    public void Should_Reject_A_Record_Path_Outside_The_Project(string uri, string key)
    {
        var config = Valid();
        Model(config, 0)["lineage"]!["evaluation"] = JsonNode.Parse($$"""{ "uri": "{{uri}}", "digest": "{{Digest}}" }""");

        var error = SingleError(config);

        Assert.Equal($"supplychain:models[0].lineage.evaluation.{key}", error.Key);
        Assert.Contains("a path relative to the project root, without '..'", error.ToString());
    }

    [Fact]
    public void Should_Reject_A_Reference_Without_A_Digest_Or_With_Unknown_Keys()
    {
        var config = Valid();
        Model(config, 0)["lineage"]!["evaluation"] = JsonNode.Parse("""{ "uri": "evaluations/r.json", "sha": "x" }""");

        var keys = YamlError(config).Errors.Select(e => e.Key).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["supplychain:models[0].lineage.evaluation.digest", "supplychain:models[0].lineage.evaluation.sha"], keys);
    }

    [Fact]
    public void Should_Read_Fairness_Thresholds_And_Metric_Tolerance()
    {
        var config = Valid();
        config["policy"] = JsonNode.Parse("""{ "maxSliceGaps": { "auc": 0.05, "fraud-detector/recall": 0.1 }, "metricTolerance": 0.0005 }""");

        var policy = ReadYaml(config).Policy;

        Assert.Equal(0.05m, policy.MaxSliceGaps["auc"]);
        Assert.Equal(0.1m, policy.MaxSliceGaps["fraud-detector/recall"]);
        Assert.Equal(0.0005m, policy.MetricTolerance);
    }

    [Theory]
    [InlineData("""{ "maxSliceGaps": { "auc": -0.1 } }""", "supplychain:policy.maxSliceGaps.auc")]
    [InlineData("""{ "metricTolerance": 1 }""", "supplychain:policy.metricTolerance")]
    public void Should_Reject_Out_Of_Range_Evidence_Settings(string policy, string key)
    {
        var config = Valid();
        config["policy"] = JsonNode.Parse(policy);

        Assert.Equal(key, SingleError(config).Key);
    }
}
