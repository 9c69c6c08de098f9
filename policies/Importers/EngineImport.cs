using Supplychain.Components.Model;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Importers;

/// <summary>What the user passed a file as: a preview (steps, or an engine event log) or a deployed state.</summary>
public enum EngineFormat { Preview, State }

/// <summary>The shape a file turned out to have.</summary>
public enum EngineShape
{
    /// <summary><c>pulumi preview --json</c>: <c>steps</c>, <c>changeSummary</c>, <c>diagnostics</c>.</summary>
    PreviewJson,
    /// <summary><c>pulumi stack export</c>: <c>{"version": 3|4, "deployment": {...}}</c>.</summary>
    Export,
    /// <summary>What a file/S3/Azure Blob backend stores: <c>{"version": N, "checkpoint": {"latest": {...}}}</c>.</summary>
    Checkpoint,
    /// <summary>Engine events as one JSON document (Pulumi Cloud's API: <c>{"events": [...]}</c>).</summary>
    EventsJson,
    /// <summary>Engine events as JSON lines (<c>pulumi up --event-log FILE</c>).</summary>
    EventsLines,
}

/// <summary>What an import skipped or could not judge, so a report can say what it covered.</summary>
/// <param name="Elements">Steps, events or resources read.</param>
/// <param name="Judged">Custom resources the packs judge.</param>
/// <param name="External">Read-only resources (<c>external</c>, read with <c>get</c>): listed, never judged as owned.</param>
public sealed record ImportCounts(int Elements, int Judged, int Components, int Providers, int Stack, int Deleted, int External = 0);

/// <summary>How much of the stack an input shows.</summary>
public enum CoverageKind
{
    /// <summary>Every resource of the stack is in the input (a state, a preview with unchanged resources shown, an event log).</summary>
    Complete,
    /// <summary>The input's own summary counts resources it does not show (a preview without <c>--show-sames</c>).</summary>
    Partial,
    /// <summary>The input has no summary to compare with (e.g. a preview trimmed by hand): completeness cannot be shown.</summary>
    Unknown,
}

/// <summary>
/// How much of the stack an audit saw: resources read (distinct URNs; the engine's default providers are not counted,
/// as the engine does not count them) against those the input's own summary implies.
/// </summary>
/// <param name="Read">Distinct resources read (the stack resource, components and explicit providers included).</param>
/// <param name="Expected">Resources the summary (<c>changeSummary</c> / <c>resourceChanges</c>) counts; for a state, its resource list.</param>
public sealed record Coverage(CoverageKind Kind, int Read, int? Expected, string Source)
{
    public bool IsComplete => Kind == CoverageKind.Complete;

    /// <summary>The remedy printed with a partial or unknown coverage.</summary>
    public const string Remedy = "for a complete audit run `pulumi preview --json --show-sames`, or pass the stack's export too: `audit --preview P --state S` (from `pulumi stack export`)";

    /// <summary>What every report prints about coverage, in one sentence.</summary>
    public string Sentence => Kind switch
    {
        CoverageKind.Complete => $"complete: {Read} of {Expected ?? Read} resources ({Source})",
        CoverageKind.Partial => $"partial: {Read} of {Expected} resources the {Source} counts; the {Expected - Read} unchanged ones are not in the input, so stack-level policies and the cost total are not applicable (partial input); {Remedy}",
        _ => $"unknown: {Read} resources read and the input has no change summary to compare with ({Source}), so stack-level policies and the cost total are not applicable (partial input); {Remedy}",
    };

    public string KindName => Kind.ToString().ToLowerInvariant();
}

/// <summary>An engine diagnostic (severity <c>error</c> ones are audit findings: the engine could not do what was asked).</summary>
public sealed record EngineDiagnostic(string Severity, string? Urn, string Message);

/// <summary>A resource operation the engine started and never finished: the resource may exist, but no state records it.</summary>
public sealed record PendingOperation(string Kind, string Urn, string Type);

/// <summary>A CrossGuard policy violation the engine reported in its event stream (another policy pack than ours).</summary>
public sealed record EnginePolicyEvent(string Pack, string Policy, string Enforcement, string? Urn, string Message);

/// <summary>
/// One resource as the input shows it, with the facts safety signals need: the operation (for a state: <c>same</c>), replace
/// reasons, and the protect / retainOnDelete / ignoreChanges options before and after.
/// </summary>
public sealed record ResourceChange(
    string Urn,
    string Name,
    string Type,
    string Op,
    IReadOnlyList<string> ReplaceReasons,
    bool Protect,
    bool? ProtectBefore,
    bool RetainOnDelete,
    IReadOnlyList<string> IgnoreChanges,
    IReadOnlyList<string>? IgnoreChangesBefore,
    bool External,
    bool Custom,
    bool Tainted,
    IReadOnlyList<string>? InitErrors = null);

/// <summary>
/// One engine output read into policy subjects: the custom resources as <see cref="ResourceView"/>s (URN kept, properties
/// the deployed values where known), the explicit providers apart, read-only (<c>external</c>) resources apart, and
/// everything an audit reports besides: coverage, diagnostics, pending operations, changes and the engine's own policy events.
/// </summary>
/// <param name="DeclaredInputs">Per resource name, its declared <c>inputs</c> (drift compares declared values only).</param>
public sealed record EngineImport(
    EngineFormat Format,
    string Source,
    string? StackName,
    string? ProjectName,
    IReadOnlyList<ResourceView> Resources,
    IReadOnlyList<ResourceView> Providers,
    ImportCounts Counts)
{
    public EngineShape Shape { get; init; } = Format == EngineFormat.Preview ? EngineShape.PreviewJson : EngineShape.Export;
    /// <summary>The deployment version of an export or checkpoint (3 or 4).</summary>
    public int? Version { get; init; }
    public Coverage Coverage { get; init; } = new(CoverageKind.Complete, Resources.Count, Resources.Count, "input");
    public IReadOnlyDictionary<string, int>? ChangeSummary { get; init; }
    public IReadOnlyList<ResourceView> External { get; init; } = [];
    public IReadOnlyList<EngineDiagnostic> Diagnostics { get; init; } = [];
    public IReadOnlyList<PendingOperation> PendingOperations { get; init; } = [];
    public IReadOnlyList<EnginePolicyEvent> PolicyEvents { get; init; } = [];
    public IReadOnlyList<ResourceChange> Changes { get; init; } = [];
    public IReadOnlyDictionary<string, MapValue> DeclaredInputs { get; init; } = new Dictionary<string, MapValue>();
    /// <summary><c>manifest.time</c> and <c>manifest.version</c> (the CLI that wrote the state).</summary>
    public string? ManifestTime { get; init; }
    public string? ManifestVersion { get; init; }
    /// <summary>True for an event log of a preview (its summary says <c>isPreview</c>).</summary>
    public bool IsPreviewLog { get; init; }

    /// <summary>Read into a sink (<see cref="IEngineResourceSink"/>): the resource lists are empty, the counts complete.</summary>
    public bool Streamed { get; init; }

    /// <summary>Streaming: a URN's state came again after its view went to the sink; the sink's judgement cannot stand.</summary>
    public bool StreamRevisited { get; init; }

    /// <summary>True when the input holds no resource at all (a destroyed stack, a preview that failed).</summary>
    public bool IsEmpty => Counts.Elements == 0;

    public IEnumerable<EngineDiagnostic> Errors => Diagnostics.Where(d => d.Severity == "error");

    public string Describe => Shape switch
    {
        EngineShape.PreviewJson => "pulumi preview --json",
        EngineShape.Export => $"pulumi stack export, deployment v{Version}",
        EngineShape.Checkpoint => $"backend checkpoint, deployment v{Version}",
        EngineShape.EventsJson => "engine events (JSON)",
        EngineShape.EventsLines => "engine events (JSON lines)",
        _ => Shape.ToString(),
    };
}

/// <summary>Takes resource views as an import reads them (a streaming audit judges each and keeps only what it needs).</summary>
public interface IEngineResourceSink
{
    /// <summary>A custom resource the stack owns, in input order; <paramref name="isProvider"/> for a provider (explicit or default).</summary>
    void Add(ResourceView view, bool isProvider);
}
