using System.Text.Json;

namespace Supplychain.Policies.Importers;

/// <summary>
/// Streams the values found at named paths of a large JSON document (or of a JSON-lines stream) to handlers without
/// loading the document. Paths are dotted property names, <c>[]</c> standing for every element of an array:
/// <c>steps[]</c>, <c>deployment.resources[]</c>, <c>changeSummary</c>, <c>version</c>. A value at a handled path is
/// parsed as a small <see cref="JsonDocument"/> over the window's own bytes and handed over before the window moves on;
/// containers on the way to a handled path are walked; everything else is skipped (still read and validated, so a
/// truncated or malformed file is an error naming its position). Memory is the window, grown only to the largest single
/// handled or skipped value. Several shapes can be registered at once: the document's own keys decide which run.
/// <para>
/// A path can instead be read in one pass (<see cref="IValueReader"/>): the reader reads the value's tokens straight from
/// the window, without skipping it first and parsing it again as a document. When the window ends inside the value, the
/// read is abandoned (<see cref="Next"/> unwinds it) and done again once the window holds more; the value is taken only
/// when read whole.
/// </para>
/// <para>
/// JSON lines (one document per line, as <c>pulumi up --event-log</c> writes): when the first property of the first
/// document satisfies <c>linesWhen</c>, every top-level document is handed to the <see cref="LinesPath"/> handler.
/// </para>
/// </summary>
public sealed class JsonPathStream
{
    /// <summary>The path under which each document of a JSON-lines stream is handed over.</summary>
    public const string LinesPath = "[lines]";

    internal const int MaxDepth = 256; // Kubernetes manifests nest deeply; the default of 64 is too tight for real objects
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    private readonly Stream _stream;
    private readonly string _sourceName;
    private readonly IReadOnlyDictionary<string, Action<JsonElement>> _handlers;
    private readonly IReadOnlyDictionary<string, IValueReader> _readers;
    private readonly HashSet<string> _objectPrefixes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _arrayPrefixes = new(StringComparer.Ordinal);
    private readonly Func<string, bool>? _linesWhen;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _consumedBefore;
    private bool _final;
    private JsonReaderState _state = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = MaxDepth, AllowMultipleValues = true });

    // Walk state, kept between windows.
    private readonly List<(string Path, bool IsArray)> _open = [];
    private string? _nextPath;   // the path of the value after a property name
    private int _documents;      // top-level documents started
    private bool _lines;         // JSON-lines mode
    private bool _decided;       // lines mode decided (after the first document's first token)

    public JsonPathStream(Stream stream, string sourceName, IReadOnlyDictionary<string, Action<JsonElement>> handlers,
        Func<string, bool>? linesWhen = null, int windowSize = 1 << 20, IReadOnlyDictionary<string, IValueReader>? readers = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSize, 1);
        _stream = stream;
        _sourceName = sourceName;
        _handlers = handlers;
        _readers = readers ?? new Dictionary<string, IValueReader>();
        _linesWhen = linesWhen;
        _buffer = new byte[windowSize];
        foreach (var path in handlers.Keys.Concat(_readers.Keys))
            for (var i = 0; i < path.Length; i++)
                if (path[i] == '.') _objectPrefixes.Add(path[..i]);
                else if (path[i] == '[') _arrayPrefixes.Add(path[..i]);
    }

    /// <summary>The property names of the top-level object (of the first document in JSON-lines mode).</summary>
    public HashSet<string> TopLevelNames { get; } = new(StringComparer.Ordinal);

    /// <summary>True when the input was read as JSON lines.</summary>
    public bool IsLines => _lines;

    /// <summary>Number of top-level documents (1 for a JSON document; 0 for an empty input).</summary>
    public int Documents => _documents;

    /// <summary>Walks the whole input, calling handlers in document order. Element values are valid only during the call.</summary>
    public void Run()
    {
        try
        {
            while (true)
            {
                Fill();
                if (Step()) break;
                Compact();
            }
        }
        finally
        {
            // The window may have held secret payloads; leave nothing behind in our buffer.
            Array.Clear(_buffer);
        }
        if (_open.Count > 0) throw new EngineImportException(_sourceName, null, null, BytesRead, "the document ends before its top-level value closes");
    }

    private long BytesRead => _consumedBefore + _end;

    /// <summary>Reads tokens of the current window; returns true when the input is done.</summary>
    private bool Step()
    {
        var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
        try
        {
            while (true)
            {
                var checkpoint = reader;
                if (!reader.Read())
                {
                    Advance(ref reader);
                    return _final;
                }
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                    {
                        var (path, _) = _open[^1];
                        var name = reader.GetString()!;
                        if (_open.Count == 1 && _documents == 1) TopLevelNames.Add(name);
                        _nextPath = path.Length == 0 ? name : $"{path}.{name}";
                        continue;
                    }
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        _open.RemoveAt(_open.Count - 1);
                        continue;
                }

                // A value starts: the top-level document, an array element, or a property's value.
                string valuePath;
                if (_open.Count == 0)
                {
                    if (_documents > 0 && !_lines) throw Error(ref reader, "content after the top-level value (one JSON document was expected, or JSON lines of engine events)");
                    if (reader.TokenType != JsonTokenType.StartObject) throw Error(ref reader, "the document is not a JSON object");
                    if (!_decided)
                    {
                        var probe = reader;
                        if (!probe.Read()) { reader = checkpoint; Advance(ref reader); return false; }
                        _decided = true;
                        _lines = _linesWhen is not null && probe.TokenType == JsonTokenType.PropertyName && _linesWhen(probe.GetString()!);
                    }
                    _documents++;
                    valuePath = _lines ? LinesPath : "";
                }
                else valuePath = _open[^1].IsArray ? _open[^1].Path + "[]" : _nextPath!;

                var container = reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray;
                if (_readers.Count > 0 && _readers.TryGetValue(valuePath, out var valueReader))
                {
                    var probe = reader;
                    var from = _start + (int)reader.TokenStartIndex;
                    try
                    {
                        try { valueReader.Read(ref probe); }
                        catch (MoreInput)
                        {
                            if (_final) throw Error(ref reader, "the document ends inside a value"); // a final window's reader throws first
                            reader = checkpoint;
                            Advance(ref reader);
                            return false;
                        }
                        valueReader.Take();
                    }
                    catch (FormatException e) { throw new EngineImportException(_sourceName, null, null, _consumedBefore + from, e.Message); }
                    if (_lines && _open.Count == 0 && _documents == 1) CollectNames(from, _start + (int)probe.BytesConsumed);
                    reader = probe;
                }
                else if (_handlers.TryGetValue(valuePath, out var handler))
                {
                    var probe = reader;
                    if (container && !probe.TrySkip()) { reader = checkpoint; Advance(ref reader); return false; }
                    var from = _start + (int)reader.TokenStartIndex;
                    var to = _start + (int)probe.BytesConsumed;
                    if (_lines && _open.Count == 0 && _documents == 1) CollectNames(from, to);
                    using (var doc = JsonDocument.Parse(_buffer.AsMemory(from, to - from), DocumentOptions))
                    {
                        try { handler(doc.RootElement); }
                        catch (FormatException e) { throw new EngineImportException(_sourceName, null, null, _consumedBefore + from, e.Message); }
                    }
                    reader = probe;
                }
                else if (container && (valuePath.Length == 0 || _objectPrefixes.Contains(valuePath) || _arrayPrefixes.Contains(valuePath)))
                {
                    var isArray = reader.TokenType == JsonTokenType.StartArray;
                    if (isArray && !_arrayPrefixes.Contains(valuePath)) throw Error(ref reader, $"{valuePath} is not an object");
                    if (!isArray && valuePath.Length > 0 && !_objectPrefixes.Contains(valuePath)) throw Error(ref reader, $"{valuePath} is not an array");
                    _open.Add((valuePath, isArray));
                }
                else if (!container && reader.TokenType != JsonTokenType.Null && (_objectPrefixes.Contains(valuePath) || _arrayPrefixes.Contains(valuePath)))
                    throw Error(ref reader, $"{valuePath} is not {(_arrayPrefixes.Contains(valuePath) ? "an array" : "an object")}");
                else if (container)
                {
                    var probe = reader;
                    if (!probe.TrySkip()) { reader = checkpoint; Advance(ref reader); return false; }
                    reader = probe;
                }
            }
        }
        catch (JsonException e)
        {
            throw new EngineImportException(_sourceName, (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1, null, Reason(e.Message));
        }
    }

    /// <summary>The next token of a value an <see cref="IValueReader"/> reads; when the window ends first, unwinds the read.</summary>
    public static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw MoreInput.Instance;
    }

    /// <summary>Passes over the value the reader is on (its first token), leaving the reader on its last token; unwinds as <see cref="Next"/>.</summary>
    public static void Skip(ref Utf8JsonReader reader)
    {
        if (!reader.TrySkip()) throw MoreInput.Instance;
    }

    /// <summary>
    /// The window ended inside a value being read: the walker reads it again from its start with more input. Thrown at most
    /// once per window (its cost is nothing beside the megabyte read in between), so a reader needs no way to stop and resume.
    /// </summary>
    private sealed class MoreInput : Exception
    {
        public static readonly MoreInput Instance = new();
    }

    /// <summary>The first document of a JSON-lines stream names its keys too (events have one key per kind).</summary>
    private void CollectNames(int from, int to)
    {
        using var doc = JsonDocument.Parse(_buffer.AsMemory(from, to - from), DocumentOptions);
        foreach (var p in doc.RootElement.EnumerateObject()) TopLevelNames.Add(p.Name);
    }

    private void Advance(ref Utf8JsonReader reader)
    {
        _start += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
    }

    /// <summary>Moves unread bytes to the front; grows the window when one value fills it.</summary>
    private void Compact()
    {
        if (_start == 0 && _end == _buffer.Length)
        {
            var bigger = new byte[_buffer.Length * 2];
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            Array.Clear(_buffer);
            _buffer = bigger;
            return;
        }
        var remaining = _end - _start;
        Buffer.BlockCopy(_buffer, _start, _buffer, 0, remaining);
        Array.Clear(_buffer, remaining, _end - remaining);
        _consumedBefore += _start;
        _start = 0;
        _end = remaining;
    }

    private void Fill()
    {
        while (!_final && _end < _buffer.Length)
        {
            var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0) { _final = true; break; }
            _end += n;
        }
    }

    private EngineImportException Error(ref Utf8JsonReader reader, string reason) =>
        new(_sourceName, null, null, _consumedBefore + _start + reader.TokenStartIndex, reason);

    /// <summary>The reader's message without its own trailing position (we state it ourselves).</summary>
    private static string Reason(string message)
    {
        var i = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (i >= 0 ? message[..i] : message).TrimEnd();
    }
}

/// <summary>
/// Reads the values at one path of a <see cref="JsonPathStream"/> in one pass. <see cref="Read"/> may be abandoned part way
/// (the window ended: <see cref="JsonPathStream.Next"/>) and called again on the same value, so it only reads; the walker
/// calls <see cref="Take"/> once the value was read whole. Either may throw <see cref="FormatException"/> for a value of
/// the wrong shape (the walker names the value's position).
/// </summary>
public interface IValueReader
{
    /// <summary>Reads the value whose first token the reader is on, leaving the reader on its last token.</summary>
    void Read(ref Utf8JsonReader reader);

    /// <summary>Takes the value last read.</summary>
    void Take();
}
