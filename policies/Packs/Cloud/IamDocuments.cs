using System.Text.Json;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Cloud;

/// <summary>One IAM policy statement, read from JSON (<c>Effect</c>, <c>Action</c>, <c>Resource</c>, <c>Condition</c>, <c>Principal</c>).</summary>
/// <param name="Index">Position in the document's <c>Statement</c> list (reports name it).</param>
public sealed record IamStatement(int Index, bool Allow, IReadOnlyList<string> Actions, IReadOnlyList<string> Resources, JsonElement? Condition, JsonElement? Principal)
{
    public bool HasCondition => Condition is { ValueKind: JsonValueKind.Object } c && c.EnumerateObject().Any();

    /// <summary>Condition values under an operator (<c>StringEquals</c>) for a key, matched case-insensitively (IAM keys are).</summary>
    public IReadOnlyList<string> ConditionValues(string @operator, string key)
    {
        if (Condition is not { ValueKind: JsonValueKind.Object } c) return [];
        foreach (var op in c.EnumerateObject().Where(o => string.Equals(o.Name, @operator, StringComparison.OrdinalIgnoreCase)))
            foreach (var k in op.Value.EnumerateObject().Where(k => string.Equals(k.Name, key, StringComparison.OrdinalIgnoreCase)))
                return k.Value.ValueKind == JsonValueKind.Array ? k.Value.EnumerateArray().Select(v => v.ToString()).ToList() : [k.Value.ToString()];
        return [];
    }
}

/// <summary>
/// IAM policy documents as the components and engine outputs carry them: a JSON string, a <c>fn::toJSON</c> object, or an
/// <c>aws:iam:getPolicyDocument</c> invoke (lower-case <c>statements</c>). A computed document cannot be read: no statements.
/// </summary>
public static class IamDocuments
{
    /// <summary>The documents a resource holds, each with the property path a violation names.</summary>
    public static IEnumerable<(string Path, Value? Document)> Of(ResourceView resource)
    {
        if (CloudTypes.Is(resource.Type, CloudTypes.IamRole))
        {
            var inline = resource.Properties.At("inlinePolicies") as ListValue ?? [];
            for (var i = 0; i < inline.Count; i++)
                yield return ($"inlinePolicies[{i}].policy", (inline[i] as MapValue)?.At("policy"));
            yield break;
        }
        yield return ("policy", resource.Properties.At("policy"));
    }

    public static IReadOnlyList<IamStatement> Statements(Value? document)
    {
        if (document is FunctionValue { Name: "fn::invoke", Argument: MapValue invoke } && invoke.At("function")?.ToString() == "aws:iam:getPolicyDocument")
            return FromInvoke(invoke.At("arguments.statements") as ListValue ?? []);
        var json = document switch
        {
            StringValue s => s.Text,
            FunctionValue { Name: "fn::toJSON", Argument: var arg } => ToJson(arg),
            _ => null,
        };
        if (json is null) return [];
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("Statement", out var statements)) return [];
            var list = statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray().ToList() : [statements];
            return list.Select((st, i) => new IamStatement(i,
                !st.TryGetProperty("Effect", out var effect) || effect.GetString() == "Allow",
                Strings(st, "Action"), Strings(st, "Resource"),
                st.TryGetProperty("Condition", out var c) ? c.Clone() : null,
                st.TryGetProperty("Principal", out var p) ? p.Clone() : null)).ToList();
        }
        catch (JsonException) { return []; }
    }

    /// <summary>getPolicyDocument's shape: statements[].actions/resources/conditions[{test, variable, values}]/principals.</summary>
    private static IReadOnlyList<IamStatement> FromInvoke(ListValue statements)
    {
        var result = new List<IamStatement>();
        for (var i = 0; i < statements.Count; i++)
        {
            if (statements[i] is not MapValue st) continue;
            var condition = new Dictionary<string, Dictionary<string, List<string>>>();
            foreach (var c in (st.At("conditions") as ListValue ?? []).OfType<MapValue>())
            {
                var test = c.At("test")?.ToString() ?? "";
                if (!condition.TryGetValue(test, out var keys)) condition[test] = keys = [];
                keys[c.At("variable")?.ToString() ?? ""] = (c.At("values") as ListValue ?? []).Select(v => v.ToString()).ToList();
            }
            var principals = (st.At("principals") as ListValue ?? []).OfType<MapValue>()
                .ToDictionary(p => p.At("type")?.ToString() ?? "", p => (p.At("identifiers") as ListValue ?? []).Select(v => v.ToString()).ToList());
            result.Add(new IamStatement(i, st.At("effect")?.ToString() != "Deny",
                (st.At("actions") as ListValue ?? []).Select(a => a.ToString()).ToList(),
                (st.At("resources") as ListValue ?? []).Select(a => a.ToString()).ToList(),
                condition.Count == 0 ? null : JsonSerializer.SerializeToElement(condition, IamJson.Default.DictionaryStringDictionaryStringListString),
                principals.Count == 0 ? null : JsonSerializer.SerializeToElement(principals, IamJson.Default.DictionaryStringListString)));
        }
        return result;
    }

    private static IReadOnlyList<string> Strings(JsonElement st, string key) =>
        !st.TryGetProperty(key, out var v) ? []
        : v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(a => a.ToString()).ToList()
        : [v.ToString()];

    /// <summary>JSON of a literal value tree; references render as their <c>${...}</c> text, so resource ARNs stay recognisable.</summary>
    public static string ToJson(Value v) => v switch
    {
        MapValue m => "{" + string.Join(",", m.Select(kv => JsonText.Quote(kv.Key) + ":" + ToJson(kv.Value))) + "}",
        ListValue l => "[" + string.Join(",", l.Select(ToJson)) + "]",
        NumberValue or BoolValue => v.ToString(),
        NullValue => "null",
        _ => JsonText.Quote(v.ToString()),
    };

    /// <summary>IAM's wildcard matching (<c>*</c> any run, <c>?</c> one character), case-insensitive as action names are.</summary>
    public static bool Matches(string pattern, string action) =>
        System.Text.RegularExpressions.Regex.IsMatch(action,
            "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);
}

/// <summary>Serializer metadata generated at build time (no reflection: the compiler runs Native AOT).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, Dictionary<string, List<string>>>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, List<string>>))]
internal sealed partial class IamJson : System.Text.Json.Serialization.JsonSerializerContext;
