using System.Text;
using System.Text.Json;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Importers;

/// <summary>
/// Converts engine property values (JSON) to the program's <see cref="Value"/> model. The engine's own encodings become
/// computed values: the unknown sentinel becomes <see cref="UnknownValue"/>; a secret (an object tagged with the secret
/// signature, or a preview's <c>"[secret]"</c>) becomes <see cref="SecretValue"/> without its <c>plaintext</c> or
/// <c>ciphertext</c> ever being read into a string.
/// </summary>
public static class EngineValues
{
    /// <summary>The string the engine writes for a value not known until apply (<c>plugin.UnknownStringValue</c>).</summary>
    public const string UnknownSentinel = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

    /// <summary>The key that marks an object as a special engine value (<c>sig.Key</c>).</summary>
    public const string SignatureKey = "4dabf18193072939515e22adb298388d";

    /// <summary>The signature value of a secret (<c>sig.Secret</c>).</summary>
    public const string SecretSignature = "1b47061264138c4ac30d75fd1eb44270";

    /// <summary>How a preview shows a secret (the blinding decrypter's output).</summary>
    public const string PreviewSecret = "[secret]";

    public static Value Convert(JsonElement element, StringPool? pool = null) => element.ValueKind switch
    {
        JsonValueKind.Object => Object(element, pool),
        JsonValueKind.Array => Array(element, pool),
        JsonValueKind.String => String(element, pool),
        JsonValueKind.Number => element.TryGetDecimal(out var d) ? new NumberValue(d) : new StringValue(element.GetRawText()),
        JsonValueKind.True => new BoolValue(true),
        JsonValueKind.False => new BoolValue(false),
        _ => Value.Null,
    };

    /// <summary>True when the object carries the secret signature (checked before any other property is touched).</summary>
    public static bool IsSecret(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(SignatureKey, out var sig)
        && sig.ValueKind == JsonValueKind.String && sig.ValueEquals(SecretSignature);

    /// <summary>
    /// <see cref="Convert"/> straight from a reader on the value's first token (the walk's one pass: no document is built),
    /// leaving it on the value's last token. The same values as <see cref="Convert"/> of the same JSON, duplicate keys
    /// included (the last one wins). A reader over an unfinished window may run out: see <see cref="JsonPathStream.Next"/>.
    /// </summary>
    public static Value Read(ref Utf8JsonReader reader, StringPool? pool = null)
    {
        var scratch = t_scratch ??= new Scratch();
        scratch.Reset(); // a read the window cut short left its entries behind
        return ReadValue(ref reader, pool, scratch);
    }

    private static readonly BoolValue True = new(true), False = new(false);

    private static Value ReadValue(ref Utf8JsonReader reader, StringPool? pool, Scratch scratch) => reader.TokenType switch
    {
        JsonTokenType.StartObject => ReadObject(ref reader, pool, scratch),
        JsonTokenType.StartArray => ReadArray(ref reader, pool, scratch),
        JsonTokenType.String => ReadString(ref reader, pool),
        JsonTokenType.Number => reader.TryGetDecimal(out var d) ? new NumberValue(d) : new StringValue(Encoding.UTF8.GetString(reader.ValueSpan)),
        JsonTokenType.True => True, // values are immutable: one instance each
        JsonTokenType.False => False,
        _ => Value.Null,
    };

    private static ReadOnlySpan<byte> SignatureKeyUtf8 => "4dabf18193072939515e22adb298388d"u8;
    private static ReadOnlySpan<byte> SecretSignatureUtf8 => "1b47061264138c4ac30d75fd1eb44270"u8;
    private static ReadOnlySpan<byte> UnknownSentinelUtf8 => "04da6b54-80e4-46f7-96ec-b56ff0331ba9"u8;
    private static ReadOnlySpan<byte> PreviewSecretUtf8 => "[secret]"u8;

    /// <summary>
    /// An object read in one pass: the signature may come after the payload, so a <c>plaintext</c> or <c>ciphertext</c> is
    /// passed over and read only once the object is known not to be a secret (as <see cref="Object"/> never reads it).
    /// Its entries go on the scratch stack above those of the objects it is in, and leave it as one map.
    /// </summary>
    private static Value ReadObject(ref Utf8JsonReader reader, StringPool? pool, Scratch scratch)
    {
        var start = scratch.EntryCount;
        var secret = false;
        Utf8JsonReader plaintext = default, ciphertext = default;
        bool hasPlaintext = false, hasCiphertext = false;
        while (true)
        {
            JsonPathStream.Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject) break;
            if (reader.ValueTextEquals(SignatureKeyUtf8))
            {
                // The last signature decides, as JsonElement.TryGetProperty finds the last of duplicate keys.
                JsonPathStream.Next(ref reader);
                secret = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(SecretSignatureUtf8);
                JsonPathStream.Skip(ref reader);
                continue;
            }
            if (reader.ValueTextEquals("plaintext"u8))
            {
                JsonPathStream.Next(ref reader);
                plaintext = reader;
                hasPlaintext = true;
                JsonPathStream.Skip(ref reader);
                continue;
            }
            if (reader.ValueTextEquals("ciphertext"u8))
            {
                JsonPathStream.Next(ref reader);
                ciphertext = reader;
                hasCiphertext = true;
                JsonPathStream.Skip(ref reader);
                continue;
            }
            var key = Text(ref reader, pool, pooledUpTo: int.MaxValue);
            JsonPathStream.Next(ref reader);
            scratch.Push(key, ReadValue(ref reader, pool, scratch));
        }
        if (secret)
        {
            scratch.PopEntries(start);
            return SecretValue.Instance;
        }
        if (hasPlaintext) scratch.Push(pool?.Get("plaintext") ?? "plaintext", ReadValue(ref plaintext, pool, scratch));
        if (hasCiphertext) scratch.Push(pool?.Get("ciphertext") ?? "ciphertext", ReadValue(ref ciphertext, pool, scratch));
        var map = MapValue.Of(scratch.EntriesFrom(start));
        scratch.PopEntries(start);
        return map;
    }

    private static ListValue ReadArray(ref Utf8JsonReader reader, StringPool? pool, Scratch scratch)
    {
        var start = scratch.ItemCount;
        while (true)
        {
            JsonPathStream.Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray) break;
            scratch.Push(ReadValue(ref reader, pool, scratch));
        }
        var list = ListValue.Of(scratch.ItemsFrom(start));
        scratch.PopItems(start);
        return list;
    }

    private static Value ReadString(ref Utf8JsonReader reader, StringPool? pool)
    {
        if (reader.ValueTextEquals(UnknownSentinelUtf8)) return UnknownValue.Instance;
        if (reader.ValueTextEquals(PreviewSecretUtf8)) return SecretValue.Instance;
        return new StringValue(Text(ref reader, pool, pooledUpTo: 64));
    }

    /// <summary>Longest text (in UTF-8 bytes) transcoded on the stack to be looked up in the pool before a string is made.</summary>
    private const int StackText = 256;

    /// <summary>
    /// The string (or property name) the reader is on; the pool's copy when it has at most <paramref name="pooledUpTo"/>
    /// characters, found without making a string for text the pool holds.
    /// </summary>
    private static string Text(ref Utf8JsonReader reader, StringPool? pool, int pooledUpTo)
    {
        // Unescaped, the text has at most as many characters as bytes: its bytes find the pooled string as they are.
        if (pool is not null && !reader.ValueIsEscaped && reader.ValueSpan.Length <= Math.Min(pooledUpTo, StackText))
            return pool.Get(reader.ValueSpan);
        if (pool is null || reader.ValueSpan.Length > StackText)
        {
            var text = reader.GetString()!;
            return pool is not null && text.Length <= pooledUpTo ? pool.Get(text) : text;
        }
        // Unescaped, text has at most as many characters as bytes; unescaping only shortens it.
        Span<char> chars = stackalloc char[StackText];
        var length = reader.CopyString(chars);
        return length <= pooledUpTo ? pool.Get(chars[..length]) : new string(chars[..length]);
    }

    [ThreadStatic] private static Scratch? t_scratch;

    /// <summary>
    /// The entries and items of the objects and arrays being read, as two stacks: a container's own sit above those of the
    /// containers it is in and leave as one map or list of the right size, so reading grows no list entry by entry.
    /// </summary>
    private sealed class Scratch
    {
        private KeyValuePair<string, Value>[] _entries = new KeyValuePair<string, Value>[256];
        private Value[] _items = new Value[256];

        public int EntryCount { get; private set; }
        public int ItemCount { get; private set; }

        public void Push(string key, Value value)
        {
            if (EntryCount == _entries.Length) System.Array.Resize(ref _entries, _entries.Length * 2);
            _entries[EntryCount++] = new(key, value);
        }

        public void Push(Value item)
        {
            if (ItemCount == _items.Length) System.Array.Resize(ref _items, _items.Length * 2);
            _items[ItemCount++] = item;
        }

        public ReadOnlySpan<KeyValuePair<string, Value>> EntriesFrom(int start) => _entries.AsSpan(start, EntryCount - start);
        public ReadOnlySpan<Value> ItemsFrom(int start) => _items.AsSpan(start, ItemCount - start);

        /// <summary>Drops the entries from <paramref name="start"/> on (cleared: the scratch keeps no value alive).</summary>
        public void PopEntries(int start)
        {
            System.Array.Clear(_entries, start, EntryCount - start);
            EntryCount = start;
        }

        public void PopItems(int start)
        {
            System.Array.Clear(_items, start, ItemCount - start);
            ItemCount = start;
        }

        public void Reset()
        {
            PopEntries(0);
            PopItems(0);
        }
    }

    private static Value Object(JsonElement element, StringPool? pool)
    {
        if (element.TryGetProperty(SignatureKey, out var sig))
        {
            if (sig.ValueKind == JsonValueKind.String && sig.ValueEquals(SecretSignature)) return SecretValue.Instance;
            // Other signatures (assets, archives, resource references) carry no secret; keep what they say, minus the tag.
        }
        var map = new MapValue();
        foreach (var p in element.EnumerateObject())
        {
            if (p.NameEquals(SignatureKey)) continue;
            map[pool?.Get(p.Name) ?? p.Name] = Convert(p.Value, pool);
        }
        return map;
    }

    private static ListValue Array(JsonElement element, StringPool? pool)
    {
        var list = new ListValue();
        foreach (var item in element.EnumerateArray()) list.Add(Convert(item, pool));
        return list;
    }

    private static Value String(JsonElement element, StringPool? pool)
    {
        if (element.ValueEquals(UnknownSentinel)) return UnknownValue.Instance;
        if (element.ValueEquals(PreviewSecret)) return SecretValue.Instance;
        var text = element.GetString()!;
        return new StringValue(pool is not null && text.Length <= 64 ? pool.Get(text) : text);
    }
}
