using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Supplychain.Tests.Support;

/// <summary>
/// Validates JSON against a JSON Schema with JsonSchema.Net. Errors read <c>/instance/pointer: keyword: message</c>.
/// The official SARIF 2.1.0 schema declares draft-04, which JsonSchema.Net does not implement; it uses no keyword whose
/// meaning changed after draft-04, so it is evaluated as draft-07, without its root draft-04 <c>id</c> (nothing refers to
/// it, and a draft-07 reading would register it as an unrelated subschema id).
/// </summary>
internal static class SchemaValidation
{
    private const string Draft04 = "http://json-schema.org/draft-04/schema#";

    // A schema with an $id registers itself once per process (JsonSchema.Net refuses to overwrite): build each once.
    private static readonly Dictionary<string, JsonSchema> Built = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    /// <param name="stubs">Schemas the schema references by URI but the test data does not ship (CycloneDX's SPDX license list), as (uri, schema text).</param>
    public static IReadOnlyList<string> Errors(string schemaPath, JsonElement instance, params (string Uri, string Schema)[] stubs)
    {
        var schema = Build(schemaPath, stubs);
        var results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid) return [];
        return (results.Details ?? []).Prepend(results).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")).Distinct().ToList();
    }

    private static JsonSchema Build(string schemaPath, (string Uri, string Schema)[] stubs)
    {
        lock (Gate)
        {
            if (Built.TryGetValue(schemaPath, out var built)) return built;
            return Built[schemaPath] = Parse(schemaPath, stubs);
        }
    }

    private static JsonSchema Parse(string schemaPath, (string Uri, string Schema)[] stubs)
    {
        var node = JsonNode.Parse(File.ReadAllText(schemaPath))!.AsObject();
        if ((string?)node["$schema"] == Draft04)
        {
            node["$schema"] = "http://json-schema.org/draft-07/schema#";
            node.Remove("id");
        }
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        foreach (var (uri, text) in stubs) options.SchemaRegistry.Register(new Uri(uri), JsonSchema.FromText(text, options, new Uri(uri)));
        return JsonSchema.FromText(node.ToJsonString(), options);
    }
}
