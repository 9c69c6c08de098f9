using System.Text.Json;
using System.Text.RegularExpressions;

namespace Supplychain.Tests.PolicyEngine;

/// <summary>
/// A JSON Schema validator for the keywords the SARIF 2.1.0 schema uses (draft-04): type (one or a list),
/// properties, required, additionalProperties (bool or schema), items, enum, minItems, uniqueItems, minimum,
/// maximum, pattern, anyOf, oneOf and $ref to <c>#/definitions/...</c>. <c>format</c> is an annotation here, not checked.
/// For the CycloneDX 1.5 schema (draft-07) it also knows allOf, minLength, maxLength, maxItems, the annotations
/// <c>$id</c>, <c>$comment</c> and <c>examples</c>, and <c>additionalItems</c> (which has no effect when <c>items</c> is one schema).
/// Written for the tests because no JSON Schema library restores from this project's NuGet source
/// (JsonSchema.Net and NJsonSchema both miss dependencies there). Unknown keywords fail loudly, so a schema
/// needing more than this subset cannot pass silently.
/// </summary>
public sealed class JsonSchemaSubset
{
    private static readonly HashSet<string> Known =
    [
        "$schema", "id", "title", "description", "default", "definitions", "format",
        "type", "properties", "required", "additionalProperties", "items", "enum",
        "minItems", "uniqueItems", "minimum", "maximum", "pattern", "anyOf", "oneOf", "$ref",
        "$id", "$comment", "examples", "additionalItems", "allOf", "minLength", "maxLength", "maxItems",
    ];

    private readonly JsonElement _root;

    public JsonSchemaSubset(JsonElement root) => _root = root;

    public IReadOnlyList<string> Validate(JsonElement instance)
    {
        var errors = new List<string>();
        Check(_root, instance, "$", errors);
        return errors;
    }

    private void Check(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        foreach (var keyword in schema.EnumerateObject())
            if (!Known.Contains(keyword.Name))
                throw new NotSupportedException($"schema keyword '{keyword.Name}' at {path} is outside the supported subset");

        if (schema.TryGetProperty("$ref", out var reference))
        {
            Check(Resolve(reference.GetString()!), value, path, errors);
            return; // draft-04: siblings of $ref are ignored
        }

        if (schema.TryGetProperty("type", out var type) && !TypeMatches(type, value))
        {
            errors.Add($"{path}: expected {type}, got {value.ValueKind}");
            return;
        }

        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => JsonElement.DeepEquals(a, value)))
            errors.Add($"{path}: {value} is not one of {allowed}");

        switch (value.ValueKind)
        {
            case JsonValueKind.Object: CheckObject(schema, value, path, errors); break;
            case JsonValueKind.Array: CheckArray(schema, value, path, errors); break;
            case JsonValueKind.Number:
                if (schema.TryGetProperty("minimum", out var min) && value.GetDecimal() < min.GetDecimal()) errors.Add($"{path}: {value} < minimum {min}");
                if (schema.TryGetProperty("maximum", out var max) && value.GetDecimal() > max.GetDecimal()) errors.Add($"{path}: {value} > maximum {max}");
                break;
            case JsonValueKind.String:
                if (schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(value.GetString()!, pattern.GetString()!))
                    errors.Add($"{path}: '{value.GetString()}' does not match {pattern.GetString()}");
                if (schema.TryGetProperty("minLength", out var minLength) && value.GetString()!.Length < minLength.GetInt32())
                    errors.Add($"{path}: shorter than minLength {minLength}");
                if (schema.TryGetProperty("maxLength", out var maxLength) && value.GetString()!.Length > maxLength.GetInt32())
                    errors.Add($"{path}: longer than maxLength {maxLength}");
                break;
        }

        if (schema.TryGetProperty("allOf", out var allOf))
            foreach (var part in allOf.EnumerateArray()) Check(part, value, path, errors);
        if (schema.TryGetProperty("anyOf", out var anyOf) && !anyOf.EnumerateArray().Any(s => Passes(s, value, path)))
            errors.Add($"{path}: matches none of anyOf");
        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            var matches = oneOf.EnumerateArray().Count(s => Passes(s, value, path));
            if (matches != 1) errors.Add($"{path}: matches {matches} of oneOf (exactly one required)");
        }
    }

    private void CheckObject(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.TryGetProperty("required", out var required))
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                if (!value.TryGetProperty(name, out _)) errors.Add($"{path}: missing required property '{name}'");

        var properties = schema.TryGetProperty("properties", out var p) ? p : default;
        var additional = schema.TryGetProperty("additionalProperties", out var a) ? a : default;
        foreach (var member in value.EnumerateObject())
        {
            var childPath = $"{path}.{member.Name}";
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(member.Name, out var propertySchema))
                Check(propertySchema, member.Value, childPath, errors);
            else if (additional.ValueKind == JsonValueKind.False)
                errors.Add($"{path}: property '{member.Name}' is not allowed");
            else if (additional.ValueKind == JsonValueKind.Object)
                Check(additional, member.Value, childPath, errors);
        }
    }

    private void CheckArray(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        var items = value.EnumerateArray().ToList();
        if (schema.TryGetProperty("minItems", out var minItems) && items.Count < minItems.GetInt32())
            errors.Add($"{path}: {items.Count} items, at least {minItems} required");
        if (schema.TryGetProperty("maxItems", out var maxItems) && items.Count > maxItems.GetInt32())
            errors.Add($"{path}: {items.Count} items, at most {maxItems} allowed");
        if (schema.TryGetProperty("uniqueItems", out var unique) && unique.ValueKind == JsonValueKind.True)
            for (var i = 0; i < items.Count; i++)
                for (var j = i + 1; j < items.Count; j++)
                    if (JsonElement.DeepEquals(items[i], items[j])) errors.Add($"{path}: items {i} and {j} are equal but must be unique");
        if (schema.TryGetProperty("items", out var itemSchema) && itemSchema.ValueKind == JsonValueKind.Array)
            throw new NotSupportedException($"tuple 'items' at {path} is outside the supported subset");
        if (schema.TryGetProperty("items", out itemSchema))
            for (var i = 0; i < items.Count; i++) Check(itemSchema, items[i], $"{path}[{i}]", errors);
    }

    private bool Passes(JsonElement schema, JsonElement value, string path)
    {
        var errors = new List<string>();
        Check(schema, value, path, errors);
        return errors.Count == 0;
    }

    private JsonElement Resolve(string reference)
    {
        const string prefix = "#/definitions/";
        if (!reference.StartsWith(prefix, StringComparison.Ordinal)) throw new NotSupportedException($"$ref '{reference}' is outside the supported subset");
        return _root.GetProperty("definitions").GetProperty(reference[prefix.Length..]);
    }

    private static bool TypeMatches(JsonElement type, JsonElement value) =>
        type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Any(t => IsType(t.GetString()!, value)) : IsType(type.GetString()!, value);

    private static bool IsType(string type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && d == decimal.Truncate(d),
        _ => throw new NotSupportedException($"type '{type}'"),
    };
}
