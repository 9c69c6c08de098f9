using System.Text.Json;

namespace Supplychain.Policies.Importers;

/// <summary>
/// Reads every shape the Pulumi engine writes, as a stream (<see cref="JsonPathStream"/>): <c>pulumi preview --json</c>
/// (its <c>steps</c>, <c>changeSummary</c>, <c>diagnostics</c>), <c>pulumi stack export</c> (deployment v3 and v4), a backend
/// checkpoint (<c>checkpoint.latest</c>), and engine event logs as one JSON document (<c>events</c>) or as JSON lines. Empty
/// arrays are left out by the engine, so a destroyed stack or a failed preview is read as an empty input, not refused.
/// Resources become the neutral views the packs judge (<see cref="EngineResources"/>).
/// </summary>
public static class EngineImporter
{
    public const string StackType = EngineResources.StackType;
    public const string ProviderTypePrefix = EngineResources.ProviderTypePrefix;

    private static readonly HashSet<string> PreviewKeys = new(StringComparer.Ordinal) { "steps", "changeSummary", "diagnostics", "duration", "config", "maybeCorrupt" };

    public static EngineImport ReadFile(EngineFormat format, string path, IEngineResourceSink? sink = null)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            return Read(format, stream, path, sink: sink);
        }
        catch (IOException e) { throw new EngineImportException(path, null, null, null, $"cannot read the file: {e.Message}"); }
        catch (UnauthorizedAccessException e) { throw new EngineImportException(path, null, null, null, $"cannot read the file: {e.Message}"); }
    }

    /// <param name="sink">
    /// Streaming: each judged resource's and explicit or default provider's view goes to the sink as soon as it is read, and
    /// the import keeps none (its lists are empty, its counts complete). <see cref="EngineImport.StreamRevisited"/> says
    /// when a URN's state came again after its view went (an event log's outputs after its pre-event), which the sink
    /// cannot take back: the caller then reads the input again without a sink.
    /// </param>
    public static EngineImport Read(EngineFormat format, Stream stream, string sourceName, int windowSize = 1 << 20, IEngineResourceSink? sink = null)
    {
        var builder = new EngineResources(format, sink);
        var events = new EventReader(builder);
        string? version = null;
        var handlers = new Dictionary<string, Action<JsonElement>>(StringComparer.Ordinal)
        {
            ["version"] = e => version = e.ValueKind == JsonValueKind.Number ? e.GetRawText() : e.ToString(),
            ["changeSummary"] = builder.Summary,
            ["diagnostics[]"] = builder.Diagnostic,
            ["deployment.manifest"] = builder.Manifest,
            ["deployment.pending_operations[]"] = builder.Pending,
            ["checkpoint.latest.manifest"] = builder.Manifest,
            ["checkpoint.latest.pending_operations[]"] = builder.Pending,
            ["events[]"] = events.Event,
            [JsonPathStream.LinesPath] = events.Event,
        };
        // The resources are most of a file: read in one pass, without a document per resource.
        var readers = new Dictionary<string, IValueReader>(StringComparer.Ordinal)
        {
            ["steps[]"] = builder.Steps,
            ["deployment.resources[]"] = builder.Resources,
            ["checkpoint.latest.resources[]"] = builder.Resources,
        };
        var walker = new JsonPathStream(stream, sourceName, handlers, EventReader.StartsEvent, windowSize, readers);
        walker.Run();

        var names = walker.TopLevelNames;
        EngineShape shape;
        if (walker.IsLines) shape = EngineShape.EventsLines;
        else if (names.Contains("events")) shape = EngineShape.EventsJson;
        else if (names.Contains("checkpoint")) shape = EngineShape.Checkpoint;
        else if (names.Contains("deployment")) shape = EngineShape.Export;
        else if (names.Overlaps(PreviewKeys)) shape = EngineShape.PreviewJson;
        else if (walker.Documents == 0) throw new EngineImportException(sourceName, null, null, null, "the file is empty: expected the output of `pulumi preview --json`, `pulumi stack export`, a backend checkpoint or an engine event log");
        else throw new EngineImportException(sourceName, null, null, null,
            "not Pulumi engine output: expected `steps` (`pulumi preview --json`), `deployment` (`pulumi stack export`), `checkpoint` (a backend's stack file) or `events` / JSON lines (an engine event log)" +
            (names.Count > 0 ? $"; the top-level keys are {string.Join(", ", names.Order(StringComparer.Ordinal).Take(8))}" : ""));

        var isState = shape is EngineShape.Export or EngineShape.Checkpoint;
        if (format == EngineFormat.State && !isState)
            throw new EngineImportException(sourceName, null, null, null, $"this is {Article(shape)}, not the output of `pulumi stack export`: pass it with --preview");
        if (format == EngineFormat.Preview && isState)
            throw new EngineImportException(sourceName, null, null, null, $"this is {Article(shape)}, not the output of `pulumi preview --json`: pass it with --state");

        int? deploymentVersion = null;
        if (isState)
        {
            if (version is null) throw new EngineImportException(sourceName, null, null, null, "no top-level `version`: a `pulumi stack export` writes `\"version\": 3` or `4`");
            if (version is not ("3" or "4"))
                throw new EngineImportException(sourceName, null, null, null, $"deployment version {version} is not supported (3 and 4 are): export the stack again with a current Pulumi CLI (`pulumi stack export`)");
            deploymentVersion = int.Parse(version, System.Globalization.CultureInfo.InvariantCulture);
        }
        var import = builder.Build(sourceName, shape, deploymentVersion, events.IsPreview);
        return sink is null ? import : import with { Streamed = true, StreamRevisited = builder.Revisited };
    }

    /// <summary>The name part of a URN: everything after its third <c>::</c> (a name may itself hold <c>::</c>).</summary>
    public static string NameOf(string urn) => EngineResources.NameOf(urn);

    private static string Article(EngineShape shape) => shape switch
    {
        EngineShape.PreviewJson => "a `pulumi preview --json` output",
        EngineShape.Export => "a `pulumi stack export` output",
        EngineShape.Checkpoint => "a backend checkpoint (a stack's state file)",
        _ => "an engine event log",
    };

    /// <summary>Engine events: resource steps become steps, the summary the change summary, diagnostics and policy events are kept.</summary>
    private sealed class EventReader(EngineResources builder)
    {
        public bool IsPreview { get; private set; }

        /// <summary>The first key of an engine event: JSON lines start with the event's sequence or timestamp.</summary>
        public static bool StartsEvent(string firstKey) =>
            firstKey is "sequence" or "timestamp" || firstKey.EndsWith("Event", StringComparison.Ordinal);

        public void Event(JsonElement e)
        {
            if (e.ValueKind != JsonValueKind.Object) throw new FormatException("an engine event is not a JSON object");
            if (e.TryGetProperty("resOutputsEvent", out var outputs)) StepOf(outputs);
            else if (e.TryGetProperty("resourcePreEvent", out var pre)) StepOf(pre);
            else if (e.TryGetProperty("diagnosticEvent", out var d)) { builder.OtherEvent(); builder.Diagnostic(d); }
            else if (e.TryGetProperty("policyEvent", out var p)) { builder.OtherEvent(); builder.PolicyEvent(p); }
            else if (e.TryGetProperty("summaryEvent", out var s))
            {
                builder.OtherEvent();
                if (s.TryGetProperty("resourceChanges", out var changes)) builder.Summary(changes);
                IsPreview = s.TryGetProperty("isPreview", out var ip) && ip.ValueKind == JsonValueKind.True;
            }
            else builder.OtherEvent();
        }

        private void StepOf(JsonElement evt)
        {
            if (!evt.TryGetProperty("metadata", out var m) || m.ValueKind != JsonValueKind.Object) throw new FormatException("a resource event has no 'metadata'");
            builder.Step(m);
        }
    }
}
