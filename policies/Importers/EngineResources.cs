using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Importers;

/// <summary>
/// Builds an <see cref="EngineImport"/> from engine elements as they stream by: state resources (exports, checkpoints)
/// and steps (preview steps, event metadata). Each resource maps to the neutral view the packs judge: name from the URN,
/// type, component path from the parent chain, properties the deployed values where the input has them
/// (<see cref="DeployedValues"/>). One URN seen in several steps (a replacement's create, replace and delete-replaced; an
/// event's pre and outputs) is one resource: its logical operation and its newest state win. The stack resource,
/// providers (kept apart), components and read-only resources are not policy subjects.
/// </summary>
internal sealed partial class EngineResources(EngineFormat format, IEngineResourceSink? sink = null)
{
    public const string StackType = "pulumi:pulumi:Stack";
    public const string ProviderTypePrefix = "pulumi:providers:";

    /// <summary>Operations after which the resource is gone from the stack.</summary>
    private static readonly HashSet<string> RemovingOps = new(StringComparer.Ordinal) { "delete", "discard", "remove-pending-replace" };

    /// <summary>Steps that only retire the old half of a replacement: the resource itself stays.</summary>
    private static readonly HashSet<string> RetiringOps = new(StringComparer.Ordinal) { "delete-replaced", "discard-replaced" };

    private static readonly HashSet<string> ReplacingOps = new(StringComparer.Ordinal) { "replace", "create-replacement", "delete-replaced", "import-replacement" };

    private readonly StringPool _pool = sink is null ? new() : new(limit: 16_384, renew: true);
    private readonly Dictionary<string, string[]> _pathByUrn = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly List<Entry?> _order = []; // first-seen order; null where a streamed entry was dropped (unless it was the last)
    private int _remembered; // entries ever remembered: _order's length had none been dropped
    // Streaming: entries dropped once their view went to the sink, or once a component's path is known (see DroppedEntries).
    private readonly DroppedEntries _dropped = new();
    private readonly StreamedCounts _streamed = new();
    private int _droppedRead;
    private readonly Dictionary<string, int> _summary = new(StringComparer.Ordinal);
    private readonly List<EngineDiagnostic> _diagnostics = [];
    private readonly List<PendingOperation> _pending = [];
    private readonly List<EnginePolicyEvent> _policyEvents = [];
    private bool _hasSummary;
    private int _elements;
    private string? _stackName, _projectName, _manifestTime, _manifestVersion;

    private sealed class Entry
    {
        public required string Urn;
        public required string Type;
        public int Index;
        public string Op = "same";
        public bool Replaced, Removed, Custom, External, Protect, Retain, Tainted, IsDefaultProvider;
        public bool? ProtectBefore;
        public IReadOnlyList<string> ReplaceReasons = [];
        public IReadOnlyList<string> IgnoreChanges = [];
        public IReadOnlyList<string>? IgnoreChangesBefore;
        public IReadOnlyList<string> InitErrors = [];
        public ResourceView? View;
        public MapValue? Declared;
        /// <summary>Streaming: the view went to the sink (and is not kept); a later state for the URN is a revisit.</summary>
        public bool Emitted;
        /// <summary>Streaming: a view was built but not kept (a component's, or one the sink took).</summary>
        public bool HasView;
    }

    /// <summary>Streaming: a URN whose state was given again after its view went to the sink (its newest state would win).</summary>
    public bool Revisited { get; private set; }

    /// <summary>Reads a state's resources in one pass (<see cref="JsonPathStream"/>'s <c>deployment.resources[]</c>).</summary>
    public IValueReader Resources => _resources ??= new ResourceReader(this);

    /// <summary>Reads a preview's steps in one pass (<see cref="JsonPathStream"/>'s <c>steps[]</c>).</summary>
    public IValueReader Steps => _steps ??= new StepReader(this);

    private IValueReader? _resources, _steps;

    private sealed class ResourceReader(EngineResources builder) : IValueReader
    {
        private EngineState? _state;

        public void Read(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                JsonPathStream.Skip(ref reader);
                throw new FormatException("a resource is not a JSON object");
            }
            _state = EngineState.Read(ref reader, builder._pool, outputs: true);
        }

        public void Take() => builder.Resource(_state!);
    }

    private sealed class StepReader(EngineResources builder) : IValueReader
    {
        private EngineStep? _step;

        public void Read(ref Utf8JsonReader reader) => _step = EngineStep.Read(ref reader, builder._pool);

        public void Take() => builder.Step(_step!);
    }

    /// <summary>A resource of a state (export or checkpoint): deployed as it is.</summary>
    private void Resource(EngineState state)
    {
        _elements++;
        if (state.Delete)
        {
            // A resource awaiting deletion after a replacement: its successor is the live one.
            var urn = state.Urn;
            if (urn is not null && !_entries.ContainsKey(urn) && !WasDropped(urn)) Remember(urn, state.Type ?? "", "delete-replaced").Removed = true;
            return;
        }
        var inputs = state.Inputs ?? new MapValue();
        if (PodTemplateShape.Problem(inputs) is { } problem) throw new FormatException($"resources[{_elements - 1}].inputs.{problem}");
        Add(state, "same", DeployedValues.Effective(inputs, state.Outputs), inputs, null, []);
    }

    /// <summary>An event's metadata (<c>old</c>/<c>new</c>): a step, read from the event's own bytes.</summary>
    public void Step(JsonElement step)
    {
        var reader = new Utf8JsonReader(JsonMarshal.GetRawUtf8Value(step), new JsonReaderOptions { MaxDepth = JsonPathStream.MaxDepth });
        reader.Read();
        Step(EngineStep.Read(ref reader, _pool));
    }

    /// <summary>A step of a preview (<c>oldState</c>/<c>newState</c>) or an event's metadata (<c>old</c>/<c>new</c>).</summary>
    private void Step(EngineStep step)
    {
        _elements++;
        var op = step.Op ?? "";
        var old = step.Before;
        var @new = step.After;
        var reasons = step.ReplaceReasons ?? (ReplacingOps.Contains(op) ? step.Keys : null) ?? [];
        var urn = step.Urn ?? (@new is not null ? @new.Urn : old?.Urn)
                  ?? throw new FormatException("a step has no 'urn'");

        if (RemovingOps.Contains(op) || RetiringOps.Contains(op) || (@new is null && old is null))
        {
            var type = step.Type ?? old?.Type ?? TypeOf(urn);
            if (WasDropped(urn)) { Revisited = true; return; }
            var entry = _entries.TryGetValue(urn, out var seen) ? seen : Remember(urn, type, op);
            if (entry.Emitted) Revisited = true;
            if (RemovingOps.Contains(op)) { entry.Op = op; entry.Removed = true; entry.View = null; entry.HasView = false; }
            if (RetiringOps.Contains(op)) { entry.Replaced = true; if (entry.View is null && !entry.HasView && !entry.Removed) entry.Op = "replace"; }
            if (reasons.Count > 0) entry.ReplaceReasons = reasons;
            if (old is not null) { entry.Protect = old.Protect; entry.Retain = old.RetainOnDelete; entry.Custom = old.Custom; entry.External = old.External; }
            RememberStack(urn);
            return;
        }

        var state = @new ?? old!;
        var inputs = state.Inputs ?? new MapValue();
        if (PodTemplateShape.Problem(inputs) is { } problem) throw new FormatException($"steps[{_elements - 1}].{(@new is null ? "oldState" : "newState")}.inputs.{problem}");
        var oldInputs = old is null ? null : old.Inputs ?? new MapValue();
        var oldOutputs = old?.Outputs;
        var properties = op switch
        {
            "same" or "read" or "refresh" or "import" => DeployedValues.Effective(inputs, state.Outputs is { Count: > 0 } outs ? outs : oldOutputs),
            "update" => DeployedValues.Updated(inputs, oldOutputs, oldInputs),
            _ => inputs, // created or replaced: nothing deployed yet
        };
        Add(state, op, properties, inputs, @new is null ? null : old, reasons);
    }

    public void Summary(JsonElement summary)
    {
        if (summary.ValueKind != JsonValueKind.Object) return;
        _hasSummary = true;
        foreach (var p in summary.EnumerateObject())
            if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var n)) _summary[p.Name] = n;
    }

    public void Diagnostic(JsonElement d)
    {
        if (d.ValueKind != JsonValueKind.Object) return;
        var severity = Text(d, "severity") ?? "info";
        var message = Clean(Text(d, "message") ?? "");
        if (message.Length == 0) return;
        var urn = Text(d, "urn");
        _diagnostics.Add(new EngineDiagnostic(severity, string.IsNullOrEmpty(urn) ? null : urn, message));
    }

    public void PolicyEvent(JsonElement p) => _policyEvents.Add(new EnginePolicyEvent(
        Text(p, "policyPackName") ?? "", Text(p, "policyName") ?? "", Text(p, "enforcementLevel") ?? "",
        Text(p, "resourceUrn") is { Length: > 0 } u ? u : null, Clean(Text(p, "message") ?? "")));

    public void OtherEvent() => _elements++;

    public void Manifest(JsonElement m)
    {
        _manifestTime = Text(m, "time");
        _manifestVersion = Text(m, "version");
    }

    public void Pending(JsonElement op)
    {
        var resource = Object(op, "resource");
        var urn = resource is { } r ? Text(r, "urn") : null;
        if (urn is null) throw new FormatException("a pending operation has no 'resource.urn'");
        RememberStack(urn);
        _pending.Add(new PendingOperation(Text(op, "type") ?? "unknown", urn, Text(resource!.Value, "type") ?? TypeOf(urn)));
    }

    public EngineImport Build(string source, EngineShape shape, int? version, bool isPreviewLog)
    {
        var resources = new List<ResourceView>();
        var providers = new List<ResourceView>();
        var external = new List<ResourceView>();
        var declared = new Dictionary<string, MapValue>(StringComparer.Ordinal);
        var changes = new List<ResourceChange>();
        int components = 0, stack = 0, deleted = 0, read = 0;

        read += _droppedRead;
        var streamed = _streamed;
        foreach (var e in _order)
        {
            if (e is null) continue; // dropped while streaming: counted already
            var urn = e.Urn;
            if (!e.IsDefaultProvider) read++;
            changes.Add(new ResourceChange(urn, NameOf(urn), e.Type, e.Replaced && !e.Removed ? "replace" : e.Op, e.ReplaceReasons, e.Protect, e.ProtectBefore,
                e.Retain, e.IgnoreChanges, e.IgnoreChangesBefore, e.External, e.Custom, e.Tainted, e.InitErrors));
            if (e.Removed) { deleted++; continue; }
            if (e.Type == StackType) { stack++; continue; }
            if (e.View is null && !e.HasView) continue;
            if (!e.Custom) { components++; continue; }
            if (e.View is null) { streamed.Count(e); continue; } // streaming: counted, the sink had the view
            if (e.External) { external.Add(e.View); continue; }
            if (e.Type.StartsWith(ProviderTypePrefix, StringComparison.Ordinal)) { providers.Add(e.View); continue; }
            resources.Add(e.View);
            if (e.Declared is not null) declared.TryAdd(e.View.Name, e.Declared);
        }

        var isState = shape is EngineShape.Export or EngineShape.Checkpoint;
        var expected = _hasSummary ? _summary.Values.Sum() : (int?)null;
        var sourceName = shape == EngineShape.PreviewJson ? "preview's changeSummary" : "event log's summary";
        var coverage = isState ? new Coverage(CoverageKind.Complete, _remembered, _remembered, "state's resource list")
            : expected is null ? new Coverage(CoverageKind.Unknown, read, null, shape == EngineShape.PreviewJson ? "no changeSummary" : "no summary event")
            : new Coverage(read >= expected ? CoverageKind.Complete : CoverageKind.Partial, read, expected, sourceName);

        return new EngineImport(format, source, _stackName, _projectName, resources, providers,
            new ImportCounts(_elements, resources.Count + streamed.Resources, components + streamed.Components, providers.Count + streamed.Providers, stack, deleted, external.Count + streamed.External))
        {
            Shape = shape,
            Version = version,
            Coverage = coverage,
            ChangeSummary = _hasSummary ? new SortedDictionary<string, int>(_summary, StringComparer.Ordinal) : null,
            External = external,
            Diagnostics = _diagnostics,
            PendingOperations = _pending,
            PolicyEvents = _policyEvents,
            Changes = changes,
            DeclaredInputs = declared,
            ManifestTime = _manifestTime,
            ManifestVersion = _manifestVersion,
            IsPreviewLog = isPreviewLog,
        };
    }

    /// <summary>What the sink took, counted as <see cref="Build"/> would have listed it.</summary>
    private sealed class StreamedCounts
    {
        public int Resources, Providers, External, Components;

        public void Count(Entry e)
        {
            if (!e.Custom && !e.External) Components++;
            else if (e.External) External++;
            else if (e.Type.StartsWith(ProviderTypePrefix, StringComparison.Ordinal)) Providers++;
            else Resources++;
        }
    }

    private void Add(EngineState state, string op, MapValue properties, MapValue declared, EngineState? old, IReadOnlyList<string> reasons)
    {
        var urn = state.Urn ?? throw new FormatException("a resource has no 'urn'");
        var type = state.Type ?? throw new FormatException($"{urn}: no 'type'");
        var name = NameOf(urn);
        RememberStack(urn);
        var custom = state.Custom;
        var parentUrn = state.Parent;
        var parentPath = parentUrn is null ? null : _pathByUrn.TryGetValue(parentUrn, out var pp) ? pp : DroppedParentPath(parentUrn);
        // Streaming: the URN's digest, for the dropped entries it is looked up in and the one it joins when dropped.
        var digest = sink is not null ? Digest(urn) : default;
        if (_dropped.Contains(digest)) Revisited = true;
        var entry = _entries.TryGetValue(urn, out var seen) ? seen : Remember(urn, type, op);
        // Streaming: a URN met before (its view sent, or removed first) would change a judged view or its place in stack order.
        if (sink is not null && seen is not null) Revisited = true;
        entry.Removed = false;
        if (ReplacingOps.Contains(op)) entry.Replaced = true;
        else if (!entry.Replaced) entry.Op = op;
        if (reasons.Count > 0) entry.ReplaceReasons = reasons;
        entry.Custom = custom;
        entry.External = state.External || op == "read";
        entry.Protect = state.Protect;
        entry.Retain = state.RetainOnDelete;
        entry.Tainted = state.Taint;
        entry.IgnoreChanges = state.IgnoreChanges ?? [];
        entry.InitErrors = state.InitErrors?.Select(Clean).ToList() ?? [];
        if (old is not null)
        {
            entry.ProtectBefore = old.Protect;
            entry.IgnoreChangesBefore = old.IgnoreChanges ?? [];
        }
        entry.IsDefaultProvider = IsDefaultProvider(type, name);

        if (type == StackType) { _pathByUrn[urn] = []; return; }
        var path = ComponentPath(name, properties, parentPath);
        _pathByUrn[urn] = path;
        var options = new ResourceOptions
        {
            Parent = parentUrn is null || parentPath is { Length: 0 } ? null : NameOf(parentUrn),
            Provider = ProviderName(state.Provider),
            Protect = entry.Protect,
            RetainOnDelete = entry.Retain,
            IgnoreChanges = entry.IgnoreChanges,
        };
        var view = new ResourceView(name, type, path, properties, urn, options);
        if (sink is null)
        {
            entry.View = view;
            entry.Declared = declared;
            return;
        }
        // Streaming: the sink judges the view now and nothing keeps it; components' views are not judged at all.
        entry.HasView = true;
        entry.View = null;
        // A component is not judged; once its path is kept for its children (by digest), it is dropped like a judged resource.
        if (!entry.Custom) { if (!MaySignal(entry)) Drop(entry, digest); return; }
        entry.Emitted = true;
        if (entry.External) return;
        sink.Add(view, type.StartsWith(ProviderTypePrefix, StringComparison.Ordinal));
        if (!MaySignal(entry)) Drop(entry, digest);
    }

    /// <summary>
    /// Streaming: whether the entry's change can give a safety signal (<see cref="SafetySignals.Of"/>), so the import must
    /// list it; any other sent entry is dropped, so memory holds a digest and a path per resource, not its change.
    /// </summary>
    private static bool MaySignal(Entry e) =>
        e.External || e.Custom && !e.Type.StartsWith(ProviderTypePrefix, StringComparison.Ordinal)
        && (DataHolding.Holds(e.Type) || e.ProtectBefore == true && !e.Protect || e.Retain || e.Tainted || e.InitErrors.Count > 0
            || e.IgnoreChangesBefore is { } before && !before.SequenceEqual(e.IgnoreChanges));

    private void Drop(Entry e, UInt128 digest)
    {
        _dropped.Add(digest, _pathByUrn.Remove(e.Urn, out var path) ? path : null, NameOf(e.Urn));
        _entries.Remove(e.Urn);
        // Nearly always the entry just remembered: removed, so the order holds no slot per streamed resource.
        if (e.Index == _order.Count - 1) _order.RemoveAt(e.Index);
        else _order[e.Index] = null;
        if (!e.IsDefaultProvider) _droppedRead++;
        _streamed.Count(e);
    }

    /// <summary>
    /// A dropped entry's path, for its child: siblings come one after another, so the last answer is kept (one digest
    /// per parent, not one per child).
    /// </summary>
    private string[]? DroppedParentPath(string parentUrn)
    {
        if (_dropped.Count == 0) return null;
        if (parentUrn == _lastParent.Urn) return _lastParent.Path;
        _dropped.TryGetPath(Digest(parentUrn), parentUrn, out var path);
        if (path is not null) _lastParent = (parentUrn, path); // a path found stays (a URN given again sends the audit to batch)
        return path;
    }

    private (string? Urn, string[]? Path) _lastParent;

    private bool WasDropped(string urn) => _dropped.Count > 0 && _dropped.Contains(Digest(urn));

    /// <summary>128 bits of the URN's SHA-256: two URNs of one input sharing it is not a practical concern (and would only send the audit to batch).</summary>
    private static UInt128 Digest(string urn)
    {
        Span<byte> hash = stackalloc byte[32];
        var length = System.Text.Encoding.UTF8.GetMaxByteCount(urn.Length);
        Span<byte> bytes = length <= 1024 ? stackalloc byte[length] : new byte[length];
        bytes = bytes[..System.Text.Encoding.UTF8.GetBytes(urn, bytes)];
        System.Security.Cryptography.SHA256.HashData(bytes, hash);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }

    private Entry Remember(string urn, string type, string op)
    {
        var entry = new Entry { Urn = urn, Type = type, Op = op, Index = _order.Count };
        _entries[urn] = entry;
        _order.Add(entry);
        _remembered++;
        entry.IsDefaultProvider = IsDefaultProvider(type, NameOf(urn));
        return entry;
    }

    /// <summary>The engine's own providers (<c>default</c>, <c>default_6_83_2</c>): the engine neither shows nor counts their steps.</summary>
    private static bool IsDefaultProvider(string type, string name) =>
        type.StartsWith(ProviderTypePrefix, StringComparison.Ordinal) && (name == "default" || name.StartsWith("default_", StringComparison.Ordinal));

    private void RememberStack(string urn)
    {
        if (_stackName is not null) return;
        var parts = urn["urn:pulumi:".Length..].Split("::", 3);
        if (parts.Length >= 2) { _stackName = parts[0]; _projectName = parts[1]; }
    }

    /// <summary>The name part of a URN: everything after its third <c>::</c> (a name may itself hold <c>::</c>).</summary>
    public static string NameOf(string urn)
    {
        // The text after the third `::` (found left to right, as splitting finds them), the URN's first part starting urn:pulumi:.
        var first = urn.IndexOf("::", StringComparison.Ordinal);
        var second = first < 0 ? -1 : urn.IndexOf("::", first + 2, StringComparison.Ordinal);
        var third = second < 0 ? -1 : urn.IndexOf("::", second + 2, StringComparison.Ordinal);
        if (third < 0 || first < UrnPrefix.Length || !urn.StartsWith(UrnPrefix, StringComparison.Ordinal))
            throw new FormatException($"'{urn}' is not a Pulumi URN (urn:pulumi:<stack>::<project>::<type>::<name>)");
        return urn[(third + 2)..];
    }

    private const string UrnPrefix = "urn:pulumi:";

    /// <summary>The resource's own type from its URN's qualified type (<c>parent$child</c>).</summary>
    private static string TypeOf(string urn)
    {
        var parts = urn.Split("::", 4);
        if (parts.Length < 4) throw new FormatException($"'{urn}' is not a Pulumi URN (urn:pulumi:<stack>::<project>::<type>::<name>)");
        var qualified = parts[2];
        var cut = qualified.LastIndexOf('$');
        return cut >= 0 ? qualified[(cut + 1)..] : qualified;
    }

    /// <summary>
    /// The component path: the top-level component from the resource's own <c>supplychain.dev/component</c> label or
    /// <c>component</c> tag, else its parent's, else its name's first segment; then its ancestors' names; then its own.
    /// </summary>
    private string[] ComponentPath(string name, MapValue inputs, string[]? parentPath)
    {
        var top = (inputs.At("metadata.labels") as MapValue)?.TryGetValue(Labels.Component, out var l) == true && l is StringValue ls ? ls.Text
            : (inputs.At("tags") as MapValue)?.TryGetValue("component", out var t) == true && t is StringValue ts ? ts.Text
            : parentPath is { Length: > 0 } ? parentPath[0]
            : name.Split('-')[0];
        var inherited = parentPath is { Length: > 1 } ? parentPath.Length - 1 : 0;
        var ownSegment = !(inherited == 0 && name == top); // a top-level component named like its component is the component itself
        var path = new string[1 + inherited + (ownSegment ? 1 : 0)];
        path[0] = _pool.Get(top);
        if (inherited > 0) Array.Copy(parentPath!, 1, path, 1, inherited);
        if (ownSegment) path[^1] = name;
        return path;
    }

    /// <summary>A provider reference is <c>&lt;provider URN&gt;::&lt;provider ID&gt;</c>; the logical name is the URN's.</summary>
    private static string? ProviderName(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return null;
        var cut = reference.LastIndexOf("::", StringComparison.Ordinal);
        var urn = cut > 0 ? reference[..cut] : reference;
        try { return NameOf(urn); }
        catch (FormatException) { return null; }
    }

    private static JsonElement? Object(JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    private static string? Text(JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>Engine messages carry display colour markers (<c>&lt;{%reset%}&gt;</c>); reports print plain text.</summary>
    private static string Clean(string message) => ColourMarker().Replace(message, "").Trim();

    [GeneratedRegex(@"<\{%[a-zA-Z-]*%\}>", RegexOptions.CultureInvariant)]
    private static partial Regex ColourMarker();
}
