using System.Text.Json;
using Supplychain.Components.Domain.Evaluation;
using Supplychain.Tests.CliTests;

namespace Supplychain.Tests.Evaluation;

/// <summary>
/// The loop through the stack: `evaluate --model-name` takes digests and thresholds from the stack config, and a record
/// cited in lineage.evaluation is judged by the lineage pack when the stack is previewed.
/// </summary>
public sealed class EvaluationLoopTests(TrainedModels models) : IClassFixture<TrainedModels>
{
    [Fact]
    public void Should_Take_Digests_And_Thresholds_From_The_Stack()
    {
        // Given the dev stack, whose fraud-detector declares another artifact and dataset digest and auc >= 0.9
        using var cli = new CliHarness();
        var record = Path.Combine(cli.ProjectDirectory, "record.json");
        var (code, _, stderr) = cli.Run("evaluate", "--model", models.BinaryOnnx, "--dataset", models.BinaryDataset, "--task", "binary",
            "--label", "is_fraud", "--model-name", "fraud-detector", "--bootstrap", "0", "--out", record);
        // Then the digests fail as not the declared ones, the stack's minimum applies, and the record names the model
        Assert.Equal(1, code);
        var r = EvaluationRecord.Parse(File.ReadAllBytes(record));
        Assert.Equal(("fraud-detector", "1.4.2"), (r.Model.Name, r.Model.Version));
        Assert.Equal([("artifactDigest", false), ("datasetDigest", false), ("minimum", true)], r.Gates.Select(g => (g.Gate, g.Passed)));
        Assert.Equal(0.9, r.Thresholds.Minimum["auc"]);
        Assert.Contains("not the declared artifact", stderr);
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 1)]
    public void Should_Judge_A_Cited_Record_When_The_Stack_Is_Previewed(bool tamper, int expectedExit)
    {
        // Given a passing record committed in the project and cited by the fraud model's lineage with its digest
        using var cli = new CliHarness();
        Directory.CreateDirectory(Path.Combine(cli.ProjectDirectory, "evaluations"));
        var record = Path.Combine(cli.ProjectDirectory, "evaluations", "fraud-detector.json");
        var (evaluated, _, error) = cli.Run("evaluate", "--model", models.BinaryOnnx, "--dataset", models.BinaryDataset, "--task", "binary",
            "--label", "is_fraud", "--slice", "Segment", "--bootstrap", "0", "--out", record);
        Assert.True(evaluated == 0, error);
        var parsed = EvaluationRecord.Parse(File.ReadAllBytes(record));
        var digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(record)));
        // The declared lineage is made true: the record's artifact, dataset and metrics.
        var stackFile = Path.Combine(cli.ProjectDirectory, "Pulumi.dev.yaml");
        var yaml = File.ReadAllText(stackFile)
            .Replace("sha256:8d4e1f0a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6", parsed.Artifact!.Digest)
            .Replace("datasetDigest: sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9", "datasetDigest: " + parsed.Dataset.Digest)
            .Replace("          auc: 0.962\n          precision: 0.91\n          recall: 0.87\n",
                $"          auc: {Fmt(parsed.Metrics["auc"])}\n          precision: {Fmt(parsed.Metrics["precision"])}\n          recall: {Fmt(parsed.Metrics["recall"])}\n" +
                $"        evaluation:\n          uri: evaluations/fraud-detector.json\n          digest: {digest}\n")
            .Replace("      fraud-detector/auc: 0.9\n", "      fraud-detector/auc: 0.8\n    maxSliceGaps:\n      fraud-detector/auc: 0.5\n")
            // The model retrains: its evaluate step must measure the slices the gap threshold is about.
            .Replace("        label: is_fraud\n", "        label: is_fraud\n        slices: [Segment]\n");
        File.WriteAllText(stackFile, yaml);
        if (tamper) File.AppendAllText(record, " ");
        // When the stack is previewed, Then the evidence policies pass, or LIN014 stops a tampered record
        var reports = Path.Combine(cli.ProjectDirectory, "reports");
        var (code, stdout, stderr) = cli.Run("preview", "--stack", "dev", "--report-dir", reports);
        Assert.True(code == expectedExit, stderr + stdout);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(reports, "policy-report.json")));
        string[] evidencePolicies = ["LIN014", "LIN015", "LIN016", "LIN017", "LIN018"];
        var failing = report.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => f.GetProperty("policyId").GetString()).Where(id => evidencePolicies.Contains(id)).Distinct().ToList();
        Assert.Equal(tamper ? ["LIN014"] : [], failing);
    }

    private static string Fmt(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
