using System.Text.RegularExpressions;
using Supplychain.Components.Domain;

namespace Supplychain.Stacks.Settings;

/// <summary>
/// Reads the closed loop: <c>models[].retraining</c>, <c>models[].drift</c>, <c>supplychain:retraining</c>,
/// <c>supplychain:toolImage</c> and <c>supplychain:gpuTelemetry</c>.
/// </summary>
internal static partial class RetrainingSettingsReader
{
    public const string RetrainingField = "retraining";
    public const string DriftField = "drift";
    public const string LoopKey = "retraining";
    public const string ToolImageKey = "toolImage";
    public const string GpuTelemetryKey = "gpuTelemetry";

    public static readonly IReadOnlyList<string> Tasks = ["binary-classification", "multiclass-classification", "regression", "ranking"];
    private static readonly string[] RetrainingFields =
    [
        "schedule", "onDrift", "image", "dataset", "evaluationDataset", "task", "label", "gpus", "gpuPool", "resources", "timeoutMinutes",
        "trainTimeoutMinutes", "retries", "slices",
    ];
    private static readonly string[] ResourceFields = ["cpu", "memory"];
    private static readonly string[] DriftFields = ["schedule", "reference", "current"];
    private static readonly string[] LoopFields = ["githubRepository", "baseBranch", "tokenSecret"];
    private static readonly string[] TelemetryFields = ["enabled", "idleUtilisationPercent"];
    private const string CronExpectation = "a cron schedule of 5 fields (minute hour day-of-month month day-of-week, UTC), e.g. \"0 3 * * 1\"";
    private const string KeyExpectation = "a key in the stack's artifact store (no scheme, no leading '/', no '..'), e.g. datasets/fraud/transactions.parquet";
    /// <summary>The table formats <c>evaluate</c> and <c>drift</c> read, told apart by the file's extension (the workflow keeps the key's file name).</summary>
    private static readonly string[] TableExtensions = [".csv", ".tsv", ".tab", ".parquet", ".pq"];
    private const string TableKeyExpectation = KeyExpectation + ", ending in .csv, .tsv, .tab, .parquet or .pq (the format evaluate and drift read)";

    public static RetrainingSpec? ReadRetraining(ObjectNode model, NodeReader reader, IReadOnlyList<GpuPoolSpec>? pools)
    {
        if (!model.Has(RetrainingField)) return null;
        if (reader.Object(model[RetrainingField], model.PathOf(RetrainingField), "a retraining spec", RetrainingFields) is not { } r) return null;
        var schedule = r.Format("schedule", required: false, IsCron, "a valid schedule", CronExpectation);
        var onDrift = r.Bool("onDrift", defaultValue: false);
        if (!r.Has("schedule") && onDrift == false)
            reader.Error(model.PathOf(RetrainingField), "declares neither a schedule nor onDrift: true; expected at least one trigger");
        var image = ReadImage(r, "image", reader);
        var dataset = r.Format("dataset", required: true, IsStoreKey, "a valid dataset key", KeyExpectation);
        var evaluation = r.Format("evaluationDataset", required: true, IsTableKey, "a valid table key", TableKeyExpectation);
        var task = r.Enum("task", required: false, Tasks) ?? "binary-classification";
        var label = r.String("label", required: false, "the label column's name") ?? "label";
        var gpus = r.Int("gpus", 0, 16, defaultValue: 1);
        var pool = r.String("gpuPool", required: false, "the name of a training pool declared in supplychain:gpuPools");
        if (pools is not null) CheckPool(r, reader, pools, gpus, pool);
        var (cpu, memory) = ReadResources(r, reader);
        var timeout = r.Int("timeoutMinutes", 10, 10080, defaultValue: 360);
        var trainTimeout = r.Int("trainTimeoutMinutes", 5, 10080, defaultValue: 240);
        if (timeout is { } t && trainTimeout is { } tt && tt > t)
            reader.Error(r.PathOf("trainTimeoutMinutes"), $"{tt} exceeds timeoutMinutes ({t}); expected an integer from 5 to {t}");
        var retries = r.Int("retries", 0, 10, defaultValue: 3);
        var slices = ReadSlices(r, reader);
        if (slices is null || image is null || dataset is null || evaluation is null || onDrift is null || gpus is null || cpu is null || memory is null
            || timeout is null || trainTimeout is null || retries is null || (r.Has("schedule") && schedule is null))
            return null;
        return new RetrainingSpec(image, dataset, evaluation, schedule, onDrift.Value, task, label, gpus.Value, pool, cpu, memory,
            timeout.Value, trainTimeout.Value, retries.Value) { Slices = slices };
    }

    /// <summary><c>retraining.slices</c>: the evaluation dataset's columns the <c>evaluate</c> step measures per value (fairness gaps).</summary>
    private static IReadOnlyList<string>? ReadSlices(ObjectNode r, NodeReader reader)
    {
        if (!r.Has("slices")) return [];
        var slices = reader.StringList(r["slices"], r.PathOf("slices"), "column names of the evaluation dataset",
            (node, path) => reader.Format(node, path, IsColumnName, "a column name", "a column name of the evaluation dataset (1 to 128 characters, no control characters, not starting with '-')"));
        if (slices is null) return null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < slices.Count; i++)
            if (!seen.Add(slices[i]))
            {
                reader.Error($"{r.PathOf("slices")}[{i}]", $"{NodeReader.Quote(slices[i])} is listed twice; expected each slice column once");
                return null;
            }
        return slices;
    }

    private static bool IsColumnName(string s) => s.Length is > 0 and <= 128 && !s.StartsWith('-') && !NodeReader.HasControlCharacter(s);

    /// <summary>
    /// Gives each retrained model the gates its <c>evaluate</c> step applies: the stack's <c>policy.minimumMetrics</c> and
    /// <c>policy.maxSliceGaps</c> for the model (a key without <c>model/</c> applies to every model), exactly what
    /// <c>evaluate --model-name</c> applies. A gate the step could never pass is an error here rather than a failed run
    /// every week: a metric the task does not compute, or a slice gap without <c>retraining.slices</c>.
    /// </summary>
    public static IReadOnlyList<ModelSpec> WithEvaluationGates(IReadOnlyList<ModelSpec> models, Supplychain.Policies.View.PolicyConfig policy, ObjectNode top,
        NodeReader reader)
    {
        var result = new List<ModelSpec>(models.Count);
        for (var i = 0; i < models.Count; i++)
        {
            var model = models[i];
            if (model.Retraining is not { } r)
            {
                result.Add(model);
                continue;
            }
            var task = Supplychain.Evaluation.EvaluationTasks.Parse(Supplychain.Components.Retraining.Retraining.EvaluateTask(r.Task));
            var computed = Supplychain.Evaluation.EvaluationTasks.Metrics(task);
            var minimum = Gates(model, policy.MinimumMetrics, "minimumMetrics", computed, top, reader);
            var gaps = Gates(model, policy.MaxSliceGaps, "maxSliceGaps", computed, top, reader);
            if (gaps.Count > 0 && r.Slices.Count == 0)
                reader.Error(ModelPath(model, i, top) + ".retraining.slices",
                    $"is not set, but supplychain:policy.maxSliceGaps holds slice-gap thresholds for model \"{model.Name}\" ({string.Join(", ", gaps.Keys)}); expected the evaluation dataset's segment or sensitive-attribute columns to measure, e.g. slices: [region]");
            result.Add(minimum.Count + gaps.Count == 0 ? model : model with { Retraining = r with { Gates = new EvaluationGates(minimum, gaps) } });
        }
        return result;
    }

    private static SortedDictionary<string, decimal> Gates(ModelSpec model, IReadOnlyDictionary<string, decimal> configured, string key,
        IReadOnlyList<string> computed, ObjectNode top, NodeReader reader)
    {
        var gates = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (metric, value) in Supplychain.Policies.Packs.Lineage.MetricsMeetMinimums.ThresholdsFor(model.Name, configured)) gates[metric] = value;
        foreach (var metric in gates.Keys.Where(m => !computed.Contains(m, StringComparer.Ordinal)).ToList())
        {
            var configKey = configured.ContainsKey(model.Name + "/" + metric) ? model.Name + "/" + metric : metric;
            reader.Error($"{top.PathOf("policy")}.{key}.{configKey}",
                $"applies to model \"{model.Name}\", which retrains as {model.Retraining!.Task}, but evaluate does not compute '{metric}' for that task, so every retraining run would fail its gate; expected one of {string.Join(", ", computed)} (or declare the threshold per model)");
            gates.Remove(metric);
        }
        return gates;
    }

    /// <summary>Inline models come first in the stack's list, so their index is the config index; a catalog model is named by its file and release.</summary>
    private static string ModelPath(ModelSpec model, int index, ObjectNode top) =>
        model.Catalog is { } c ? $"{c.File} releases.{c.Release}" : $"{top.PathOf("models")}[{index}]";

    public static DriftCheckSpec? ReadDrift(ObjectNode model, NodeReader reader)
    {
        if (!model.Has(DriftField)) return null;
        if (reader.Object(model[DriftField], model.PathOf(DriftField), "a drift check", DriftFields) is not { } d) return null;
        var schedule = d.Has("schedule") ? d.Format("schedule", required: false, IsCron, "a valid schedule", CronExpectation) : "0 * * * *";
        var reference = d.Format("reference", required: true, IsTableKey, "a valid sample key", TableKeyExpectation);
        var current = d.Format("current", required: true, IsTableKey, "a valid sample key", TableKeyExpectation);
        return schedule is null || reference is null || current is null ? null : new DriftCheckSpec(reference, current, schedule);
    }

    /// <summary>The stack-wide loop settings; required (with the tool image) as soon as one model retrains or checks drift.</summary>
    public static RetrainingLoopSpec? ReadLoop(ObjectNode top, NodeReader reader, IReadOnlyList<ModelSpec> models, string? environment, CiSpec? ci)
    {
        var needed = models.Any(m => m.Retraining is not null || m.DriftCheck is not null);
        var retrains = models.Any(m => m.Retraining is not null);
        string? toolImage = null;
        if (top.Has(ToolImageKey))
        {
            toolImage = ReadImage(top, ToolImageKey, reader);
            if (toolImage is not null && environment is "staging" or "prod" && !toolImage.Contains("@sha256:", StringComparison.Ordinal))
            {
                reader.Error(top.PathOf(ToolImageKey), $"{NodeReader.Quote(toolImage)} is not pinned by digest; expected ghcr.io/<org>/supplychain-cli:<version>@sha256:<64 hex> outside dev (the image gates releases)");
                toolImage = null;
            }
        }
        else if (needed)
            reader.Error(top.PathOf(ToolImageKey), "is not set, but a model declares retraining or a drift check; expected this project's CLI image, e.g. ghcr.io/acme-ml/supplychain-cli:1.0.0@sha256:<64 hex>");

        string? repository = ci?.GitHubRepository;
        var baseBranch = "main";
        var tokenSecret = "retraining-github-token";
        if (top.Has(LoopKey) && reader.Object(top[LoopKey], top.PathOf(LoopKey), "the retraining settings", LoopFields) is { } loop)
        {
            repository = loop.Format("githubRepository", required: false, r => GitHubRepository().IsMatch(r), "a GitHub repository", "owner/repo, e.g. acme/ml-platform") ?? repository;
            baseBranch = loop.Format("baseBranch", required: false, b => Branch().IsMatch(b), "a branch name", "a git branch name, e.g. main") ?? baseBranch;
            tokenSecret = loop.Format("tokenSecret", required: false, s => Formats.IsDnsName(s), "a Secret name", "the name (lowercase DNS name) of a Kubernetes Secret with key token") ?? tokenSecret;
        }
        if (retrains && repository is null)
            reader.Error(top.PathOf(LoopKey) + ".githubRepository", "is not set (nor supplychain:ci.githubRepository), but a model declares retraining; expected owner/repo of the repository the retraining pull requests go to");
        return needed && toolImage is not null && (repository is not null || !retrains)
            ? new RetrainingLoopSpec(toolImage, repository ?? "", baseBranch, tokenSecret)
            : null;
    }

    public static GpuTelemetrySpec? ReadGpuTelemetry(ObjectNode top, NodeReader reader, IReadOnlyList<GpuPoolSpec> pools)
    {
        if (!top.Has(GpuTelemetryKey)) return pools.Count > 0 ? new GpuTelemetrySpec() : null;
        if (reader.Object(top[GpuTelemetryKey], top.PathOf(GpuTelemetryKey), "the GPU telemetry settings", TelemetryFields) is not { } t) return null;
        var enabled = t.Bool("enabled", defaultValue: true);
        var idle = t.Int("idleUtilisationPercent", 1, 90, defaultValue: 5);
        return enabled is null || idle is null ? null : new GpuTelemetrySpec(enabled.Value, idle.Value);
    }

    private static string? ReadImage(ObjectNode node, string field, NodeReader reader)
    {
        var image = node.String(field, required: true, Formats.ImageExpectation);
        if (image is null) return null;
        if (Formats.IsImageReference(image, out var pinned) && pinned) return image;
        reader.Error(node.PathOf(field), $"{NodeReader.Quote(image)} is not a pinned OCI image reference; expected {Formats.ImageExpectation} with a :tag, an @sha256 digest, or both");
        return null;
    }

    private static void CheckPool(ObjectNode r, NodeReader reader, IReadOnlyList<GpuPoolSpec> pools, int? gpus, string? pool)
    {
        if (gpus is null or 0) return;
        var training = pools.Where(p => p.Purpose == GpuPoolPurpose.Training).ToList();
        if (pool is null)
        {
            if (training.Count == 0)
                reader.Error(r.PathOf("gpus"), $"{gpus} GPU(s) requested, but no training GPU pool is declared; expected a pool with purpose: training in supplychain:gpuPools");
            else if (gpus > training[0].GpusPerNode)
                reader.Error(r.PathOf("gpus"), $"{gpus} GPUs exceed the {training[0].GpusPerNode} GPU(s) per node of pool \"{training[0].Name}\"; expected at most {training[0].GpusPerNode}");
            return;
        }
        var found = pools.FirstOrDefault(p => p.Name == pool);
        if (found is null || found.Purpose != GpuPoolPurpose.Training)
            reader.Error(r.PathOf("gpuPool"), $"{NodeReader.Quote(pool)} is not a declared training GPU pool; expected one of {(training.Count > 0 ? string.Join(", ", training.Select(p => p.Name)) : "(none declared)")}");
        else if (gpus > found.GpusPerNode)
            reader.Error(r.PathOf("gpus"), $"{gpus} GPUs exceed the {found.GpusPerNode} GPU(s) per node of pool \"{found.Name}\"; expected at most {found.GpusPerNode}");
    }

    private static (string? Cpu, string? Memory) ReadResources(ObjectNode r, NodeReader reader)
    {
        if (!r.Has("resources")) return ("4", "16Gi");
        if (reader.Object(r["resources"], r.PathOf("resources"), "a resources spec", ResourceFields) is not { } res) return (null, null);
        var cpu = res.Has("cpu") ? res.Format("cpu", required: false, Formats.IsPositiveQuantity, "a valid CPU quantity", "a Kubernetes CPU quantity greater than 0, such as 4 or 3500m") : "4";
        var memory = res.Has("memory") ? res.Format("memory", required: false, m => Formats.IsPositiveQuantity(m) && !Formats.HasMilliSuffix(m), "a valid memory quantity", "a Kubernetes memory quantity greater than 0, such as 16Gi") : "16Gi";
        return (cpu, memory);
    }

    /// <summary>Five cron fields of digits, <c>*</c>, <c>/</c>, <c>,</c>, <c>-</c> (or month/day names): what Argo's and Kubernetes' cron parsers accept.</summary>
    internal static bool IsCron(string s) => Cron().IsMatch(s);

    internal static bool IsTableKey(string s) =>
        IsStoreKey(s) && TableExtensions.Contains(System.IO.Path.GetExtension(s).ToLowerInvariant(), StringComparer.Ordinal);

    internal static bool IsStoreKey(string s) =>
        s.Length <= 512 && !s.StartsWith('/') && !s.Contains("://", StringComparison.Ordinal) && !s.Split('/').Contains("..") && StoreKey().IsMatch(s);

    [GeneratedRegex(@"^([0-9A-Za-z*/,\-]+)( [0-9A-Za-z*/,\-]+){4}$")]
    private static partial Regex Cron();

    [GeneratedRegex(@"^[A-Za-z0-9._/=-]+$")]
    private static partial Regex StoreKey();

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex GitHubRepository();

    [GeneratedRegex("^[A-Za-z0-9._/-]{1,200}$")]
    private static partial Regex Branch();
}
