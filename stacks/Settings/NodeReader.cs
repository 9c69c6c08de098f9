using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Supplychain.Components.Model;

namespace Supplychain.Stacks.Settings;

/// <summary>
/// Reads typed values out of the normalised JSON tree, reporting each problem with its key path, what was found
/// and what is allowed. Every reader returns null after reporting, so validation goes on and collects all errors.
/// Numbers and booleans are also accepted as strings (<c>"2500"</c>, <c>"true"</c>), as Pulumi's own config API does.
/// </summary>
internal sealed class NodeReader(Diagnostics diagnostics)
{

    public Diagnostics Diagnostics => diagnostics;

    public void Error(string path, string message) => diagnostics.Add(path, message);

    /// <summary>How a found value is shown in a message: strings quoted (and shortened), numbers and booleans as written.</summary>
    public static string Show(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "a list",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Quote(v.GetValue<string>()),
        _ => node.ToJsonString(),
    };

    public static bool HasControlCharacter(string s) => s.Any(char.IsControl);

    private static string ControlCharacterOf(string s) => $"U+{(int)s.First(char.IsControl):X4}";

    public static string Quote(string s) =>
        JsonText.Quote(s.Length > 100 ? s[..97] + "..." : s, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);

    public ObjectNode? Object(JsonNode? node, string path, string what, IReadOnlyList<string> fields)
    {
        if (node is JsonObject obj) return new ObjectNode(this, obj, path + ".", fields, "field");
        Error(path, $"{Show(node)} is not {what}; expected an object with fields {string.Join(", ", fields)}");
        return null;
    }

    public JsonArray? List(JsonNode? node, string path, string what)
    {
        if (node is JsonArray list) return list;
        Error(path, $"{Show(node)} is not a list; expected a list of {what}");
        return null;
    }

    public JsonObject? Map(JsonNode? node, string path, string what)
    {
        if (node is JsonObject map)
        {
            foreach (var key in map.Select(kv => kv.Key).Where(HasControlCharacter))
                Error($"{path}.{key}", $"the key {Quote(key)} contains a control character ({ControlCharacterOf(key)}); expected {what}");
            return map;
        }
        Error(path, $"{Show(node)} is not a map; expected a map of {what}");
        return null;
    }

    /// <summary>A string (numbers and booleans count, as their text); empty strings are refused.</summary>
    public string? String(JsonNode? node, string path, string expectation = "a non-empty string")
    {
        if (node is JsonValue v)
        {
            var kind = v.GetValueKind();
            var text = kind == JsonValueKind.String ? v.GetValue<string>() : kind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False ? v.ToJsonString() : null;
            if (text is { Length: > 0 } && HasControlCharacter(text))
            {
                // A line break or other control character is never part of a name, label, tag or reference (a trailing
                // newline from a here-doc is the usual way in): refused rather than trimmed, so what is deployed is what was written.
                Error(path, $"{Quote(text)} contains a control character ({ControlCharacterOf(text)}); expected {expectation}");
                return null;
            }
            if (text is { Length: > 0 }) return text;
            if (text is "") { Error(path, $"is empty; expected {expectation}"); return null; }
        }
        Error(path, $"{Show(node)} is not a string; expected {expectation}");
        return null;
    }

    public string? Format(JsonNode? node, string path, Func<string, bool> isValid, string what, string expectation)
    {
        var s = String(node, path, expectation);
        if (s is null || isValid(s)) return s;
        Error(path, $"{Quote(s)} is not {what}; expected {expectation}");
        return null;
    }

    public string? Enum(JsonNode? node, string path, IReadOnlyList<string> allowed)
    {
        var expectation = "one of " + string.Join(", ", allowed);
        var s = String(node, path, expectation);
        if (s is null || allowed.Contains(s, StringComparer.Ordinal)) return s;
        Error(path, $"{Quote(s)} is not allowed; expected {expectation}{Suggestions.DidYouMean(s, allowed)}");
        return null;
    }

    public decimal? Number(JsonNode? node, string path, Func<decimal, bool> isAllowed, string expectation)
    {
        if (!TryGetNumber(node, out var n))
        {
            Error(path, $"{Show(node)} is not a number; expected {expectation}");
            return null;
        }
        if (isAllowed(n)) return n;
        Error(path, $"{Show(node)} is out of range; expected {expectation}");
        return null;
    }

    public int? Int(JsonNode? node, string path, int min, int max)
    {
        var expectation = max == int.MaxValue ? $"an integer of at least {min}" : $"an integer from {min} to {max}";
        if (!TryGetNumber(node, out var n) || n != decimal.Truncate(n))
        {
            Error(path, $"{Show(node)} is not an integer; expected {expectation}");
            return null;
        }
        if (n >= min && n <= max) return (int)n;
        Error(path, $"{Show(node)} is out of range; expected {expectation}");
        return null;
    }

    public bool? Bool(JsonNode? node, string path)
    {
        if (node is JsonValue v)
        {
            switch (v.GetValueKind())
            {
                case JsonValueKind.True: return true;
                case JsonValueKind.False: return false;
                case JsonValueKind.String when bool.TryParse(v.GetValue<string>(), out var b): return b;
            }
        }
        Error(path, $"{Show(node)} is not a boolean; expected true or false");
        return null;
    }

    /// <summary>A list of integers, each in range; null when the list or any item is invalid.</summary>
    public IReadOnlyList<int>? IntList(JsonNode? node, string path, int min, int max)
    {
        if (List(node, path, $"integers from {min} to {max}") is not { } list) return null;
        var items = list.Select((item, i) => Int(item, $"{path}[{i}]", min, max)).ToArray();
        return items.All(i => i.HasValue) ? items.Select(i => i!.Value).ToArray() : null;
    }

    /// <summary>A list of strings, each checked; null when the list or any item is invalid.</summary>
    public IReadOnlyList<string>? StringList(JsonNode? node, string path, string what, Func<JsonNode?, string, string?> readItem)
    {
        if (List(node, path, what) is not { } list) return null;
        var items = list.Select((item, i) => readItem(item, $"{path}[{i}]")).ToArray();
        return items.All(i => i is not null) ? items.Select(i => i!).ToArray() : null;
    }

    private static bool TryGetNumber(JsonNode? node, out decimal value)
    {
        value = 0;
        if (node is not JsonValue v) return false;
        var text = v.GetValueKind() switch
        {
            JsonValueKind.Number => v.ToJsonString(),
            JsonValueKind.String => v.GetValue<string>().Trim(),
            _ => null,
        };
        return text is not null && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}

/// <summary>An object being read: its fields by name, with unknown fields reported (with a "did you mean") on creation.</summary>
internal sealed class ObjectNode
{
    private readonly JsonObject obj;
    private readonly string prefix;

    public ObjectNode(NodeReader reader, JsonObject obj, string prefix, IReadOnlyList<string> fields, string noun)
    {
        Reader = reader;
        this.obj = obj;
        this.prefix = prefix;
        foreach (var (name, value) in obj)
        {
            if (fields.Contains(name, StringComparer.Ordinal)) continue;
            if (IsEncrypted(value))
                reader.Error(prefix + name, "is an encrypted (secure) value; only secret keys (supplychain:alertWebhookUrl) may be encrypted");
            else
            {
                var suggestion = Suggestions.DidYouMean(name, fields);
                reader.Error(prefix + name, $"unknown {noun}{(suggestion.Length > 0 ? suggestion + " Allowed" : "; allowed")} {noun}s: {string.Join(", ", fields)}");
            }
        }
    }

    public NodeReader Reader { get; }

    public JsonNode? this[string field] => obj[field];

    public bool Has(string field) => obj[field] is not null;

    public string PathOf(string field) => prefix + field;

    public string? Required(string field, string expectation)
    {
        if (Has(field)) return field;
        Reader.Error(PathOf(field), $"is required; expected {expectation}");
        return null;
    }

    public string? String(string field, bool required, string expectation = "a non-empty string") =>
        Has(field) ? Reader.String(obj[field], PathOf(field), expectation) : Missing<string>(field, required, expectation);

    public string? Format(string field, bool required, Func<string, bool> isValid, string what, string expectation) =>
        Has(field) ? Reader.Format(obj[field], PathOf(field), isValid, what, expectation) : Missing<string>(field, required, expectation);

    public string? Enum(string field, bool required, IReadOnlyList<string> allowed) =>
        Has(field) ? Reader.Enum(obj[field], PathOf(field), allowed) : Missing<string>(field, required, "one of " + string.Join(", ", allowed));

    public int? Int(string field, int min, int max, int? defaultValue) =>
        Has(field) ? Reader.Int(obj[field], PathOf(field), min, max) : defaultValue ?? MissingValue<int>(field, required: true, $"an integer from {min} to {max}");

    public int? OptionalInt(string field, int min, int max) =>
        Has(field) ? Reader.Int(obj[field], PathOf(field), min, max) : null;

    public decimal? Number(string field, bool required, Func<decimal, bool> isAllowed, string expectation) =>
        Has(field) ? Reader.Number(obj[field], PathOf(field), isAllowed, expectation) : MissingValue<decimal>(field, required, expectation);

    public bool? Bool(string field, bool defaultValue) => Has(field) ? Reader.Bool(obj[field], PathOf(field)) : defaultValue;

    private T? Missing<T>(string field, bool required, string expectation) where T : class
    {
        if (required) Reader.Error(PathOf(field), $"is required; expected {expectation}");
        return null;
    }

    private T? MissingValue<T>(string field, bool required, string expectation) where T : struct
    {
        if (required) Reader.Error(PathOf(field), $"is required; expected {expectation}");
        return null;
    }

    private static bool IsEncrypted(JsonNode? node) => node is JsonObject { Count: 1 } o && o.ContainsKey("secure");
}
