using System.Text.Json;
using System.Text.Json.Nodes;
using Supplychain.Components.Domain;

namespace Supplychain.Stacks.Settings;

/// <summary>
/// Reads <c>supplychain:models</c>. Lineage and approval may be missing (the lineage pack judges completeness
/// later), but whatever is present must be well-formed.
/// </summary>
internal static class ModelSettingsReader
{
    internal static readonly string[] ModelFields = ["name", "team", "version", "image", "artifact", "lineage", "serving",
        RetrainingSettingsReader.RetrainingField, RetrainingSettingsReader.DriftField];
    private static readonly string[] ArtifactFields = ["uri", "digest"];
    private static readonly string[] LineageFields = ["datasetDigest", "datasetVersion", "trainingRun", "codeCommit", "hyperparameters", "metrics", "approval", "evaluation"];
    private static readonly string[] EvaluationFields = ["uri", "digest"];
    private static readonly string[] ApprovalFields = ["status", "by", "at"];
    internal static readonly string[] ServingFields = ["replicas", "resources", "gpus", "gpuPool", "canarySteps", "canaryPauseMinutes", "port"];
    private static readonly string[] ResourceFields = ["cpu", "memory"];
    public static readonly IReadOnlyList<string> ApprovalStatuses = ["approved", "pending", "rejected"];
    private const string CommitExpectation = "a full git commit SHA: exactly 40 lowercase hex characters";

    /// <param name="teams">Declared teams, or null when they are invalid (references are then not checked).</param>
    /// <param name="pools">Declared GPU pools, or null when they are invalid.</param>
    public static IReadOnlyList<ModelSpec> Read(ObjectNode top, NodeReader reader, IReadOnlyList<TeamSpec>? teams, IReadOnlyList<GpuPoolSpec>? pools)
    {
        if (!top.Has("models")) return [];
        if (reader.List(top["models"], top.PathOf("models"), "models ({name, team, version, image, artifact, lineage, serving})") is not { } list) return [];
        var models = new List<ModelSpec>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
            if (ReadOne(list[i], $"{top.PathOf("models")}[{i}]", reader, teams, pools, seen) is { } spec) models.Add(spec);
        return models;
    }

    /// <summary>
    /// Validates one model object at <paramref name="path"/> (an inline <c>supplychain:models[i]</c>, or a catalog file's
    /// release merged with the file's shared fields). Returns null after reporting when it is invalid.
    /// </summary>
    internal static ModelSpec? ReadOne(JsonNode? node, string path, NodeReader reader, IReadOnlyList<TeamSpec>? teams, IReadOnlyList<GpuPoolSpec>? pools,
        Dictionary<string, string> seen)
    {
        if (reader.Object(node, path, "a model", ModelFields) is not { } model) return null;
        var name = model.Format("name", required: true, s => Formats.IsDnsLabel(s, 50), "a valid model name", Formats.DnsLabelExpectation(50));
        StackSettingsReader.CheckUnique(name, model.PathOf("name"), seen, "model", reader);
        var team = model.String("team", required: true, "the name of a team declared in supplychain:teams");
        if (team is not null && teams is not null && teams.All(t => t.Name != team))
            reader.Error(model.PathOf("team"), $"{NodeReader.Quote(team)} is not a declared team; expected one of {Names(teams.Select(t => t.Name))}{Suggestions.DidYouMean(team, teams.Select(t => t.Name))}");
        var version = model.Format("version", required: true, Formats.IsLabelValue, "a valid version", Formats.LabelValueExpectation);
        var image = ReadImage(model, reader);
        var artifact = ReadArtifact(model, reader);
        var lineage = model.Has("lineage") ? ReadLineage(model, reader) : null;
        var serving = ReadServing(model, reader, pools);
        var retraining = RetrainingSettingsReader.ReadRetraining(model, reader, pools);
        var drift = RetrainingSettingsReader.ReadDrift(model, reader);
        return name is not null && team is not null && version is not null && image is not null && artifact is not null && serving is not null
            ? new ModelSpec(name, team, version, image, artifact, lineage, serving) { Retraining = retraining, DriftCheck = drift }
            : null;
    }

    private static string? ReadImage(ObjectNode model, NodeReader reader)
    {
        var image = model.String("image", required: true, Formats.ImageExpectation);
        if (image is null) return null;
        if (!Formats.IsImageReference(image, out var pinned))
            reader.Error(model.PathOf("image"), $"{NodeReader.Quote(image)} is not a valid OCI image reference; expected {Formats.ImageExpectation}");
        else if (!pinned)
            reader.Error(model.PathOf("image"), $"{NodeReader.Quote(image)} has neither a tag nor a digest; expected {Formats.ImageExpectation} with a :tag, an @sha256 digest, or both");
        else
            return image;
        return null;
    }

    private static ArtifactSpec? ReadArtifact(ObjectNode model, NodeReader reader)
    {
        if (model.Required("artifact", "an object {uri, digest}") is null) return null;
        if (reader.Object(model["artifact"], model.PathOf("artifact"), "an artifact", ArtifactFields) is not { } artifact) return null;
        var uri = artifact.String("uri", required: true, "a model artifact URI (" + string.Join(", ", Formats.ArtifactSchemes) + ")");
        if (uri is not null && !Formats.IsArtifactUri(uri, out var problem))
        {
            reader.Error(artifact.PathOf("uri"), $"{NodeReader.Quote(uri)} {problem}");
            uri = null;
        }
        var digest = artifact.Format("digest", required: true, Formats.IsSha256Digest, "a valid digest", Formats.DigestExpectation);
        return uri is not null && digest is not null ? new ArtifactSpec(uri, digest) : null;
    }

    private static LineageSpec? ReadLineage(ObjectNode model, NodeReader reader)
    {
        if (reader.Object(model["lineage"], model.PathOf("lineage"), "a lineage record", LineageFields) is not { } lineage) return null;
        var datasetDigest = lineage.Format("datasetDigest", required: false, Formats.IsSha256Digest, "a valid digest", Formats.DigestExpectation);
        var datasetVersion = lineage.String("datasetVersion", required: false);
        var trainingRun = lineage.String("trainingRun", required: false);
        var codeCommit = lineage.Format("codeCommit", required: false, Formats.IsGitCommit, "a valid commit", CommitExpectation);
        var hyperparameters = ReadHyperparameters(lineage, reader);
        var metrics = ReadMetrics(lineage, reader);
        var approval = lineage.Has("approval") ? ReadApproval(lineage, reader) : null;
        var evaluation = lineage.Has("evaluation") ? ReadEvaluation(lineage, reader) : null;
        return new LineageSpec(datasetDigest, datasetVersion, trainingRun, codeCommit, hyperparameters, metrics, approval) { Evaluation = evaluation };
    }

    private static Components.Domain.Evaluation.EvaluationReference? ReadEvaluation(ObjectNode lineage, NodeReader reader)
    {
        if (reader.Object(lineage["evaluation"], lineage.PathOf("evaluation"), "an evaluation record reference", EvaluationFields) is not { } evaluation) return null;
        var uri = evaluation.Format("uri", required: true, PolicySettingsReader.IsRelativePath, "a valid record path",
            "a path relative to the project root, without '..', e.g. evaluations/fraud-detector/1.4.0.json (the record is committed with the config that cites it)");
        var digest = evaluation.Format("digest", required: true, Formats.IsSha256Digest, "a valid digest", Formats.DigestExpectation);
        return uri is not null && digest is not null ? new(uri, digest) : null;
    }

    private static SortedDictionary<string, string> ReadHyperparameters(ObjectNode lineage, NodeReader reader)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!lineage.Has("hyperparameters") || reader.Map(lineage["hyperparameters"], lineage.PathOf("hyperparameters"), "parameter names to scalar values") is not { } map)
            return result;
        foreach (var (key, node) in map)
        {
            var path = $"{lineage.PathOf("hyperparameters")}.{key}";
            if (key.Length == 0) reader.Error(path, "has an empty name; expected a parameter name");
            // Every scalar is kept as its text: hyperparameters are recorded, never computed with.
            else if (node is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                result[key] = v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString();
            else
                reader.Error(path, $"{NodeReader.Show(node)} is not a scalar; expected a string, number or boolean");
        }
        return result;
    }

    private static SortedDictionary<string, decimal> ReadMetrics(ObjectNode lineage, NodeReader reader)
    {
        var result = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        if (!lineage.Has("metrics") || reader.Map(lineage["metrics"], lineage.PathOf("metrics"), "metric names to numbers") is not { } map)
            return result;
        foreach (var (key, node) in map)
        {
            var path = $"{lineage.PathOf("metrics")}.{key}";
            if (key.Length == 0) reader.Error(path, "has an empty name; expected a metric name");
            else if (reader.Number(node, path, _ => true, "a number") is { } n) result[key] = n;
        }
        return result;
    }

    private static ApprovalSpec? ReadApproval(ObjectNode lineage, NodeReader reader)
    {
        if (reader.Object(lineage["approval"], lineage.PathOf("approval"), "an approval", ApprovalFields) is not { } approval) return null;
        var status = approval.Enum("status", required: true, ApprovalStatuses);
        var by = approval.String("by", required: false, "who approved: a person, group or board");
        var at = approval.Format("at", required: false, Formats.IsIsoDateOrDateTime, "a valid date", "an ISO date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm:ssZ)");
        return status is not null ? new ApprovalSpec(status, by, at) : null;
    }

    private static ServingSpec? ReadServing(ObjectNode model, NodeReader reader, IReadOnlyList<GpuPoolSpec>? pools)
    {
        if (!model.Has("serving")) return new ServingSpec();
        if (reader.Object(model["serving"], model.PathOf("serving"), "a serving spec", ServingFields) is not { } serving) return null;
        var replicas = serving.Int("replicas", 1, 100, defaultValue: 2);
        var (cpu, memory) = ReadResources(serving, reader);
        var gpus = serving.Int("gpus", 0, 16, defaultValue: 0);
        var gpuPool = serving.String("gpuPool", required: false, "the name of a pool declared in supplychain:gpuPools");
        if (pools is not null) CheckGpuPool(serving, reader, pools, gpus, gpuPool);
        var steps = serving.Has("canarySteps") ? ReadCanarySteps(serving, reader) : null;
        var pause = serving.Int("canaryPauseMinutes", 1, 1440, defaultValue: 5);
        var port = serving.Int("port", 1, 65535, defaultValue: 8080);
        return new ServingSpec(replicas ?? 2, cpu ?? "500m", memory ?? "1Gi", gpus ?? 0, gpuPool, steps, pause ?? 5, port ?? 8080);
    }

    private static (string? Cpu, string? Memory) ReadResources(ObjectNode serving, NodeReader reader)
    {
        if (!serving.Has("resources")) return ("500m", "1Gi");
        if (reader.Object(serving["resources"], serving.PathOf("resources"), "a resources spec", ResourceFields) is not { } resources) return (null, null);
        var cpu = resources.Has("cpu")
            ? resources.Format("cpu", required: false, Formats.IsCpuQuantity, "a valid CPU quantity", $"a Kubernetes CPU quantity greater than 0 and at most {Formats.MaxCpuCores} cores, such as 500m, 1 or 2.5")
            : "500m";
        string? memory = "1Gi";
        if (resources.Has("memory"))
        {
            memory = resources.Format("memory", required: false, Formats.IsMemoryQuantity, "a valid memory quantity", $"a Kubernetes memory quantity greater than 0 and at most {Formats.MaxMemory}, such as 512Mi or 4Gi");
            if (memory is not null && Formats.HasMilliSuffix(memory))
            {
                // "512m" is a valid quantity but means 0.512 bytes: always a mistake for memory.
                reader.Error(resources.PathOf("memory"), $"{NodeReader.Quote(memory)} means thousandths of a byte; expected a memory quantity such as {memory[..^1]}Mi");
                memory = null;
            }
        }
        return (cpu, memory);
    }

    private static void CheckGpuPool(ObjectNode serving, NodeReader reader, IReadOnlyList<GpuPoolSpec> pools, int? gpus, string? gpuPool)
    {
        if (gpuPool is not null)
        {
            var pool = pools.FirstOrDefault(p => p.Name == gpuPool);
            if (pool is null)
                reader.Error(serving.PathOf("gpuPool"), $"{NodeReader.Quote(gpuPool)} is not a declared GPU pool; expected one of {Names(pools.Select(p => p.Name))}{Suggestions.DidYouMean(gpuPool, pools.Select(p => p.Name))}");
            else if (gpus > pool.GpusPerNode)
                reader.Error(serving.PathOf("gpus"), $"{gpus} GPUs per pod exceed the {pool.GpusPerNode} GPU(s) per node of pool \"{pool.Name}\"; the pod could never be scheduled; expected at most {pool.GpusPerNode}");
        }
        else if (gpus > 0 && pools.Count == 0)
        {
            reader.Error(serving.PathOf("gpus"), $"{gpus} GPU(s) requested, but no GPU pool is declared; expected supplychain:gpuPools to declare at least one pool (and serving.gpuPool to name it)");
        }
        else if (gpus > 0 && GpuPoolSpec.DefaultServingPool(pools) is null)
        {
            reader.Error(serving.PathOf("gpus"), $"{gpus} GPU(s) requested without serving.gpuPool, and no inference pool is declared (the default); expected serving.gpuPool to name one of {Names(pools.Select(p => p.Name))}, or an inference pool in supplychain:gpuPools");
        }
        else if (gpus > 0 && GpuPoolSpec.DefaultServingPool(pools) is { } pool && gpus > pool.GpusPerNode)
        {
            reader.Error(serving.PathOf("gpus"), $"{gpus} GPUs per pod exceed the {pool.GpusPerNode} GPU(s) per node of pool \"{pool.Name}\" (the default: the first inference pool); the pod could never be scheduled; expected at most {pool.GpusPerNode}, or serving.gpuPool naming a larger pool");
        }
    }

    private static IReadOnlyList<int>? ReadCanarySteps(ObjectNode serving, NodeReader reader)
    {
        var path = serving.PathOf("canarySteps");
        if (reader.IntList(serving["canarySteps"], path, 1, 99) is not { } steps) return null;
        for (var i = 1; i < steps.Count; i++)
        {
            if (steps[i] > steps[i - 1]) continue;
            reader.Error(path, $"[{string.Join(", ", steps)}] is not strictly increasing; expected increasing traffic percentages from 1 to 99, e.g. [10, 50]");
            return null;
        }
        return steps;
    }

    private static string Names(IEnumerable<string> names) =>
        names.Any() ? string.Join(", ", names) : "(none declared)";
}
