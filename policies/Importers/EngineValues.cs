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
    public static Value Read(ref Utf8JsonReader reader, StringPool? pool = null) => reader.TokenType switch
    {
        JsonTokenType.StartObject => ReadObject(ref reader, pool),
        JsonTokenType.StartArray => ReadArray(ref reader, pool),
        JsonTokenType.String => ReadString(ref reader, pool),
        JsonTokenType.Number => reader.TryGetDecimal(out var d) ? new NumberValue(d) : new StringValue(Encoding.UTF8.GetString(reader.ValueSpan)),
        JsonTokenType.True => new BoolValue(true),
        JsonTokenType.False => new BoolValue(false),
        _ => Value.Null,
    };

    private static ReadOnlySpan<byte> SignatureKeyUtf8 => "4dabf18193072939515e22adb298388d"u8;
    private static ReadOnlySpan<byte> SecretSignatureUtf8 => "1b47061264138c4ac30d75fd1eb44270"u8;
    private static ReadOnlySpan<byte> UnknownSentinelUtf8 => "04da6b54-80e4-46f7-96ec-b56ff0331ba9"u8;
    private static ReadOnlySpan<byte> PreviewSecretUtf8 => "[secret]"u8;

    /// <summary>
    /// An object read in one pass: the signature may come after the payload, so a <c>plaintext</c> or <c>ciphertext</c> is
    /// passed over and read only once the object is known not to be a secret (as <see cref="Object"/> never reads it).
    /// </summary>
    private static Value ReadObject(ref Utf8JsonReader reader, StringPool? pool)
    {
        var entries = new List<KeyValuePair<string, Value>>(); // TODO size
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
            if (reader.ValueTextEquals("plaintext"u8) || reader.ValueTextEquals("ciphertext"u8))
            {
                var isPlain = reader.ValueTextEquals("plaintext"u8);
                JsonPathStream.Next(ref reader);
                if (isPlain) { plaintext = reader; hasPlaintext = true; }
                else { ciphertext = reader; hasCiphertext = true; }
                JsonPathStream.Skip(ref reader);
                continue;
            }
            var key = ReadKey(ref reader, pool);
            JsonPathStream.Next(ref reader);
            entries.Add(new(key, Read(ref reader, pool)));
        }
        if (secret) return SecretValue.Instance;
        if (hasPlaintext) entries.Add(new(pool?.Get("plaintext") ?? "plaintext", Read(ref plaintext, pool)));
        if (hasCiphertext) entries.Add(new(pool?.Get("ciphertext") ?? "ciphertext", Read(ref ciphertext, pool)));
        var map = new MapValue();
        foreach (var (k, v) in entries) map[k] = v;
        return map;
    }

    private static ListValue ReadArray(ref Utf8JsonReader reader, StringPool? pool)
    {
        var list = new ListValue();
        while (true)
        {
            JsonPathStream.Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray) return list;
            list.Add(Read(ref reader, pool));
        }
    }

    private static Value ReadString(ref Utf8JsonReader reader, StringPool? pool)
    {
        if (reader.ValueTextEquals(UnknownSentinelUtf8)) return UnknownValue.Instance;
        if (reader.ValueTextEquals(PreviewSecretUtf8)) return SecretValue.Instance;
        var text = reader.GetString()!;
        return new StringValue(pool is not null && text.Length <= 64 ? pool.Get(text) : text);
    }

    private static string ReadKey(ref Utf8JsonReader reader, StringPool? pool)
    {
        var name = reader.GetString()!;
        return pool?.Get(name) ?? name;
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

/// <summary>
/// Shares equal short strings (property names, label keys, namespaces) across the thousands of resources of a large
/// import, so the retained views cost memory for what differs between them, not for what repeats.
/// </summary>
public sealed class StringPool(int limit = 200_000, bool renew = false)
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    /// <summary>
    /// The pooled copy of the text. A full pool stops pooling; a renewing one (a streaming import, whose views are dropped)
    /// starts over instead, so it keeps sharing the strings that recur now without keeping every string it ever saw.
    /// </summary>
    public string Get(string text)
    {
        if (_strings.TryGetValue(text, out var shared)) return shared;
        if (_strings.Count >= limit && renew) _strings.Clear();
        if (_strings.Count < limit) _strings[text] = text;
        return text;
    }
}
