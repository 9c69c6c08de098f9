using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Supplychain.Components.Domain.Evaluation;

/// <summary>
/// The evidence an <c>evaluate</c> run leaves: which artifact was scored on which dataset, the metrics it reached
/// (overall, per slice, with bootstrap intervals), the gates it was held to and the verdict. Versioned by
/// <see cref="Schema"/>; documented in docs/evaluation.md. It lives in the domain because three layers share it:
/// the evaluation project writes it, the lineage policies judge it, the ML-BOM carries it.
/// </summary>
public sealed record EvaluationRecord
{
    public const string CurrentSchema = "supplychain.dev/evaluation-record/v1";
    public const string Passed = "passed";
    public const string Failed = "failed";

    public string Schema { get; init; } = CurrentSchema;
    public required ToolInfo Tool { get; init; }
    public required ModelInfo Model { get; init; }
    /// <summary>binary | multiclass | regression | ranking.</summary>
    public required string Task { get; init; }
    /// <summary>The scored artifact; null when a predictions file was evaluated instead.</summary>
    public FileEvidence? Artifact { get; init; }
    public required FileEvidence Dataset { get; init; }
    /// <summary>The predictions file evaluated instead of a model; null when the model was scored.</summary>
    public FileEvidence? Predictions { get; init; }
    public required ColumnInfo Columns { get; init; }
    public required long Rows { get; init; }
    public required SortedDictionary<string, double> Metrics { get; init; }
    public required BootstrapInfo Bootstrap { get; init; }
    public required SortedDictionary<string, Interval> Intervals { get; init; }
    public required IReadOnlyList<SliceMetrics> Slices { get; init; }
    /// <summary>Per metric, the largest difference between two slices of one column (the fairness gap).</summary>
    public required SortedDictionary<string, SliceGap> Gaps { get; init; }
    public required Thresholds Thresholds { get; init; }
    public required IReadOnlyList<GateResult> Gates { get; init; }
    /// <summary><c>passed</c> when every gate passed, else <c>failed</c>.</summary>
    public required string Verdict { get; init; }

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // Records are read by people too: keep '>' and quotes readable (the output is a file, never HTML).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // Reading uses the same options with serializer metadata generated at build time (no reflection: the compiler runs Native AOT).
    private static readonly JsonTypeInfo<EvaluationRecord> ReadInfo = new EvaluationRecordJson(new JsonSerializerOptions(JsonOptions)).EvaluationRecord;

    /// <summary>The record as UTF-8 JSON with a final newline: the bytes whose sha256 a model's lineage declares.</summary>
    public byte[] ToJsonBytes()
    {
        var text = JsonSerializer.Serialize(this, JsonOptions).ReplaceLineEndings("\n") + "\n";
        return System.Text.Encoding.UTF8.GetBytes(text);
    }

    /// <summary>Parses a record; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static EvaluationRecord Parse(ReadOnlySpan<byte> json)
    {
        EvaluationRecord? record;
        try { record = JsonSerializer.Deserialize(json, ReadInfo); }
        catch (JsonException e) { throw new FormatException($"not a valid evaluation record: {e.Message}", e); }
        if (record is null) throw new FormatException("not a valid evaluation record: the document is null");
        if (record.Schema != CurrentSchema)
            throw new FormatException($"schema '{record.Schema}' is not supported; expected '{CurrentSchema}'");
        return record;
    }
}

public sealed record ToolInfo(string Name, string Version);

public sealed record ModelInfo(string? Name, string? Version);

/// <summary>A file the evaluation read: its name (no directories, so the record does not depend on where it ran), format and sha256.</summary>
public sealed record FileEvidence(string Name, string Format, string Digest);

public sealed record ColumnInfo(string Label, string? Group, IReadOnlyList<string> Slices);

public sealed record BootstrapInfo(int Replicates, int Seed, double Confidence);

public sealed record Interval(double Lower, double Upper)
{
    [JsonIgnore]
    public double Width => Upper - Lower;
}

public sealed record SliceMetrics(string Column, string Value, long Rows, SortedDictionary<string, double> Metrics);

public sealed record SliceGap(double Gap, string Column, string Lowest, string Highest);

/// <summary>The gates the run applied, by metric: at least, at most, largest slice gap, widest interval.</summary>
public sealed record Thresholds(
    SortedDictionary<string, double> Minimum,
    SortedDictionary<string, double> Maximum,
    SortedDictionary<string, double> MaxSliceGap,
    SortedDictionary<string, double> MaxIntervalWidth)
{
    public static Thresholds None() => new(new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal));
    [JsonIgnore]
    public bool IsEmpty => Minimum.Count + Maximum.Count + MaxSliceGap.Count + MaxIntervalWidth.Count == 0;
}

/// <summary>One gate: kind (minimum, maximum, maxSliceGap, maxIntervalWidth), metric, threshold, what was observed.</summary>
public sealed record GateResult(string Gate, string Metric, double Threshold, double? Observed, bool Passed, string Message);

[JsonSerializable(typeof(EvaluationRecord))]
internal sealed partial class EvaluationRecordJson : JsonSerializerContext;
