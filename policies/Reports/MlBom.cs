using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Lineage;

namespace Supplychain.Policies.Reports;

/// <summary>
/// <c>mlbom.cdx.json</c>: a CycloneDX 1.5 ML-BOM of the stack's served models, for the auditor's evidence package.
/// Each model is a <c>machine-learning-model</c> component (name, version, SHA-256 of its artifact, the artifact URI,
/// a model card with its datasets and metrics, and lineage properties: dataset digest and version, training run, code
/// commit, approval). Each dataset is a <c>data</c> component hashed by its digest; each serving image a
/// <c>container</c> component hashed by its image digest. Dependencies: image → model → dataset. Property names use the
/// <c>supplychain:</c> namespace. Deterministic: the same inputs give the same bytes (the serial number derives from them).
/// </summary>
public static class MlBom
{
    public const string FileName = "mlbom.cdx.json";
    public const string SpecVersion = "1.5";

    private static readonly JsonWriterOptions Options = new() { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="spec">The stack's declared supply chain (models with lineage).</param>
    /// <param name="resources">The judged resources, to name the workload serving each model (null when not known).</param>
    /// <param name="generatedAt">The BOM timestamp.</param>
    /// <param name="evidence">Extra metadata properties (report digest, config digest, audit source), written in order.</param>
    public static string Write(SupplyChainSpec spec, IReadOnlyList<ResourceView>? resources, DateTimeOffset generatedAt,
        IReadOnlyList<(string Name, string Value)> evidence)
    {
        var servedBy = new Dictionary<string, string>(StringComparer.Ordinal);
        if (resources is not null)
        {
            var stack = new StackView(spec.Stack, resources, spec, PolicyConfig.Default);
            foreach (var served in ServedModel.In(stack))
                if (served.ModelName is { } name) servedBy.TryAdd(name, served.Workload.Name);
        }

        var timestamp = generatedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("$schema", "http://cyclonedx.org/schema/bom-1.5.schema.json");
            w.WriteString("bomFormat", "CycloneDX");
            w.WriteString("specVersion", SpecVersion);
            w.WriteString("serialNumber", SerialNumber(spec, timestamp, evidence));
            w.WriteNumber("version", 1);

            w.WriteStartObject("metadata");
            w.WriteString("timestamp", timestamp);
            w.WriteStartObject("tools");
            w.WriteStartArray("components");
            w.WriteStartObject();
            w.WriteString("type", "application");
            w.WriteString("name", "supplychain");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("component");
            w.WriteString("type", "application");
            w.WriteString("bom-ref", $"stack:{spec.Stack.StackName}");
            w.WriteString("name", $"supplychain/{spec.Stack.StackName}");
            w.WriteString("description", $"The {spec.Stack.StackName} stack ({spec.Stack.EnvironmentName}, {spec.Stack.TargetName}) and the models it serves");
            w.WriteEndObject();
            WriteProperties(w, [
                ("supplychain:stack", spec.Stack.StackName),
                ("supplychain:environment", spec.Stack.EnvironmentName),
                ("supplychain:target", spec.Stack.TargetName),
                ("supplychain:owner", spec.Stack.Owner),
                ("supplychain:cost-center", spec.Stack.CostCenter),
                ("supplychain:data-classification", spec.Stack.DataClassification),
                .. evidence,
            ]);
            w.WriteEndObject();

            var datasets = new SortedDictionary<string, (string? Digest, string? Version)>(StringComparer.Ordinal);
            var dependencies = new List<(string Ref, List<string> DependsOn)>();
            w.WriteStartArray("components");
            foreach (var model in spec.Models.OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                var modelRef = ModelRef(model);
                var datasetRef = DatasetRef(model.Lineage);
                if (datasetRef is not null) datasets.TryAdd(datasetRef, (model.Lineage!.DatasetDigest, model.Lineage.DatasetVersion));
                WriteModel(w, model, modelRef, datasetRef, servedBy.GetValueOrDefault(model.Name));
                dependencies.Add((modelRef, datasetRef is null ? [] : [datasetRef]));

                var imageRef = $"image:{model.Image}";
                WriteImage(w, model, imageRef);
                dependencies.Add((imageRef, [modelRef]));
            }
            foreach (var (datasetRef, (digest, version)) in datasets)
            {
                w.WriteStartObject();
                w.WriteString("type", "data");
                w.WriteString("bom-ref", datasetRef);
                w.WriteString("name", version ?? datasetRef["dataset:".Length..]);
                if (version is not null) w.WriteString("version", version);
                WriteHashes(w, digest);
                w.WriteStartArray("data");
                w.WriteStartObject();
                w.WriteString("type", "dataset");
                w.WriteString("name", version ?? datasetRef["dataset:".Length..]);
                w.WriteString("classification", spec.Stack.DataClassification);
                w.WriteEndObject();
                w.WriteEndArray();
                WriteProperties(w, [("supplychain:dataset-digest", digest ?? "")]);
                w.WriteEndObject();
            }
            foreach (var datasetRef in datasets.Keys) dependencies.Add((datasetRef, []));
            w.WriteEndArray();

            w.WriteStartArray("dependencies");
            foreach (var (reference, dependsOn) in dependencies.OrderBy(d => d.Ref, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("ref", reference);
                w.WriteStartArray("dependsOn");
                foreach (var d in dependsOn) w.WriteStringValue(d);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteModel(Utf8JsonWriter w, ModelSpec model, string modelRef, string? datasetRef, string? servedBy)
    {
        var lineage = model.Lineage;
        w.WriteStartObject();
        w.WriteString("type", "machine-learning-model");
        w.WriteString("bom-ref", modelRef);
        w.WriteString("group", model.Team);
        w.WriteString("name", model.Name);
        w.WriteString("version", model.Version);
        WriteHashes(w, model.Artifact.Digest);
        w.WriteStartArray("externalReferences");
        w.WriteStartObject();
        w.WriteString("type", "distribution");
        w.WriteString("url", model.Artifact.Uri);
        w.WriteString("comment", "the trained model artifact");
        WriteHashes(w, model.Artifact.Digest);
        w.WriteEndObject();
        if (lineage?.Evaluation is { } evaluation)
        {
            w.WriteStartObject();
            w.WriteString("type", "evidence");
            w.WriteString("url", evaluation.Uri);
            w.WriteString("comment", "the evaluation record (supplychain evaluate) behind the model card's quantitative analysis");
            WriteHashes(w, evaluation.Digest);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartObject("modelCard");
        w.WriteStartObject("modelParameters");
        w.WriteStartArray("datasets");
        if (datasetRef is not null)
        {
            w.WriteStartObject();
            w.WriteString("ref", datasetRef);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("quantitativeAnalysis");
        w.WriteStartArray("performanceMetrics");
        if (VerifiedRecord(lineage) is { } record) MlBomEvaluation.WriteMetrics(w, record);
        else
            foreach (var (name, value) in (lineage?.Metrics ?? new Dictionary<string, decimal>()).OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("type", name);
                w.WriteString("value", value.ToString(CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }
        w.WriteEndArray();
        w.WriteEndObject();
        WriteProperties(w, (lineage?.Hyperparameters ?? new Dictionary<string, string>())
            .OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => ($"supplychain:hyperparameter:{h.Key}", h.Value)).ToList());
        w.WriteEndObject();

        var properties = new List<(string, string)>
        {
            ("supplychain:artifact-uri", model.Artifact.Uri),
            ("supplychain:artifact-digest", model.Artifact.Digest),
            ("supplychain:image", model.Image),
            ("supplychain:team", model.Team),
        };
        void Add(string name, string? value) { if (!string.IsNullOrEmpty(value)) properties.Add((name, value)); }
        Add("supplychain:dataset-digest", lineage?.DatasetDigest);
        Add("supplychain:dataset-version", lineage?.DatasetVersion);
        Add("supplychain:training-run", lineage?.TrainingRun);
        Add("supplychain:code-commit", lineage?.CodeCommit);
        Add("supplychain:approval-status", lineage?.Approval?.Status ?? "undeclared");
        Add("supplychain:approved-by", lineage?.Approval?.By);
        Add("supplychain:approved-at", lineage?.Approval?.At);
        Add("supplychain:served-by", servedBy);
        Add("supplychain:evaluation-digest", lineage?.Evaluation?.Digest);
        Add("supplychain:evaluation-verdict", VerifiedRecord(lineage)?.Verdict ?? (lineage?.Evaluation is not null ? "unverified" : null));
        WriteProperties(w, properties);
        w.WriteEndObject();
    }

    /// <summary>The cited record, only when it was read and matches its declared digest (LIN014): unverified evidence is never reported as measured.</summary>
    private static Components.Domain.Evaluation.EvaluationRecord? VerifiedRecord(LineageSpec? lineage) =>
        lineage?.Evaluation is { Evidence: { Record: { } record, ActualDigest: { } actual } } e && actual == e.Digest ? record : null;

    private static void WriteImage(Utf8JsonWriter w, ModelSpec model, string imageRef)
    {
        var at = model.Image.IndexOf('@');
        var repository = at >= 0 ? model.Image[..at] : model.Image;
        var tagAt = repository.LastIndexOf(':');
        var tag = tagAt > repository.LastIndexOf('/') ? repository[(tagAt + 1)..] : null;
        var name = tag is null ? repository : repository[..tagAt];
        w.WriteStartObject();
        w.WriteString("type", "container");
        w.WriteString("bom-ref", imageRef);
        w.WriteString("name", name);
        if (tag is not null) w.WriteString("version", tag);
        WriteHashes(w, at >= 0 ? model.Image[(at + 1)..] : null);
        WriteProperties(w, [("supplychain:image", model.Image), ("supplychain:serves-model", $"{model.Name}@{model.Version}")]);
        w.WriteEndObject();
    }

    /// <summary>A <c>sha256:&lt;hex&gt;</c> digest as a CycloneDX hash; anything else is left out (the properties still name it).</summary>
    private static void WriteHashes(Utf8JsonWriter w, string? digest)
    {
        w.WriteStartArray("hashes");
        if (digest is not null && digest.StartsWith("sha256:", StringComparison.Ordinal) && digest.Length == 71
            && digest[7..].All(char.IsAsciiHexDigit))
        {
            w.WriteStartObject();
            w.WriteString("alg", "SHA-256");
            w.WriteString("content", digest[7..].ToLowerInvariant());
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteProperties(Utf8JsonWriter w, IReadOnlyList<(string Name, string Value)> properties)
    {
        w.WriteStartArray("properties");
        foreach (var (name, value) in properties)
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("value", value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static string ModelRef(ModelSpec m) => $"model:{m.Name}@{m.Version}";

    private static string? DatasetRef(LineageSpec? l) =>
        l?.DatasetDigest is { Length: > 0 } d ? $"dataset:{d}" : l?.DatasetVersion is { Length: > 0 } v ? $"dataset:{v}" : null;

    /// <summary>An RFC 4122 version-5-style UUID from the BOM's content, so the same evidence has the same serial number.</summary>
    private static string SerialNumber(SupplyChainSpec spec, string timestamp, IReadOnlyList<(string Name, string Value)> evidence)
    {
        var text = string.Join("\n", new[] { spec.Stack.StackName, timestamp }.Concat(evidence.Select(e => e.Name + "=" + e.Value))
            .Concat(spec.Models.Select(m => $"{m.Name}@{m.Version}:{m.Artifact.Digest}")));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(hash.AsSpan(0, 16));
        return $"urn:uuid:{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
    }
}
