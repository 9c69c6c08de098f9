using System.Text.Json;
using Supplychain.Components.Model;
using Supplychain.Policies.Cost.Catalog;
using Supplychain.Policies.Importers;
using Supplychain.Policies.Judging;
using Supplychain.Stacks.Settings;

namespace Supplychain.Stacks.Pipeline;

/// <summary>
/// <c>policy judge</c>: judges resources handed over as JSON by another engine (a CrossGuard stack validation, a script)
/// with the stack's config, waivers and custom policies, through the one judge. Input: <c>{"resources": [...]}</c> or a
/// bare array; each resource has <c>type</c>, <c>name</c> or <c>urn</c>, and <c>props</c> (or <c>properties</c> /
/// <c>inputs</c>); engine unknowns and secrets are read as the importers read them (never printed).
/// </summary>
internal sealed class ResourceJudgePipeline(string projectDirectory, IFileSystem fileSystem, TimeProvider clock)
{
    public Judgement Run(string json, string sourceName, string stack)
    {
        var resources = Read(json, sourceName);
        var settings = StackSettingsReader.Read(ConfigSource.FromStackFile(projectDirectory, stack, fileSystem));
        var inputs = new PolicyInputs(projectDirectory, fileSystem);
        var spec = settings.Spec;
        return new StackJudge(PriceCatalog.Embedded()).Judge(resources, new JudgeRequest(spec.Stack, spec, settings.Policy,
            inputs.Waivers(settings), inputs.Policies(settings.Policy), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)));
    }

    /// <exception cref="FormatException">The input is not JSON of that shape; the message names the source and the item.</exception>
    public static IReadOnlyList<ResourceView> Read(string json, string sourceName)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new FormatException($"{sourceName}: not JSON ({e.Message})"); }
        using (doc)
        {
            var root = doc.RootElement;
            var list = root.ValueKind == JsonValueKind.Array ? root
                : root.ValueKind == JsonValueKind.Object && root.TryGetProperty("resources", out var r) && r.ValueKind == JsonValueKind.Array ? r
                : throw new FormatException($"{sourceName}: expected {{\"resources\": [...]}} or an array of resources");
            var views = new List<ResourceView>();
            var i = 0;
            foreach (var item in list.EnumerateArray())
            {
                var where = $"{sourceName}: resources[{i++}]";
                if (item.ValueKind != JsonValueKind.Object) throw new FormatException($"{where}: expected an object with type, name or urn, and props");
                var type = Text(item, "type") ?? throw new FormatException($"{where}: 'type' (a Pulumi type token) is required");
                var urn = Text(item, "urn");
                var name = Text(item, "name") ?? (urn is null ? null : EngineImporter.NameOf(urn))
                           ?? throw new FormatException($"{where}: 'name' or 'urn' is required");
                var props = new[] { "props", "properties", "inputs" }.Select(k => item.TryGetProperty(k, out var p) ? p : default)
                    .FirstOrDefault(p => p.ValueKind == JsonValueKind.Object);
                var properties = props.ValueKind == JsonValueKind.Object ? (MapValue)EngineValues.Convert(props) : new MapValue();
                views.Add(new ResourceView(name, type, [Text(item, "component") ?? "stack"], properties, urn));
            }
            return views;
        }
    }

    private static string? Text(JsonElement item, string key) =>
        item.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;
}
