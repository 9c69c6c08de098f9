using System.Text.Json;

namespace Supplychain.Policies.Importers;

/// <summary>
/// Streams the elements of one array inside a large JSON document (<c>steps</c> of a preview, <c>deployment.resources</c>
/// of a state export) without loading the document: a <see cref="Utf8JsonReader"/> runs over a window of the stream;
/// each element, once wholly in the window, is parsed as a small <see cref="JsonDocument"/> over the window's own bytes
/// (no copy) and handed to a mapper before the window moves on. Memory is the window (grown only to the largest single
/// element or skipped value) plus whatever the mapper keeps. The rest of the document is still read and validated, so a
/// truncated or malformed file is an error naming its line and byte position, never a silent partial read.
/// Top-level scalar properties (e.g. <c>version</c>) are collected in <see cref="TopLevelScalars"/>.
/// </summary>
public sealed class JsonArrayStream
{
    private const int InitialWindow = 1 << 20;

    private readonly Stream _stream;
    private readonly string _sourceName;
    private readonly string[] _path;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _consumedBefore;
    private bool _final;
    private const int MaxDepth = 256; // Kubernetes manifests nest deeply; the default of 64 is too tight for real objects
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };
    private JsonReaderState _state = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = MaxDepth });

    // Walk state, kept between windows.
    private int _matched;       // path segments matched (each opened as an object, except the last: the array)
    private bool _inArray;
    private bool _rootSeen;
    private bool _rootClosed;
    private bool _awaitingValue; // a path property name was read; its value comes next
    private string? _pendingScalarName;

    public JsonArrayStream(Stream stream, string sourceName, params string[] path) : this(stream, sourceName, InitialWindow, path) { }

    /// <param name="windowSize">The initial window in bytes (tests use a tiny one to exercise refills and growth).</param>
    public JsonArrayStream(Stream stream, string sourceName, int windowSize, params string[] path)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSize, 1);
        if (path.Length == 0) throw new ArgumentException("a path names at least the array property", nameof(path));
        _stream = stream;
        _sourceName = sourceName;
        _path = path;
        _buffer = new byte[windowSize];
    }

    /// <summary>True once the array named by the path was found (it may be empty).</summary>
    public bool FoundArray { get; private set; }

    /// <summary>Bytes read from the stream so far.</summary>
    public long BytesRead => _consumedBefore + _end;

    public Dictionary<string, string> TopLevelScalars { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Maps every element of the array, in order, yielding the mapper's non-null results. The element's
    /// <see cref="JsonElement"/> is valid only during the mapper call.
    /// </summary>
    public IEnumerable<T> Elements<T>(Func<JsonElement, T?> map) where T : class
    {
        var batch = new List<T>();
        try
        {
            while (true)
            {
                Fill();
                var done = Step(batch, map);
                foreach (var item in batch) yield return item;
                batch.Clear();
                if (done) break;
                if (_final && _start == _end && !_rootClosed)
                    throw new EngineImportException(_sourceName, null, null, BytesRead, "the document ends before its top-level object closes");
                Compact();
            }
        }
        finally
        {
            // The window may have held secret payloads; leave nothing behind in our buffer.
            Array.Clear(_buffer);
        }
    }

    /// <summary>Reads tokens of the current window; returns true when the document is done.</summary>
    private bool Step<T>(List<T> into, Func<JsonElement, T?> map) where T : class
    {
        var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
        try
        {
            while (true)
            {
                var checkpoint = reader;
                if (!reader.Read())
                {
                    if (_final && _rootClosed) { Advance(ref reader); return true; }
                    Advance(ref reader);
                    return false;
                }

                if (!_rootSeen)
                {
                    if (reader.TokenType != JsonTokenType.StartObject) throw Error(ref reader, "the document is not a JSON object");
                    _rootSeen = true;
                    continue;
                }
                if (_rootClosed) throw Error(ref reader, "content after the top-level object");

                if (_inArray)
                {
                    if (reader.TokenType == JsonTokenType.EndArray) { _inArray = false; continue; }
                    if (reader.TokenType != JsonTokenType.StartObject)
                        throw Error(ref reader, $"expected an object in {string.Join(".", _path)}, found {reader.TokenType}");
                    var probe = reader;
                    if (!probe.TrySkip()) { reader = checkpoint; Advance(ref reader); return false; }
                    var from = _start + (int)reader.TokenStartIndex;
                    var to = _start + (int)probe.BytesConsumed;
                    using (var doc = JsonDocument.Parse(_buffer.AsMemory(from, to - from), DocumentOptions))
                    {
                        T? mapped;
                        try { mapped = map(doc.RootElement); }
                        catch (FormatException e) { throw new EngineImportException(_sourceName, null, null, _consumedBefore + from, e.Message); }
                        if (mapped is not null) into.Add(mapped);
                    }
                    reader = probe;
                    continue;
                }

                if (_awaitingValue)
                {
                    _awaitingValue = false;
                    var last = _matched == _path.Length;
                    if (last)
                    {
                        if (reader.TokenType != JsonTokenType.StartArray) throw Error(ref reader, $"{string.Join(".", _path)} is not an array");
                        FoundArray = true;
                        _inArray = true;
                        _matched--; // the array closes back into its parent object
                    }
                    else if (reader.TokenType != JsonTokenType.StartObject) throw Error(ref reader, $"{string.Join(".", _path[.._matched])} is not an object");
                    continue;
                }

                if (_pendingScalarName is not null)
                {
                    var name = _pendingScalarName;
                    _pendingScalarName = null;
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        var probe = reader;
                        if (!probe.TrySkip()) { _pendingScalarName = name; reader = checkpoint; Advance(ref reader); return false; }
                        reader = probe;
                    }
                    else if (_matched == 0 && reader.TokenType is JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False)
                        TopLevelScalars[name] = reader.TokenType == JsonTokenType.String ? reader.GetString()! : System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                    continue;
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        if (!FoundArray && _matched < _path.Length && reader.CurrentDepth == _matched + 1 && reader.ValueTextEquals(_path[_matched]))
                        {
                            _matched++;
                            _awaitingValue = true;
                        }
                        else _pendingScalarName = reader.GetString();
                        break;
                    case JsonTokenType.EndObject:
                        if (reader.CurrentDepth == 0) _rootClosed = true;
                        else if (reader.CurrentDepth == _matched) _matched--;
                        break;
                    default:
                        throw Error(ref reader, $"unexpected {reader.TokenType}");
                }
            }
        }
        catch (JsonException e)
        {
            throw Error(e.LineNumber ?? 0, e.BytePositionInLine ?? 0, Reason(e.Message));
        }
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

    /// <summary>A structural error at the reader's token: its absolute byte offset (the reader keeps line numbers internal).</summary>
    private EngineImportException Error(ref Utf8JsonReader reader, string reason) =>
        new(_sourceName, null, null, _consumedBefore + _start + reader.TokenStartIndex, reason);

    /// <summary>A syntax error the reader raised: its line and byte in line (0-based from the reader, shown 1-based).</summary>
    private EngineImportException Error(long line, long bytePositionInLine, string reason) =>
        new(_sourceName, line + 1, bytePositionInLine + 1, null, reason);

    /// <summary>The reader's message without its own trailing position (we state it ourselves).</summary>
    private static string Reason(string message)
    {
        var i = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (i >= 0 ? message[..i] : message).TrimEnd();
    }
}

/// <summary>An engine output file that cannot be read: the file, where (line and column, 1-based, or byte offset) and why.</summary>
public sealed class EngineImportException(string file, long? line, long? column, long? offset, string reason)
    : Exception(Format(file, line, column, offset, reason))
{
    public string File { get; } = file;
    public long? Line { get; } = line;
    public long? Column { get; } = column;
    public long? Offset { get; } = offset;
    public string Reason { get; } = reason;

    private static string Format(string file, long? line, long? column, long? offset, string reason)
    {
        var where = line is not null ? $"{file}:{line}:{column}" : offset is not null ? $"{file}: byte {offset}" : file;
        return $"{where}: {reason}";
    }
}
