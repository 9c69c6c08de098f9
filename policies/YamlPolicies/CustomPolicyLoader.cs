using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Judging;
using YamlDotNet.Core;

namespace Supplychain.Policies.YamlPolicies;

/// <summary>A problem in a custom policy file: the file, the line, the property (JSON-pointer-like path) and what is wrong.</summary>
public sealed record CustomPolicyError(string File, int Line, string Path, string Message)
{
    public override string ToString() => $"{File}:{Line}: {(Path.Length == 0 ? "" : Path + ": ")}{Message}";
}

/// <summary>What loading the custom policy files produced: the policies, or every problem found (then no policy is used).</summary>
public sealed record CustomPolicyLoad(IReadOnlyList<Policy> Policies, IReadOnlyList<CustomPolicyError> Errors);

/// <summary>
/// Reads custom policies: YAML, validated against <c>custom-policy.schema.json</c> (JsonSchema.Net; the same file editors
/// use through the <c># yaml-language-server: $schema=</c> comment), then the checks a schema cannot state: exactly one
/// operator per condition, regular expressions that compile, <c>quantifier</c> only on <c>[*]</c> paths, ids unique.
/// </summary>
public static class CustomPolicyLoader
{
    public const string SchemaResource = "Supplychain.Policies.YamlPolicies.custom-policy.schema.json";

    private static readonly string[] Operators =
        ["exists", "absent", "equals", "notEquals", "in", "notIn", "matches", "greaterThan", "greaterThanOrEqual", "lessThan", "lessThanOrEqual"];

    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(SchemaText()));

    /// <summary>The format's JSON Schema, as shipped in the assembly.</summary>
    public static string SchemaText()
    {
        using var stream = typeof(CustomPolicyLoader).Assembly.GetManifestResourceStream(SchemaResource)
                           ?? throw new InvalidOperationException($"resource {SchemaResource} is missing");
        return new StreamReader(stream).ReadToEnd();
    }

    public static CustomPolicyLoad Load(IReadOnlyList<PolicySourceFile> files)
    {
        var errors = new List<CustomPolicyError>();
        var policies = new List<Policy>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var before = errors.Count;
            var definition = Read(file, errors);
            if (definition is null || errors.Count > before) continue;
            if (seen.TryGetValue(definition.Id, out var other))
            {
                errors.Add(new(file.Path, 1, "id", $"policy id {definition.Id} is already declared in {other}; ids are unique and never reused"));
                continue;
            }
            seen[definition.Id] = file.Path;
            policies.Add(new CustomPolicy(definition, file.Path));
        }
        return new CustomPolicyLoad(errors.Count > 0 ? [] : policies, errors);
    }

    private static CustomPolicyDefinition? Read(PolicySourceFile file, List<CustomPolicyError> errors)
    {
        YamlJson doc;
        try { doc = YamlJson.Parse(file.Text); }
        catch (YamlException e)
        {
            errors.Add(new(file.Path, (int)e.Start.Line, "", $"not valid YAML: {e.InnerException?.Message ?? e.Message}"));
            return null;
        }
        if (doc.Root is not JsonObject root)
        {
            errors.Add(new(file.Path, 1, "", "expected a mapping with id, title, rationale, remediation, severity, frameworks, resourceTypes and conditions"));
            return null;
        }

        var element = JsonSerializer.SerializeToElement(root, CustomPolicyJson.Default.JsonObject);
        var result = Schema.Value.Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        if (!result.IsValid)
        {
            foreach (var (pointer, message) in SchemaErrors(result).Take(5))
                errors.Add(new(file.Path, doc.LineOf(pointer), Readable(pointer), message));
            return null;
        }

        var conditions = new ConditionReader(file.Path, doc, errors);
        var when = root["when"] is JsonArray w ? conditions.List(w, "/when") : [];
        var must = conditions.List((JsonArray)root["conditions"]!, "/conditions");
        return new CustomPolicyDefinition(
            Id: Text(root, "id"),
            Name: root["name"]?.GetValue<string>() ?? Text(root, "id"),
            Title: Text(root, "title"),
            Rationale: Text(root, "rationale"),
            Remediation: Text(root, "remediation"),
            Severity: Enum.Parse<Severity>(Text(root, "severity"), ignoreCase: true),
            Enforcement: Enum.Parse<Enforcement>(root["enforcement"]?.GetValue<string>() ?? "mandatory", ignoreCase: true),
            Controls: ((JsonArray)root["frameworks"]!).Select(f => new FrameworkControl(Text(f!, "framework"), Text(f!, "control"))).ToList(),
            ResourceTypes: Strings(root["resourceTypes"]),
            Environments: Strings(root["environments"]),
            Targets: Strings(root["targets"]),
            When: when,
            Conditions: must);
    }

    /// <summary>
    /// The most specific schema errors: only under failing nodes (a oneOf that passed still carries its failed branches),
    /// those at the deepest instance location (the branch that got furthest says what is wrong), one message per location.
    /// </summary>
    private static IEnumerable<(string Pointer, string Message)> SchemaErrors(EvaluationResults result)
    {
        var all = new List<(string Pointer, string Keyword, string Message)>();
        void Walk(EvaluationResults node)
        {
            if (node.IsValid) return;
            foreach (var (keyword, message) in node.Errors ?? new Dictionary<string, string>())
                if (keyword is not ("oneOf" or "$ref" or "allOf" or "anyOf")) all.Add((node.InstanceLocation.ToString(), keyword, message));
            foreach (var child in node.Details ?? []) Walk(child);
        }
        Walk(result);
        if (all.Count == 0) return [("", "does not match the custom policy schema")];
        var deepest = all.Max(e => e.Pointer.Count(c => c == '/'));
        return all.Where(e => e.Pointer.Count(c => c == '/') == deepest)
            .GroupBy(e => e.Pointer).Select(g => (g.Key, string.Join("; ", g.Select(e => e.Message).Distinct())));
    }

    internal static string Readable(string pointer) =>
        Regex.Replace(pointer.TrimStart('/'), "/([0-9]+)", "[$1]").Replace('/', '.').Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    private static string Text(JsonNode node, string key) => node[key]!.GetValue<string>();

    private static IReadOnlyList<string> Strings(JsonNode? node) => node is JsonArray a ? a.Select(n => n!.GetValue<string>()).ToList() : [];

    /// <summary>Builds conditions from schema-valid JSON, adding the errors a schema cannot express.</summary>
    private sealed class ConditionReader(string file, YamlJson doc, List<CustomPolicyError> errors)
    {
        public IReadOnlyList<Condition> List(JsonArray array, string pointer) =>
            array.Select((n, i) => One((JsonObject)n!, $"{pointer}/{i}")).ToList();

        private Condition One(JsonObject c, string pointer)
        {
            if (c["all"] is JsonArray all) return new AllOf(List(all, pointer + "/all"));
            if (c["any"] is JsonArray any) return new AnyOf(List(any, pointer + "/any"));
            if (c["not"] is JsonObject not) return new NotOf(One(not, pointer + "/not"));
            if (c["referencedBy"] is JsonObject by) return new ReferencedBy(by["type"]!.GetValue<string>(), by["path"]?.GetValue<string>());

            var path = c["path"]?.GetValue<string>();
            var ops = Operators.Where(c.ContainsKey).ToList();
            if (ops.Count != 1)
            {
                Error(pointer, ops.Count == 0
                    ? $"a condition needs one operator: {string.Join(", ", Operators)}"
                    : $"a condition has exactly one operator; this one has {string.Join(" and ", ops)} (combine conditions with all/any)");
                return new AllOf([]);
            }
            var quantifier = c["quantifier"]?.GetValue<string>();
            if (quantifier is not null && (path is null || !path.Contains("[*]", StringComparison.Ordinal)))
                Error(pointer + "/quantifier", "quantifier applies to a path with [*] only");
            var op = ops[0] switch
            {
                "exists" => Operator.Exists,
                "absent" => Operator.Absent,
                "equals" => Operator.EqualTo,
                "notEquals" => Operator.NotEqualTo,
                "in" => Operator.In,
                "notIn" => Operator.NotIn,
                "matches" => Operator.Matches,
                "greaterThan" => Operator.GreaterThan,
                "greaterThanOrEqual" => Operator.GreaterThanOrEqual,
                "lessThan" => Operator.LessThan,
                _ => Operator.LessThanOrEqual,
            };
            if (op == Operator.Matches)
            {
                try { _ = new Regex(c["matches"]!.GetValue<string>(), RegexOptions.CultureInvariant); }
                catch (ArgumentException e) { Error(pointer + "/matches", $"not a valid regular expression: {e.Message}"); }
            }
            if (path is not null && (path.StartsWith('.') || path.EndsWith('.') || path.Contains("..", StringComparison.Ordinal)))
                Error(pointer + "/path", $"'{path}' is not a property path; expected dotted names with [n] or [*], e.g. spec.template.spec.containers[*].image");
            return new Leaf(path, c["stack"]?.GetValue<string>(), op, c[ops[0]]?.DeepClone(), quantifier == "any");
        }

        private void Error(string pointer, string message) => errors.Add(new(file, doc.LineOf(pointer), Readable(pointer), message));
    }
}

/// <summary>Serializer metadata generated at build time (no reflection: the compiler runs Native AOT).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(JsonObject))]
internal sealed partial class CustomPolicyJson : System.Text.Json.Serialization.JsonSerializerContext;
