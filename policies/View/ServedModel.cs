using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Supplychain.Components.Domain;
using Supplychain.Components.Model;

namespace Supplychain.Policies.View;

/// <summary>
/// A workload that serves a model: any Kubernetes workload carrying the <c>supplychain.dev/model</c> label, or
/// named <c>model-*</c> (so a Rollout that lost its labels is still judged, not skipped). Lineage is read from
/// the pod template's labels and annotations (what the running pods carry), else the workload's own metadata.
/// </summary>
public sealed partial record ServedModel(ResourceView Workload, PodTemplate? Template)
{
    public const string NamePrefix = "model-";

    public static bool IsServing(ResourceView r)
    {
        if (!r.IsKubernetes || !Workloads.IsWorkload(r)) return false;
        var t = Workloads.TemplateOf(r);
        return Workloads.Entry(t?.Labels, Labels.Model) is not null
               || Workloads.Entry(r.Properties.At("metadata.labels") as MapValue, Labels.Model) is not null
               || Workloads.NameOf(r)?.StartsWith(NamePrefix, StringComparison.Ordinal) == true;
    }

    public static ServedModel Of(ResourceView r) => new(r, Workloads.TemplateOf(r));

    public static IEnumerable<ServedModel> In(StackView stack) => stack.Resources.Where(IsServing).Select(Of);

    /// <summary>The served model's name: its label, else the workload name without <c>model-</c>.</summary>
    public string? ModelName =>
        Label(Labels.Model)
        ?? (Workloads.NameOf(Workload) is { } n && n.StartsWith(NamePrefix, StringComparison.Ordinal) ? n[NamePrefix.Length..] : null);

    private MapValue? OwnLabels => Workload.Properties.At("metadata.labels") as MapValue;
    private MapValue? OwnAnnotations => Workload.Properties.At("metadata.annotations") as MapValue;

    public Value? LabelValue(string key) => Workloads.Entry(Template?.Labels, key) ?? Workloads.Entry(OwnLabels, key);
    public Value? AnnotationValue(string key) => Workloads.Entry(Template?.Annotations, key) ?? Workloads.Entry(OwnAnnotations, key);
    public string? Label(string key) => Workloads.Text(Template?.Labels, key) ?? Workloads.Text(OwnLabels, key);
    public string? Annotation(string key) => Workloads.Text(Template?.Annotations, key) ?? Workloads.Text(OwnAnnotations, key);

    public string LabelPath(string key) => $"{Template?.MetadataPath ?? "metadata"}.labels[\"{key}\"]";
    public string AnnotationPath(string key) => $"{Template?.MetadataPath ?? "metadata"}.annotations[\"{key}\"]";

    /// <summary>True when an annotation is a reference resolved at deploy time (accepted: it cannot be judged before).</summary>
    public bool IsComputed(string annotation) => AnnotationValue(annotation) is { IsComputed: true };

    public IEnumerable<ContainerRef> Containers() => Template?.Containers() ?? [];

    /// <summary>The metrics annotation as name → value; null when absent, <paramref name="error"/> set when not a JSON object of numbers.</summary>
    public IReadOnlyDictionary<string, decimal>? Metrics(out string? error)
    {
        error = null;
        if (Annotation(Labels.Metrics) is not { } json) return null;
        // Three lineage policies read the same annotation of every served model: parse each annotation text once.
        var parsed = ParsedMetrics.GetValue(json, text => new MetricsText(ParseMetrics(text, out var e), e));
        error = parsed.Error;
        return parsed.Metrics;
    }

    private sealed record MetricsText(IReadOnlyDictionary<string, decimal>? Metrics, string? Error);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<string, MetricsText> ParsedMetrics = new();

    public static IReadOnlyDictionary<string, decimal>? ParseMetrics(string? json, out string? error)
    {
        error = null;
        if (json is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) { error = "is not a JSON object"; return null; }
            var metrics = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDecimal(out var d)) metrics[p.Name] = d;
                else if (p.Value.ValueKind == JsonValueKind.String && decimal.TryParse(p.Value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s)) metrics[p.Name] = s;
                else { error = $"metric '{p.Name}' is not a number"; return null; }
            }
            return metrics;
        }
        catch (JsonException e)
        {
            error = "is not valid JSON: " + e.Message;
            return null;
        }
    }

    public static bool IsSha256(string? digest) => digest is not null && Sha256().IsMatch(digest);
    public static bool IsCommit(string? commit) => commit is not null && Commit().IsMatch(commit);

    [GeneratedRegex("^sha256:[0-9a-f]{64}\\z")]
    private static partial Regex Sha256();

    [GeneratedRegex("^[0-9a-f]{40}\\z")]
    private static partial Regex Commit();
}
