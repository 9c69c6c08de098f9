using System.Text.Json.Nodes;
using Supplychain.Components.Domain;
using Supplychain.Stacks.Settings;
using static Supplychain.Tests.Settings.SettingsHarness;

namespace Supplychain.Tests.Settings;

public sealed class RetrainingSettingsTests
{
    private static readonly string ToolImage = "ghcr.io/acme-ml/supplychain-cli:0.1.0@" + Digest;

    /// <summary>The valid config plus a retrained, drift-checked fraud-detector and the loop's stack keys.</summary>
    private static JsonObject WithLoop()
    {
        var config = Valid();
        var model = Model(config, 0).AsObject();
        model["retraining"] = JsonNode.Parse("""
            { "schedule": "0 3 * * 1", "onDrift": true, "image": "ghcr.io/acme-ml/fraud-trainer:1.4.0",
              "dataset": "datasets/fraud/transactions.parquet", "evaluationDataset": "datasets/fraud/eval.parquet", "label": "is_fraud" }
            """);
        model["drift"] = JsonNode.Parse("""{ "reference": "datasets/fraud/reference.parquet", "current": "datasets/fraud/live.parquet" }""");
        config["toolImage"] = ToolImage;
        config["retraining"] = JsonNode.Parse("""{ "githubRepository": "acme-ml/supplychain" }""");
        return config;
    }

    [Fact]
    public void Should_Read_Retraining_With_Its_Defaults()
    {
        var settings = ReadYaml(WithLoop());
        var model = settings.Spec.Models[0];

        Assert.Equal(new RetrainingSpec("ghcr.io/acme-ml/fraud-trainer:1.4.0", "datasets/fraud/transactions.parquet", "datasets/fraud/eval.parquet",
            "0 3 * * 1", OnDrift: true, Label: "is_fraud"), model.Retraining);
        Assert.Equal(new DriftCheckSpec("datasets/fraud/reference.parquet", "datasets/fraud/live.parquet", "0 * * * *"), model.DriftCheck);
        Assert.Equal(new RetrainingLoopSpec(ToolImage, "acme-ml/supplychain"), settings.Spec.Loop);
        Assert.Null(settings.Spec.Models[1].Retraining);
    }

    [Fact]
    public void Should_Turn_Gpu_Telemetry_On_By_Default_When_Pools_Exist()
    {
        Assert.Equal(new GpuTelemetrySpec(), ReadYaml(Valid()).Spec.GpuTelemetry);
    }

    [Fact]
    public void Should_Reject_Retraining_Without_A_Trigger()
    {
        var config = WithLoop();
        var retraining = Model(config, 0)["retraining"]!.AsObject();
        retraining.Remove("schedule");
        retraining.Remove("onDrift");

        var error = SingleError(config);

        Assert.Equal("supplychain:models[0].retraining", error.Key);
        Assert.Contains("neither a schedule nor onDrift", error.Message);
    }

    [Fact]
    public void Should_Reject_A_Malformed_Schedule_Naming_What_Is_Allowed()
    {
        var config = WithLoop();
        Model(config, 0)["retraining"]!["schedule"] = "weekly";

        var error = SingleError(config);

        Assert.Equal("supplychain:models[0].retraining.schedule", error.Key);
        Assert.Contains("a cron schedule of 5 fields", error.Message);
    }

    [Fact]
    public void Should_Reject_Training_On_An_Inference_Pool()
    {
        var config = WithLoop();
        Model(config, 0)["retraining"]!["gpuPool"] = "inference";

        var error = SingleError(config);

        Assert.Equal("supplychain:models[0].retraining.gpuPool", error.Key);
        Assert.Contains("expected one of training", error.Message);
    }

    [Fact]
    public void Should_Reject_A_Step_Deadline_Beyond_The_Run_Deadline()
    {
        var config = WithLoop();
        Model(config, 0)["retraining"]!["timeoutMinutes"] = 60;
        Model(config, 0)["retraining"]!["trainTimeoutMinutes"] = 120;

        Assert.Equal("supplychain:models[0].retraining.trainTimeoutMinutes", SingleError(config).Key);
    }

    [Fact]
    public void Should_Reject_A_Dataset_Given_As_A_Url()
    {
        var config = WithLoop();
        Model(config, 0)["retraining"]!["dataset"] = "s3://bucket/data.parquet";

        var error = SingleError(config);

        Assert.Equal("supplychain:models[0].retraining.dataset", error.Key);
        Assert.Contains("a key in the stack's artifact store", error.Message);
    }

    [Fact]
    public void Should_Require_The_Tool_Image_When_A_Model_Retrains()
    {
        var config = WithLoop();
        config.Remove("toolImage");

        var error = SingleError(config);

        Assert.Equal("supplychain:toolImage", error.Key);
        Assert.Contains("supplychain-cli", error.Message);
    }

    [Fact]
    public void Should_Require_A_Digest_Pinned_Tool_Image_In_Prod()
    {
        var config = WithLoop();
        config["environment"] = "prod";
        config["toolImage"] = "ghcr.io/acme-ml/supplychain-cli:0.1.0";

        var errors = YamlError(config).Errors;

        Assert.Contains(errors, e => e.Key == "supplychain:toolImage" && e.Message.Contains("not pinned by digest"));
    }

    [Fact]
    public void Should_Require_A_Repository_For_The_Pull_Requests()
    {
        var config = WithLoop();
        config.Remove("retraining");

        Assert.Equal("supplychain:retraining.githubRepository", SingleError(config).Key);
    }

    [Fact]
    public void Should_Give_A_Retrained_Model_The_Stacks_Gates_And_Slices()
    {
        // Given per-model and stack-wide minimums, a slice gap threshold and the slice columns to measure it on
        var config = WithLoop();
        Model(config, 0)["retraining"]!["slices"] = JsonNode.Parse("""["region", "age_band"]""");
        config["policy"] = JsonNode.Parse("""
            { "minimumMetrics": { "fraud-detector/auc": 0.9, "precision": 0.8, "other-model/recall": 0.7 },
              "maxSliceGaps": { "fraud-detector/auc": 0.05 } }
            """);

        var retraining = ReadYaml(config).Spec.Models[0].Retraining!;

        // Then the evaluate step gets exactly the thresholds that apply to this model, by metric
        Assert.Equal(["region", "age_band"], retraining.Slices);
        Assert.Equal(new Dictionary<string, decimal> { ["auc"] = 0.9m, ["precision"] = 0.8m }, retraining.Gates.Minimum);
        Assert.Equal(new Dictionary<string, decimal> { ["auc"] = 0.05m }, retraining.Gates.MaxSliceGap);
    }

    [Fact]
    public void Should_Reject_A_Gate_The_Retraining_Task_Does_Not_Compute()
    {
        var config = WithLoop();
        config["policy"] = JsonNode.Parse("""{ "minimumMetrics": { "fraud-detector/ndcg": 0.7 } }""");

        var error = SingleError(config);

        Assert.Equal("supplychain:policy.minimumMetrics.fraud-detector/ndcg", error.Key);
        Assert.Contains("evaluate does not compute 'ndcg'", error.Message);
        Assert.Contains("expected one of accuracy, auc", error.Message);
    }

    [Fact]
    public void Should_Reject_Slice_Gap_Thresholds_Without_Slices_To_Measure()
    {
        var config = WithLoop();
        config["policy"] = JsonNode.Parse("""{ "maxSliceGaps": { "fraud-detector/auc": 0.05 } }""");

        var error = SingleError(config);

        Assert.Equal("supplychain:models[0].retraining.slices", error.Key);
        Assert.Contains("maxSliceGaps", error.Message);
    }

    [Theory]
    [InlineData("evaluationDataset", "retraining", "datasets/fraud/eval")]
    [InlineData("current", "drift", "datasets/fraud/live/latest.json")]
    public void Should_Reject_A_Sample_Whose_Format_Evaluate_Cannot_Tell(string field, string block, string key)
    {
        var config = WithLoop();
        Model(config, 0)[block]![field] = key;

        var error = SingleError(config);

        Assert.Equal($"supplychain:models[0].{block}.{field}", error.Key);
        Assert.Contains("ending in .csv, .tsv, .tab, .parquet or .pq", error.Message);
    }

    [Fact]
    public void Should_Know_Which_Catalog_File_And_Release_Serve_A_Model()
    {
        var repo = Supplychain.Tests.CliTests.CliHarness.RepoRoot();

        var staging = StackSettingsReader.Read(ConfigSource.FromStackFile(repo, "staging-aws", PhysicalFileSystem.Instance)).Spec.Models;
        var dev = StackSettingsReader.Read(ConfigSource.FromStackFile(repo, "dev", PhysicalFileSystem.Instance)).Spec.Models;

        Assert.Equal(new CatalogRelease("models/fraud/fraud-detector.yaml", "staging"), staging.Single(m => m.Name == "fraud-detector").Catalog);
        Assert.Null(dev.Single(m => m.Name == "fraud-detector").Catalog);
    }
}
