using System.CommandLine;
using System.Globalization;
using System.Reflection;
using Supplychain.Components.Domain.Evaluation;
using Supplychain.Evaluation;
using Supplychain.Policies.Packs.Lineage;
using Supplychain.Stacks.Settings;

namespace Supplychain.Stacks.Cli;

/// <summary>
/// <c>evaluate</c>: scores a model artifact (or reads its predictions) on the pinned evaluation dataset, measures it with
/// ML.NET's evaluators, judges the gates and writes the evaluation record. Exit 0 passed, 1 a gate failed, 2 bad input.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string?>("--model", "-m") { Description = "The model artifact: an ONNX file (.onnx) or an ML.NET model zip (.zip)." };
        var predictions = new Option<string?>("--predictions") { Description = "Instead of --model: predictions made for the dataset, row for row (CSV, TSV or Parquet), for models ML.NET cannot run." };
        var dataset = new Option<string>("--dataset", "-d") { Description = "The pinned evaluation dataset: CSV or TSV with a header, or Parquet.", Required = true };
        var task = new Option<string>("--task", "-t") { Description = $"The task: {string.Join(" | ", EvaluationTasks.Names)}.", Required = true };
        task.AcceptOnlyFromAmong([.. EvaluationTasks.Names]);
        var label = new Option<string>("--label") { Description = "The label column (binary: 1/0, true/false; multiclass: class index 0..K-1; ranking: relevance 0..4).", DefaultValueFactory = _ => "label" };
        var group = new Option<string?>("--group") { Description = "The query column (ranking); a query's rows must be contiguous." };
        var slices = new Option<string[]>("--slice") { Description = "A segment or sensitive-attribute column to measure per value (repeatable); the largest gap per metric is the fairness gap.", AllowMultipleArgumentsPerToken = false };
        var score = new Option<string?>("--score") { Description = "The ONNX output or ML.NET column to read (default Probability.output / Score.output), or the predictions column (default probability / score; multiclass: the prefix of PREFIX_0..PREFIX_K-1)." };
        var min = new Option<string[]>("--min") { Description = "Gate: METRIC=VALUE, the metric must be at least VALUE (repeatable)." };
        var max = new Option<string[]>("--max") { Description = "Gate: METRIC=VALUE, the metric must be at most VALUE (repeatable; for logLoss, rmse, mae, mse)." };
        var maxGap = new Option<string[]>("--max-gap") { Description = "Fairness gate: METRIC=VALUE, the largest gap between two slices of one column (repeatable; needs --slice)." };
        var maxWidth = new Option<string[]>("--max-interval-width") { Description = "Stability gate: METRIC=VALUE, the widest allowed bootstrap confidence interval (repeatable)." };
        var modelName = new Option<string?>("--model-name") { Description = "A model declared in the stack: its artifact and dataset digests are verified, its version is recorded and the stack's minimumMetrics and maxSliceGaps apply." };
        var stack = CommonOptions.Stack("The stack declaring --model-name (reads Pulumi.yaml and Pulumi.<stack>.yaml).");
        var projectDir = CommonOptions.ProjectDir();
        var artifactDigest = new Option<string?>("--expect-artifact-digest") { Description = "The artifact's declared sha256 (sha256:<64 hex>); overrides the stack's artifact.digest." };
        var datasetDigest = new Option<string?>("--expect-dataset-digest") { Description = "The dataset's declared sha256; overrides the stack's lineage.datasetDigest." };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap replicates for the confidence intervals (0 turns them off).", DefaultValueFactory = _ => 50 };
        var seed = new Option<int>("--seed") { Description = "Seed of the bootstrap: the same inputs and seed give the same record.", DefaultValueFactory = _ => 42 };
        var ndcgAt = new Option<int>("--ndcg-at") { Description = "k of NDCG@k and DCG@k (ranking).", DefaultValueFactory = _ => 10 };
        var output = new Option<string?>("--out", "-o") { Description = "Write the evaluation record (JSON) to this file." };
        var format = CommonOptions.Format("table", "json");
        var command = new Command("evaluate",
            "Score a model on its pinned evaluation dataset with ML.NET, verify the lineage digests, judge the metric, fairness and stability gates, and write the evaluation record. Exit 1 when a gate fails.");
        foreach (var o in new Option[] { model, predictions, dataset, task, label, group, slices, score, min, max, maxGap, maxWidth, modelName, stack, projectDir, artifactDigest, datasetDigest, bootstrap, seed, ndcgAt, output, format })
            command.Options.Add(o);
        command.SetAction(parse =>
        {
            var request = new EvaluationRequest
            {
                Dataset = Full(context, parse.GetValue(dataset)!),
                Model = parse.GetValue(model) is { } m ? Full(context, m) : null,
                Predictions = parse.GetValue(predictions) is { } p ? Full(context, p) : null,
                Task = EvaluationTasks.Parse(parse.GetValue(task)!),
                Label = parse.GetValue(label)!,
                Group = parse.GetValue(group),
                Slices = parse.GetValue(slices) ?? [],
                Score = parse.GetValue(score),
                Thresholds = new Thresholds(Pairs(parse.GetValue(min), "--min"), Pairs(parse.GetValue(max), "--max"),
                    Pairs(parse.GetValue(maxGap), "--max-gap"), Pairs(parse.GetValue(maxWidth), "--max-interval-width")),
                BootstrapReplicates = parse.GetValue(bootstrap),
                Seed = parse.GetValue(seed),
                RankingAt = parse.GetValue(ndcgAt),
                ToolVersion = ToolVersion,
            };
            if (parse.GetValue(modelName) is { } name)
                request = FromStack(context, request, name, parse.GetValue(stack)!, parse.GetValue(projectDir));
            request = request with
            {
                ExpectedArtifactDigest = parse.GetValue(artifactDigest) ?? request.ExpectedArtifactDigest,
                ExpectedDatasetDigest = parse.GetValue(datasetDigest) ?? request.ExpectedDatasetDigest,
            };
            return Run(context, request, parse.GetValue(output), parse.GetValue(format)!);
        });
        return command;
    }

    public static string ToolVersion =>
        typeof(EvaluateCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static int Run(CliContext context, EvaluationRequest request, string? output, string format)
    {
        EvaluationRecord record;
        try { record = Evaluator.Run(request); }
        catch (EvaluationInputException e) { throw new InputException(e.Message); }
        var bytes = record.ToJsonBytes();
        if (output is not null)
        {
            var path = Full(context, output);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }
        if (format == "json") context.Out.Write(System.Text.Encoding.UTF8.GetString(bytes));
        else EvaluationTables.Write(context.Console(), record, output is not null ? "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)) : null);
        if (record.Verdict == EvaluationRecord.Passed) return Entry.Success;
        foreach (var g in record.Gates.Where(g => !g.Passed)) context.Error.WriteLine($"supplychain: gate failed: {g.Message}");
        return Entry.PolicyFailure;
    }

    /// <summary>The declared model's digests, version and the stack's thresholds for it.</summary>
    private static EvaluationRequest FromStack(CliContext context, EvaluationRequest request, string name, string stack, string? projectDirOption)
    {
        var projectDir = context.ProjectDirectory(projectDirOption);
        var settings = StackSettingsReader.Read(ConfigSource.FromStackFile(projectDir, stack, context.FileSystem));
        var spec = settings.Spec.Models.FirstOrDefault(m => m.Name == name)
                   ?? throw new InputException($"--model-name: '{name}' is not a model of stack '{stack}'; expected one of {string.Join(", ", settings.Spec.Models.Select(m => m.Name))}");
        static SortedDictionary<string, double> ToDouble(IReadOnlyDictionary<string, decimal> map) =>
            new(map.ToDictionary(kv => kv.Key, kv => (double)kv.Value), StringComparer.Ordinal);
        var minimums = ToDouble(MetricsMeetMinimums.ThresholdsFor(name, settings.Policy.MinimumMetrics));
        var gaps = ToDouble(MetricsMeetMinimums.ThresholdsFor(name, settings.Policy.MaxSliceGaps));
        return request with
        {
            ModelName = name,
            ModelVersion = spec.Version,
            ExpectedArtifactDigest = spec.Artifact.Digest,
            ExpectedDatasetDigest = spec.Lineage?.DatasetDigest,
            StackThresholds = new Thresholds(minimums, new(StringComparer.Ordinal), gaps, new(StringComparer.Ordinal)),
        };
    }

    internal static SortedDictionary<string, double> Pairs(string[]? values, string option)
    {
        var result = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var value in values ?? [])
        {
            var eq = value.IndexOf('=');
            if (eq <= 0 || !double.TryParse(value[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                throw new InputException($"{option} '{value}' is not NAME=NUMBER; expected e.g. {option} auc=0.9");
            result[value[..eq]] = number;
        }
        return result;
    }

    internal static string Full(CliContext context, string path) => Path.GetFullPath(path, context.WorkingDirectory);
}
