using System.Text.Json;
using Supplychain.Components.Domain.Evaluation;
using Supplychain.Evaluation.Data;
using Supplychain.Tests.CliTests;

namespace Supplychain.Tests.Evaluation;

public sealed class EvaluateCommandTests(TrainedModels models) : IClassFixture<TrainedModels>
{
    private static EvaluationRecord Record(string path) => EvaluationRecord.Parse(File.ReadAllBytes(path));

    private (int Code, string Out, string Error, EvaluationRecord? Record) Evaluate(params string[] args)
    {
        using var cli = new CliHarness();
        var output = Path.Combine(models.Directory, $"record-{Guid.NewGuid():N}.json");
        var (code, stdout, stderr) = cli.Run(["evaluate", .. args, "--out", output, "--bootstrap", "20"]);
        return (code, stdout, stderr, File.Exists(output) ? Record(output) : null);
    }

    private string[] Binary(params string[] extra) =>
        ["--model", models.BinaryOnnx, "--dataset", models.BinaryDataset, "--task", "binary", "--label", "is_fraud", "--slice", "Segment", .. extra];

    [Fact]
    public void Should_Pass_The_Gates_A_Good_Onnx_Classifier_Meets()
    {
        // Given a FastTree classifier exported to ONNX, When it is evaluated with reachable gates
        var (code, stdout, stderr, record) = Evaluate(Binary("--min", "auc=0.8", "--max", "logLoss=0.8", "--max-interval-width", "auc=0.1"));
        // Then every gate passes and the record carries metrics, slices, intervals and digests
        Assert.True(code == 0, stderr + stdout);
        Assert.Equal(EvaluationRecord.Passed, record!.Verdict);
        Assert.InRange(record.Metrics["auc"], 0.8, 1.0);
        Assert.Equal(["accuracy", "auc", "auprc", "f1", "logLoss", "precision", "recall"], record.Metrics.Keys);
        Assert.Equal(TrainedModels.Rows, record.Rows);
        Assert.Equal(["a", "b"], record.Slices.Select(s => s.Value));
        Assert.Equal(TrainedModels.Rows, record.Slices.Sum(s => s.Rows));
        Assert.InRange(record.Metrics["auc"], record.Intervals["auc"].Lower, record.Intervals["auc"].Upper);
        Assert.Equal(TableSource.Digest(models.BinaryOnnx), record.Artifact!.Digest);
        Assert.Equal("onnx", record.Artifact.Format);
        Assert.Equal(TableSource.Digest(models.BinaryDataset), record.Dataset.Digest);
        Assert.Contains("verdict: passed", stdout);
    }

    [Fact]
    public void Should_Fail_A_Metric_Gate_The_Model_Misses()
    {
        var (code, _, stderr, record) = Evaluate(Binary("--min", "auc=0.999"));
        Assert.Equal(1, code);
        Assert.Equal(EvaluationRecord.Failed, record!.Verdict);
        var gate = Assert.Single(record.Gates);
        Assert.False(gate.Passed);
        Assert.Contains("gate failed: auc", stderr);
    }

    [Fact]
    public void Should_Fail_The_Fairness_Gate_When_One_Segment_Is_Served_Worse()
    {
        // Given a model whose segment "b" has noisier labels than "a"
        var (code, _, _, record) = Evaluate(Binary("--max-gap", "auc=0.01"));
        // Then the AUC gap between the segments exceeds the fairness threshold, and the record names the two slices
        Assert.Equal(1, code);
        var gap = record!.Gaps["auc"];
        Assert.Equal(("Segment", "b", "a"), (gap.Column, gap.Lowest, gap.Highest));
        Assert.True(gap.Gap > 0.01);
        Assert.False(Assert.Single(record.Gates).Passed);
    }

    [Fact]
    public void Should_Fail_When_The_Artifact_Is_Not_The_Declared_One()
    {
        var declared = "sha256:" + new string('0', 64);
        var (code, _, stderr, record) = Evaluate(Binary("--expect-artifact-digest", declared,
            "--expect-dataset-digest", TableSource.Digest(models.BinaryDataset)));
        Assert.Equal(1, code);
        Assert.Equal([("artifactDigest", false), ("datasetDigest", true)], record!.Gates.Select(g => (g.Gate, g.Passed)));
        Assert.Contains("not the declared artifact", stderr);
    }

    [Fact]
    public void Should_Measure_A_Predictions_File_As_The_Model_It_Came_From()
    {
        // Given the classifier's own probabilities written to a predictions file, row for row
        var (onnxCode, _, _, onnx) = Evaluate(Binary());
        var (code, _, stderr, predicted) = Evaluate("--predictions", models.BinaryPredictions, "--dataset", models.BinaryDataset,
            "--task", "binary", "--label", "is_fraud", "--slice", "Segment", "--min", "auc=0.8", "--max-gap", "auc=0.5");
        // Then the predictions path gives the ONNX path's metrics (to float precision) and gates the same way
        Assert.Equal(0, onnxCode);
        Assert.True(code == 0, stderr);
        Assert.Null(predicted!.Artifact);
        Assert.Equal(TableSource.Digest(models.BinaryPredictions), predicted.Predictions!.Digest);
        foreach (var metric in new[] { "auc", "accuracy", "f1" })
            Assert.Equal(onnx!.Metrics[metric], predicted.Metrics[metric], 3);
    }

    [Fact]
    public void Should_Fail_A_Predictions_File_Gate()
    {
        var (code, _, _, record) = Evaluate("--predictions", models.BinaryPredictions, "--dataset", models.BinaryDataset,
            "--task", "binary", "--label", "is_fraud", "--slice", "Segment", "--max-gap", "auc=0.01");
        Assert.Equal(1, code);
        Assert.Equal(EvaluationRecord.Failed, record!.Verdict);
    }

    [Fact]
    public void Should_Score_An_MlNet_Zip_Like_Its_Onnx_Export()
    {
        var (_, _, _, onnx) = Evaluate(Binary());
        var (code, _, stderr, zip) = Evaluate("--model", models.BinaryZip, "--dataset", models.BinaryDataset, "--task", "binary", "--label", "is_fraud");
        Assert.True(code == 0, stderr);
        Assert.Equal("mlnet", zip!.Artifact!.Format);
        Assert.Equal(onnx!.Metrics["auc"], zip.Metrics["auc"], 3);
    }

    [Fact]
    public void Should_Evaluate_A_LightGbm_Regressor_Through_Onnx()
    {
        var (code, _, stderr, record) = Evaluate("--model", models.RegressionOnnx, "--dataset", models.RegressionDataset, "--task", "regression",
            "--label", "minutes", "--min", "r2=0.9", "--max", "rmse=2");
        Assert.True(code == 0, stderr);
        Assert.Equal(["mae", "mse", "r2", "rmse"], record!.Metrics.Keys);
    }

    [Fact]
    public void Should_Evaluate_A_Ranker_With_Ndcg_At_K()
    {
        var (code, _, stderr, record) = Evaluate("--model", models.RankingOnnx, "--dataset", models.RankingDataset, "--task", "ranking",
            "--label", "relevance", "--group", "Query", "--ndcg-at", "5", "--min", "ndcg=0.7");
        Assert.True(code == 0, stderr);
        Assert.InRange(record!.Metrics["ndcg"], 0.7, 1.0);
    }

    [Fact]
    public void Should_Evaluate_Multiclass_Predictions_Per_Class_Column()
    {
        // Given three classes, a label column of class indices and one probability column per class
        var dataset = Path.Combine(models.Directory, "species.csv");
        var predictions = Path.Combine(models.Directory, "species-predictions.csv");
        var random = new Random(5);
        var labels = Enumerable.Range(0, 600).Select(_ => random.Next(3)).ToList();
        TrainedModels.WriteCsv(dataset, ["x", "species"], labels.Select(l => new object[] { random.NextDouble(), l }));
        // A model right four times in five: the true class gets 0.7, the others 0.15; else a wrong class gets 0.7
        TrainedModels.WriteCsv(predictions, ["p_0", "p_1", "p_2"], labels.Select((l, i) =>
        {
            var top = i % 5 == 0 ? (l + 1) % 3 : l;
            return Enumerable.Range(0, 3).Select(k => (object)(k == top ? 0.7 : 0.15)).ToArray();
        }));
        var (code, _, stderr, record) = Evaluate("--predictions", predictions, "--score", "p", "--dataset", dataset, "--task", "multiclass",
            "--label", "species", "--min", "microAccuracy=0.75");
        Assert.True(code == 0, stderr);
        Assert.Equal(0.8, record!.Metrics["microAccuracy"], 6);
        Assert.Equal(["logLoss", "macroAccuracy", "microAccuracy"], record.Metrics.Keys);
    }

    [Fact]
    public void Should_Write_The_Same_Record_Twice()
    {
        using var cli = new CliHarness();
        var first = Path.Combine(models.Directory, "same-1.json");
        var second = Path.Combine(models.Directory, "same-2.json");
        cli.Run(["evaluate", .. Binary("--bootstrap", "10", "--out", first)]);
        cli.Run(["evaluate", .. Binary("--bootstrap", "10", "--out", second)]);
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Theory]
    [InlineData("no-label", "--label", "fraud", "no column 'fraud' (the label)")]
    [InlineData("unknown-metric", "--min", "ndcg=0.5", "binary evaluation does not compute it; expected one of accuracy, auc")]
    [InlineData("bad-pair", "--min", "auc", "--min 'auc' is not NAME=NUMBER")]
    public void Should_Reject_Bad_Input_With_Exit_Code_2(string _, string option, string value, string message)
    {
        using var cli = new CliHarness();
        var args = Binary().ToList();
        var at = args.IndexOf(option);
        if (at >= 0) args[at + 1] = value; else args.AddRange([option, value]);
        var (code, stdout, stderr) = cli.Run(["evaluate", .. args]);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public void Should_Reject_A_Model_And_A_Predictions_File_Together()
    {
        using var cli = new CliHarness();
        var (code, _, stderr) = cli.Run(["evaluate", .. Binary("--predictions", models.BinaryPredictions)]);
        Assert.Equal(2, code);
        Assert.Contains("exactly one of a model", stderr);
    }

    [Fact]
    public void Should_Print_The_Record_As_Json()
    {
        using var cli = new CliHarness();
        var (code, stdout, _) = cli.Run(["evaluate", .. Binary("--bootstrap", "0", "--format", "json")]);
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(EvaluationRecord.CurrentSchema, doc.RootElement.GetProperty("schema").GetString());
    }
}
