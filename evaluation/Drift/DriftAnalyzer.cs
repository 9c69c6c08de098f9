using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Supplychain.Evaluation.Data;

namespace Supplychain.Evaluation.Drift;

public sealed record DriftRequest
{
    public required string Reference { get; init; }
    public required string Current { get; init; }
    public string? Model { get; init; }
    /// <summary>Features to compare; empty means every column of the reference except <see cref="Exclude"/>.</summary>
    public IReadOnlyList<string> Features { get; init; } = [];
    public IReadOnlyList<string> Exclude { get; init; } = [];
    /// <summary>Columns read as categories even when their values are numbers (codes, ids).</summary>
    public IReadOnlyList<string> Categorical { get; init; } = [];
    /// <summary>The drift score (PSI) above which a feature drifted, unless <see cref="Thresholds"/> names it.</summary>
    public double DefaultThreshold { get; init; } = 0.2;
    public IReadOnlyDictionary<string, double> Thresholds { get; init; } = new Dictionary<string, double>();
    /// <summary>The largest allowed change of a feature's missing rate (absolute, 0..1).</summary>
    public double MaxMissingRateChange { get; init; } = 0.1;
    public int Bins { get; init; } = 10;
    public int Seed { get; init; } = 42;
}

public sealed record DriftSample(string Name, string Format, string Digest, long Rows);

public sealed record MissingRates(double Reference, double Current, double Change);

/// <summary>One feature's comparison. <see cref="Score"/> is the PSI, the value exported as <c>model_data_drift_score</c>.</summary>
public sealed record FeatureDrift(string Feature, string Kind, double Score, double? Ks, double? ChiSquare, MissingRates Missing, double Threshold, bool Drifted, IReadOnlyList<string> Reasons);

public sealed record SchemaChange(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> TypeChanged)
{
    [JsonIgnore]
    public bool Any => Added.Count + Removed.Count + TypeChanged.Count > 0;
}

/// <summary>The drift report (JSON schema <see cref="CurrentSchema"/>, documented in docs/evaluation.md).</summary>
public sealed record DriftReport(string Schema, string? Model, DriftSample Reference, DriftSample Current, int Bins, IReadOnlyList<FeatureDrift> Features, SchemaChange SchemaChange, bool Drifted)
{
    public const string CurrentSchema = "supplychain.dev/drift-report/v1";
    public const string MetricName = "model_data_drift_score";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // Reports are read by people too: keep '>' and quotes readable (the output is a file, never HTML).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options).ReplaceLineEndings("\n") + "\n";

    /// <summary>Prometheus text exposition: the per-feature drift score the model's drift alert rule reads.</summary>
    public string ToPrometheus()
    {
        var model = Escape(Model ?? "");
        var text = new StringBuilder();
        text.Append($"# HELP {MetricName} Population stability index of a feature between the reference and the current sample.\n");
        text.Append($"# TYPE {MetricName} gauge\n");
        foreach (var f in Features)
            text.Append($"{MetricName}{{model=\"{model}\",feature=\"{Escape(f.Feature)}\"}} {f.Score.ToString("R", CultureInfo.InvariantCulture)}\n");
        text.Append("# HELP model_data_drift_schema_changes Columns added, removed or retyped between the reference and the current sample.\n");
        text.Append("# TYPE model_data_drift_schema_changes gauge\n");
        text.Append($"model_data_drift_schema_changes{{model=\"{model}\"}} {SchemaChange.Added.Count + SchemaChange.Removed.Count + SchemaChange.TypeChanged.Count}\n");
        return text.ToString();
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}

/// <summary>
/// <c>drift</c>: compares a current sample with the reference, feature by feature, in one streamed pass over each file.
/// Numeric features: PSI on the reference's quantile bins and the KS statistic. Categorical: PSI over categories and
/// the chi-square statistic. Every feature: missing-rate change. The table: columns added, removed or retyped.
/// </summary>
public static class DriftAnalyzer
{
    public static DriftReport Run(DriftRequest request)
    {
        if (request.Bins is < 2 or > 100) throw new EvaluationInputException($"--bins {request.Bins} is out of range; expected 2 to 100");
        if (request.DefaultThreshold <= 0) throw new EvaluationInputException($"--threshold {request.DefaultThreshold} must be greater than 0");
        var reference = TableSource.Open(request.Reference, request.Categorical.ToHashSet(StringComparer.Ordinal));
        var current = TableSource.Open(request.Current, request.Categorical.ToHashSet(StringComparer.Ordinal));
        foreach (var f in request.Features.Concat(request.Thresholds.Keys).Concat(request.Categorical).Distinct())
            reference.IndexOf(f, "feature");

        var schema = CompareSchemas(reference, current);
        var features = (request.Features.Count > 0 ? request.Features : reference.Columns.Select(c => c.Name))
            .Where(f => !request.Exclude.Contains(f) && reference.Columns.First(c => c.Name == f).Kind != ColumnKind.Unsupported)
            .ToList();
        var comparable = features.Where(f => current.Columns.Any(c => c.Name == f && c.Kind == reference.Columns.First(r => r.Name == f).Kind)).ToList();
        var referenceProfiles = FeatureProfile.Read(reference, comparable, request.Seed);
        var currentProfiles = FeatureProfile.Read(current, comparable, request.Seed);

        var results = comparable.Select(f => Compare(request, referenceProfiles[f], currentProfiles[f])).ToList();
        var referenceRows = referenceProfiles.Values.FirstOrDefault()?.Rows ?? 0;
        var currentRows = currentProfiles.Values.FirstOrDefault()?.Rows ?? 0;
        return new DriftReport(DriftReport.CurrentSchema, request.Model,
            new DriftSample(reference.FileName, reference.Format, TableSource.Digest(reference.Path), referenceRows),
            new DriftSample(current.FileName, current.Format, TableSource.Digest(current.Path), currentRows),
            request.Bins, results, schema, schema.Any || results.Any(r => r.Drifted));
    }

    private static SchemaChange CompareSchemas(TableSource reference, TableSource current)
    {
        var added = current.Columns.Where(c => reference.Columns.All(r => r.Name != c.Name)).Select(c => c.Name).ToList();
        var removed = reference.Columns.Where(r => current.Columns.All(c => c.Name != r.Name)).Select(r => r.Name).ToList();
        var retyped = reference.Columns
            .Where(r => current.Columns.FirstOrDefault(c => c.Name == r.Name) is { } c && c.Kind != r.Kind)
            .Select(r => $"{r.Name} ({Kind(r.Kind)} -> {Kind(current.Columns.First(c => c.Name == r.Name).Kind)})").ToList();
        return new SchemaChange(added, removed, retyped);
    }

    private static string Kind(ColumnKind kind) => kind switch { ColumnKind.Number => "numeric", ColumnKind.Text => "categorical", _ => "unsupported" };

    private static FeatureDrift Compare(DriftRequest request, FeatureProfile reference, FeatureProfile current)
    {
        double psi;
        double? ks = null, chi = null;
        if (reference.Kind == ColumnKind.Number)
        {
            var r = reference.SortedValues();
            var c = current.SortedValues();
            var edges = DriftStatistics.QuantileEdges(r, request.Bins);
            psi = DriftStatistics.Psi(DriftStatistics.BinFractions(r, edges), DriftStatistics.BinFractions(c, edges));
            ks = Math.Round(DriftStatistics.KolmogorovSmirnov(r, c), 6);
        }
        else
        {
            var categories = reference.Categories.Keys.Union(current.Categories.Keys).Order(StringComparer.Ordinal).ToList();
            double Fraction(FeatureProfile p, string k) => p.Categories.Values.Sum() is var n and > 0 ? (double)p.Categories.GetValueOrDefault(k) / n : 0;
            var rf = categories.Select(k => Fraction(reference, k)).ToList();
            psi = DriftStatistics.Psi(rf, categories.Select(k => Fraction(current, k)).ToList());
            chi = Math.Round(DriftStatistics.ChiSquare(rf, categories.Select(k => current.Categories.GetValueOrDefault(k)).ToList()), 6);
        }
        psi = Math.Round(psi, 6);
        var missing = new MissingRates(Math.Round(reference.MissingRate, 6), Math.Round(current.MissingRate, 6),
            Math.Round(current.MissingRate - reference.MissingRate, 6));
        var threshold = request.Thresholds.TryGetValue(reference.Name, out var t) ? t : request.DefaultThreshold;
        var reasons = new List<string>();
        if (psi > threshold) reasons.Add($"PSI {psi.ToString(CultureInfo.InvariantCulture)} > {threshold.ToString(CultureInfo.InvariantCulture)}");
        if (Math.Abs(missing.Change) > request.MaxMissingRateChange)
            reasons.Add($"missing rate {missing.Reference.ToString(CultureInfo.InvariantCulture)} -> {missing.Current.ToString(CultureInfo.InvariantCulture)}");
        return new FeatureDrift(reference.Name, Kind(reference.Kind), psi, ks, chi, missing, threshold, reasons.Count > 0, reasons);
    }
}
