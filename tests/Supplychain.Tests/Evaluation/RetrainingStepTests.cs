using System.Diagnostics;
using System.Text.Json;
using Moq;
using Supplychain.Components.Domain;
using Supplychain.Components.Domain.Evaluation;
using Supplychain.Components.Model;
using Supplychain.Components.Retraining;
using Supplychain.Evaluation.Data;
using Supplychain.Stacks.Cli;
using Supplychain.Stacks.Pipeline;
using Supplychain.Stacks.Settings;
using Supplychain.Tests.CliTests;
using Supplychain.Tests.Support;
using static Supplychain.Tests.ComponentTests.ComponentKit;

namespace Supplychain.Tests.Evaluation;

/// <summary>
/// The retraining workflow's steps as they run: the rendered <c>evaluate</c> and <c>drift</c> command lines against the
/// CLI's real parser and on a trained model, and the pull request's edit script (Python) on copies of the real stack and
/// catalog files, read back by the settings reader with the evaluation record it commits.
/// </summary>
public sealed class RetrainingStepTests(TrainedModels models) : IClassFixture<TrainedModels>
{
    private static readonly RetrainingLoopSpec Loop = new("ghcr.io/acme-ml/supplychain-cli:0.1.0@sha256:" + new string('d', 64), "acme-ml/supplychain");

    private static ModelSpec Retrained(EvaluationGates gates, CatalogRelease? catalog = null) => SampleSpecs.Model() with
    {
        Retraining = new RetrainingSpec("ghcr.io/acme-ml/fraud-trainer:1.4.0@sha256:" + new string('e', 64), "datasets/fraud/train.parquet",
            "datasets/fraud/fraud-eval.csv", Schedule: "0 3 * * 1", Label: "is_fraud") { Slices = ["Segment"], Gates = gates },
        DriftCheck = new DriftCheckSpec("datasets/fraud/reference.parquet", "datasets/fraud/live/latest.csv"),
        Catalog = catalog,
    };

    private static EvaluationGates Gates(decimal minimumAuc, decimal maxAucGap) => new(
        new SortedDictionary<string, decimal>(StringComparer.Ordinal) { ["auc"] = minimumAuc },
        new SortedDictionary<string, decimal>(StringComparer.Ordinal) { ["auc"] = maxAucGap });

    private static PulumiProgram Render(ModelSpec model) => SampleSpecs.Render(SampleSpecs.Dev() with { Models = [model], Loop = Loop });

    private static MapValue Object(PulumiProgram program, string configGroup, string kind) =>
        ((ListValue)program.Get(configGroup).Properties["objs"]).Cast<MapValue>().Single(o => Text(o["kind"]) == kind);

    private static MapValue Template(MapValue spec, string name) =>
        List(spec["templates"]).Cast<MapValue>().Single(t => Text(t["name"]) == name);

    private static MapValue RetrainTemplate(PulumiProgram program, string name) =>
        Template(Map(Object(program, "retraining-workflows-fraud-detector", "WorkflowTemplate")["spec"]), name);

    private static string[] Arguments(MapValue template) => List(Key(template, "container", "args")).Select(Text).ToArray();

    private static Dictionary<string, string> Environment(MapValue template) =>
        List(Key(template, "script", "env")).Cast<MapValue>().ToDictionary(e => Text(e["name"]), e => Text(e["value"]));

    private static System.CommandLine.ParseResult Parse(string[] args)
    {
        var context = new CliContext(new StringWriter(), new StringWriter(), new Mock<IEnvironment>().Object, PhysicalFileSystem.Instance,
            TimeProvider.System, Path.GetTempPath());
        return Entry.Build(context).Parse(args);
    }

    [Fact]
    public void Should_Render_An_Evaluate_Step_The_Cli_Parses_With_The_Stacks_Gates()
    {
        // Given a retrained model with slice columns and the stack's gates
        var args = Arguments(RetrainTemplate(Render(Retrained(Gates(0.8m, 0.5m))), "evaluate"));

        // When the rendered command line is parsed by the CLI's own parser
        var parsed = Parse(args);

        // Then every option exists (a renamed option fails here) and the gates arrive as the verb's gate options
        Assert.Empty(parsed.Errors.Select(e => e.Message));
        Assert.Empty(parsed.UnmatchedTokens);
        Assert.Equal("evaluate", parsed.CommandResult.Command.Name);
        Assert.Equal("binary", parsed.GetValue<string>("--task"));
        Assert.Equal("is_fraud", parsed.GetValue<string>("--label"));
        Assert.Equal(["Segment"], parsed.GetValue<string[]>("--slice")!);
        Assert.Equal(["auc=0.8"], parsed.GetValue<string[]>("--min")!);
        Assert.Equal(["auc=0.5"], parsed.GetValue<string[]>("--max-gap")!);
        Assert.Equal("/work/eval/fraud-eval.csv", parsed.GetValue<string>("--dataset"));
        Assert.Equal(Retraining.EvaluationRecordPath, parsed.GetValue<string>("--out"));
    }

    [Fact]
    public void Should_Render_A_Drift_Step_The_Cli_Parses()
    {
        var program = Render(Retrained(EvaluationGates.None));
        var check = Template(Map(Key(Object(program, "retraining-drift-fraud-detector", "CronWorkflow"), "spec", "workflowSpec")), "check");

        var parsed = Parse(Arguments(check));

        Assert.Empty(parsed.Errors.Select(e => e.Message));
        Assert.Empty(parsed.UnmatchedTokens);
        Assert.Equal("drift", parsed.CommandResult.Command.Name);
        Assert.Equal("/work/current/latest.csv", parsed.GetValue<string>("--current"));
        Assert.Equal(Retraining.DriftExpositionPath, parsed.GetValue<string>("--prometheus"));
    }

    [Theory]
    [InlineData("0.8", 0, EvaluationRecord.Passed)]
    [InlineData("0.999", 1, EvaluationRecord.Failed)]
    public void Should_Gate_A_Trained_Model_As_The_Rendered_Evaluate_Step_Runs(string minimumAuc, int expectedExit, string expectedVerdict)
    {
        // Given the rendered step and a trained ONNX model at the paths the workflow gives it
        var gates = Gates(decimal.Parse(minimumAuc, System.Globalization.CultureInfo.InvariantCulture), 0.5m);
        var args = Arguments(RetrainTemplate(Render(Retrained(gates)), "evaluate"));

        // When it runs exactly as rendered
        var (code, _, stderr, record) = RunEvaluateStep(args);

        // Then the stack's gates are the record's thresholds and decide the exit code (1 stops the workflow before register and propose)
        Assert.True(code == expectedExit, stderr);
        Assert.Equal(expectedVerdict, record.Verdict);
        Assert.Equal(gates.Minimum["auc"], (decimal)record.Thresholds.Minimum["auc"]);
        Assert.Equal(0.5, record.Thresholds.MaxSliceGap["auc"]);
        Assert.Equal(["Segment"], record.Columns.Slices);
        Assert.Equal("fraud-eval.csv", record.Dataset.Name);
        Assert.Equal(TableSource.Digest(models.BinaryOnnx), record.Artifact!.Digest);
    }

    /// <summary>Runs the step's command line with its <c>/work</c> paths under a temp directory holding the fixture's model and dataset.</summary>
    private (int Code, string Out, string Error, EvaluationRecord Record) RunEvaluateStep(string[] args)
    {
        var work = Directory.CreateTempSubdirectory("supplychain-step-").FullName;
        Directory.CreateDirectory(Path.Combine(work, "model"));
        Directory.CreateDirectory(Path.Combine(work, "eval"));
        File.Copy(models.BinaryOnnx, Path.Combine(work, "model", "model.onnx"));
        File.Copy(models.BinaryDataset, Path.Combine(work, "eval", "fraud-eval.csv"));
        var local = args.Select(a => a.StartsWith("/work/", StringComparison.Ordinal) ? Path.Combine(work, a["/work/".Length..]) : a).ToArray();
        using var cli = new CliHarness();
        var (code, stdout, stderr) = cli.Run(local);
        var recordPath = Path.Combine(work, Retraining.EvaluationRecordPath["/work/".Length..]);
        Assert.True(File.Exists(recordPath), stderr);
        return (code, stdout, stderr, EvaluationRecord.Parse(File.ReadAllBytes(recordPath)));
    }

    [Theory]
    [InlineData("staging-aws", "models/fraud/fraud-detector.yaml", "staging", "prod-aws")]
    [InlineData("dev", "Pulumi.dev.yaml", "", null)]
    public void Should_Propose_The_Retrained_Release_With_The_Record_It_Cites(string stack, string file, string release, string? otherStack)
    {
        // Given a passing evaluation record of a retrained model and the propose step the stack renders
        var catalog = release.Length > 0 ? new CatalogRelease(file, release) : null;
        var program = Render(Retrained(Gates(0.8m, 0.5m), catalog));
        var propose = RetrainTemplate(program, "propose");
        Assert.StartsWith(RetrainingScripts.ReleaseEditor, Text(Key(propose, "script", "source")), StringComparison.Ordinal);
        Assert.Equal(file, Environment(propose)["MODEL_FILE"]);
        Assert.Equal(release, Environment(propose)["RELEASE"]);
        var (_, _, _, record) = RunEvaluateStep(Arguments(RetrainTemplate(program, "evaluate")));
        var recordBytes = record.ToJsonBytes();
        var newDigest = TableSource.Digest(models.BinaryOnnx);
        using var cli = new CliHarness();
        foreach (var s in new[] { stack, otherStack }.OfType<string>().Where(s => s != "dev"))
            File.Copy(Path.Combine(CliHarness.RepoRoot(), $"Pulumi.{s}.yaml"), Path.Combine(cli.ProjectDirectory, $"Pulumi.{s}.yaml"));
        var otherBefore = otherStack is null ? null : Read(cli.ProjectDirectory, otherStack).Spec.Models.Single(m => m.Name == "fraud-detector");

        // When the step's edit script runs on the project's copy of the file
        RunEditor(cli.ProjectDirectory, file, release, "1.4.2-rt202611300300", "s3://models/retraining/team-fraud/retrain-x/model.onnx", newDigest, recordBytes);

        // Then the stack reads the retrained model from that file, citing the committed record, which backs its lineage
        var model = Read(cli.ProjectDirectory, stack).Spec.Models.Single(m => m.Name == "fraud-detector");
        Assert.Equal(catalog, model.Catalog);
        Assert.Equal("1.4.2-rt202611300300", model.Version);
        Assert.Equal("s3://models/retraining/team-fraud/retrain-x/model.onnx", model.Artifact.Uri);
        Assert.Equal(record.Artifact!.Digest, model.Artifact.Digest);
        Assert.Equal(record.Dataset.Digest, model.Lineage!.DatasetDigest);
        Assert.Equal("run-1", model.Lineage.TrainingRun);
        Assert.Equal(new ApprovalSpec("pending", null, null), model.Lineage.Approval);
        Assert.Equal(Math.Round((decimal)record.Metrics["auc"], 6), model.Lineage.Metrics["auc"]);
        Assert.Equal(Math.Round((decimal)record.Metrics["precision"], 6), model.Lineage.Metrics["precision"]);
        var evaluation = model.Lineage.Evaluation!;
        Assert.Equal("evaluations/fraud-detector/1.4.2-rt202611300300.json", evaluation.Uri);
        var evidence = EvaluationEvidenceLoader.Attach(SampleSpecs.Dev() with { Models = [model] }, cli.ProjectDirectory).Models[0].Lineage!.Evaluation!.Evidence!;
        Assert.Equal(evaluation.Digest, evidence.ActualDigest);
        Assert.Equal(EvaluationRecord.Passed, evidence.Record!.Verdict);
        // And the other environments' releases of the file are untouched
        if (otherStack is not null)
            Assert.Equal(otherBefore, Read(cli.ProjectDirectory, otherStack).Spec.Models.Single(m => m.Name == "fraud-detector"), new SameDeclaration());
    }

    private static StackSettings Read(string project, string stack) =>
        StackSettingsReader.Read(ConfigSource.FromStackFile(project, stack, PhysicalFileSystem.Instance));

    /// <summary>Version, artifact and lineage as declared (records compare dictionaries by reference, so by value here).</summary>
    private sealed class SameDeclaration : IEqualityComparer<ModelSpec?>
    {
        public bool Equals(ModelSpec? x, ModelSpec? y) => x is not null && y is not null && x.Version == y.Version && x.Artifact == y.Artifact
            && x.Lineage!.DatasetDigest == y.Lineage!.DatasetDigest && x.Lineage.Approval == y.Lineage.Approval && x.Lineage.Evaluation == y.Lineage.Evaluation
            && x.Lineage.Metrics.OrderBy(m => m.Key).SequenceEqual(y.Lineage.Metrics.OrderBy(m => m.Key));
        public int GetHashCode(ModelSpec? obj) => 0;
    }

    /// <summary>Runs <see cref="RetrainingScripts.ReleaseEditor"/> with python3 as the propose step does: edit the file, write the cited record.</summary>
    private static void RunEditor(string project, string file, string release, string version, string uri, string digest, byte[] recordBytes)
    {
        var scratch = Directory.CreateTempSubdirectory("supplychain-editor-").FullName;
        var recordPath = Path.Combine(scratch, "evaluation.json");
        File.WriteAllBytes(recordPath, recordBytes);
        var driver = Path.Combine(scratch, "driver.py");
        File.WriteAllText(driver, RetrainingScripts.ReleaseEditor + """

            import json, os, sys
            a = json.load(open(sys.argv[1]))
            record_bytes = open(a["record"], "rb").read()
            evaluation = cite(a["model"], a["version"], record_bytes)
            target = os.path.join(a["project"], a["file"])
            text = open(target, newline="").read()
            edited = edit_release(text, a["file"], a["model"], a["release"], a["version"], a["uri"], a["digest"], "transactions@retrain-x", "run-1",
                                  json.loads(record_bytes), evaluation)
            open(target, "w", newline="").write(edited)
            os.makedirs(os.path.dirname(os.path.join(a["project"], evaluation["uri"])), exist_ok=True)
            open(os.path.join(a["project"], evaluation["uri"]), "wb").write(record_bytes)
            """);
        var arguments = Path.Combine(scratch, "args.json");
        File.WriteAllText(arguments, JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["record"] = recordPath, ["model"] = "fraud-detector", ["version"] = version, ["project"] = project, ["file"] = file,
            ["release"] = release, ["uri"] = uri, ["digest"] = digest,
        }));
        var start = new ProcessStartInfo("python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(driver);
        start.ArgumentList.Add(arguments);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start (the propose step's script needs Python 3)");
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, "the edit script failed: " + stderr);
    }
}
