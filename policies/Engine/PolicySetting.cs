using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Supplychain.Policies.Engine;

/// <summary>The JSON type of a policy setting.</summary>
public enum SettingType { Integer, Number, Boolean, String, StringList }

/// <summary>
/// One tunable of a policy (CrossGuard's <c>configSchema</c>, one property): its name, type, default, bounds and what it
/// means. A stack sets it under <c>supplychain:policy.settings.&lt;ID&gt;.&lt;name&gt;</c>; the declaration validates the
/// value, renders its JSON Schema for <c>policy list --format json</c>, and gives the default when the stack is silent.
/// </summary>
/// <param name="Minimum">Inclusive lower bound for numbers; the minimum number of items for a list.</param>
/// <param name="Maximum">Inclusive upper bound for numbers.</param>
/// <param name="Pattern">A regular expression every string (or list item) must match.</param>
public sealed record PolicySetting(
    string Name,
    SettingType Type,
    JsonNode Default,
    string Description,
    decimal? Minimum = null,
    decimal? Maximum = null,
    string? Pattern = null)
{
    public static PolicySetting Integer(string name, int @default, string description, int? minimum = null, int? maximum = null) =>
        new(name, SettingType.Integer, JsonValue.Create(@default), description, minimum, maximum);

    public static PolicySetting Number(string name, decimal @default, string description, decimal? minimum = null, decimal? maximum = null) =>
        new(name, SettingType.Number, JsonValue.Create(@default), description, minimum, maximum);

    public static PolicySetting Strings(string name, IEnumerable<string> @default, string description, string? pattern = null, int? minItems = null) =>
        new(name, SettingType.StringList, new JsonArray(@default.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()), description, minItems, null, pattern);

    /// <summary>Why <paramref name="value"/> is not acceptable, in words naming what is allowed; null when it is.</summary>
    public string? Validate(JsonNode? value)
    {
        switch (Type)
        {
            case SettingType.Integer:
            case SettingType.Number:
                if (AsNumber(value) is not { } n || Type == SettingType.Integer && n != decimal.Truncate(n))
                    return $"expected {(Type == SettingType.Integer ? "an integer" : "a number")}{Bounds()}, got {Show(value)}";
                if (n < Minimum || n > Maximum) return $"{Show(value)} is out of range; expected {Bounds().TrimStart()}";
                return null;
            case SettingType.Boolean:
                return value is JsonValue b && b.TryGetValue<bool>(out _) ? null : $"expected true or false, got {Show(value)}";
            case SettingType.String:
                return value is JsonValue s && s.TryGetValue<string>(out var text) ? PatternError(text) : $"expected a string, got {Show(value)}";
            case SettingType.StringList:
                if (value is not JsonArray list) return $"expected a list of strings, got {Show(value)}";
                if (Minimum is { } min && list.Count < min) return $"expected at least {min} item(s), got {list.Count}";
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is not JsonValue item || !item.TryGetValue<string>(out var itemText)) return $"item [{i}]: expected a string, got {Show(list[i])}";
                    if (PatternError(itemText) is { } bad) return $"item [{i}]: {bad}";
                }
                return null;
            default:
                throw new ArgumentOutOfRangeException(nameof(Type));
        }
    }

    /// <summary>This setting as a JSON Schema property (draft 2020-12 keywords).</summary>
    public JsonObject Schema()
    {
        var schema = new JsonObject
        {
            ["type"] = Type switch
            {
                SettingType.Integer => "integer",
                SettingType.Number => "number",
                SettingType.Boolean => "boolean",
                SettingType.String => "string",
                _ => "array",
            },
            ["description"] = Description,
            ["default"] = Default.DeepClone(),
        };
        if (Type == SettingType.StringList)
        {
            var items = new JsonObject { ["type"] = "string" };
            if (Pattern is not null) items["pattern"] = Pattern;
            schema["items"] = items;
            if (Minimum is { } minItems) schema["minItems"] = (int)minItems;
        }
        else
        {
            if (Minimum is { } min) schema["minimum"] = min;
            if (Maximum is { } max) schema["maximum"] = max;
            if (Pattern is not null) schema["pattern"] = Pattern;
        }
        return schema;
    }

    /// <summary>A policy's settings as one JSON Schema object (no other property allowed).</summary>
    public static JsonObject SchemaOf(IReadOnlyList<PolicySetting> settings) => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject(settings.Select(s => KeyValuePair.Create(s.Name, (JsonNode?)s.Schema()))),
        ["additionalProperties"] = false,
    };

    public static decimal? AsNumber(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number && decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    private string? PatternError(string text) =>
        Pattern is null || Regex.IsMatch(text, Pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)) ? null
            : $"'{text}' does not match {Pattern}";

    private string Bounds() => (Minimum, Maximum) switch
    {
        ({ } min, { } max) => $" from {Format(min)} to {Format(max)}",
        ({ } min, null) => $" of at least {Format(min)}",
        (null, { } max) => $" of at most {Format(max)}",
        _ => "",
    };

    private static string Format(decimal d) => d.ToString(CultureInfo.InvariantCulture);

    private static string Show(JsonNode? value) => value is null ? "nothing" : value.ToJsonString();
}
