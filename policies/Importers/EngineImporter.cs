using System.Text.Json;
using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Importers;

/// <summary>Which engine output a file holds.</summary>
public enum EngineFormat { Preview, State }

/// <summary>What an import skipped or could not judge, so a report can say what it covered.</summary>
public sealed record ImportCounts(int Elements, int Judged, int Components, int Providers, int Stack, int Deleted);

/// <summary>
/// One engine output read into policy subjects: the custom resources as <see cref="ResourceView"/>s (URN kept), the
/// explicit providers apart, and the stack/project named by the URNs.
/// </summary>
public sealed record EngineImport(
    EngineFormat Format,
    string Source,
    string? StackName,
    string? ProjectName,
    IReadOnlyList<ResourceView> Resources,
    IReadOnlyList<ResourceView> Providers,
    ImportCounts Counts);

/// <summary>
/// Reads <c>pulumi preview --json</c> (its <c>steps</c>) and <c>pulumi stack export</c> (deployment v3,
/// <c>deployment.resources</c>) as a stream and maps every custom resource to the neutral view the policy packs judge:
/// name from the URN, type, component path from the parent chain, properties from <c>inputs</c>. The stack resource,
/// providers (kept apart) and component resources are not policy subjects; a ConfigGroup's objects arrive as their own
/// custom resources typed <c>kubernetes:&lt;apiVersion&gt;:&lt;kind&gt;</c>, just as <c>ProgramViews</c> expands them at synth time.
/// </summary>
public static class EngineImporter
{
    public const string StackType = "pulumi:pulumi:Stack";
    public const string ProviderTypePrefix = "pulumi:providers:";

    /// <summary>Preview operations after which the resource no longer exists: not judged (counted as deleted).</summary>
    private static readonly HashSet<string> RemovingOps = new(StringComparer.Ordinal) { "delete", "delete-replaced", "discard", "discard-replaced", "remove-pending-replace" };

    public static EngineImport ReadFile(EngineFormat format, string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            return Read(format, stream, path);
        }
        catch (IOException e) { throw new EngineImportException(path, null, null, null, $"cannot read the file: {e.Message}"); }
        catch (UnauthorizedAccessException e) { throw new EngineImportException(path, null, null, null, $"cannot read the file: {e.Message}"); }
    }

    public static EngineImport Read(EngineFormat format, Stream stream, string sourceName, int windowSize = 1 << 20)
    {
        var builder = new Builder(format);
        var walker = format == EngineFormat.Preview
            ? new JsonArrayStream(stream, sourceName, windowSize, "steps")
            : new JsonArrayStream(stream, sourceName, windowSize, "deployment", "resources");
        foreach (var _ in walker.Elements(builder.Element)) { }

        if (!walker.FoundArray)
            throw new EngineImportException(sourceName, null, null, null, format == EngineFormat.Preview
                ? "no top-level 'steps' array: not the output of `pulumi preview --json`"
                : "no 'deployment.resources' array: not the output of `pulumi stack export`");
        if (format == EngineFormat.State && walker.TopLevelScalars.TryGetValue("version", out var version) && version != "3")
            throw new EngineImportException(sourceName, null, null, null, $"deployment version {version} is not supported (expected 3, as `pulumi stack export` writes today)");
        return builder.Build(sourceName);
    }

    /// <summary>The name part of a URN: everything after its third <c>::</c> (a name may itself hold <c>::</c>).</summary>
    public static string NameOf(string urn)
    {
        var parts = urn.Split("::", 4);
        if (parts.Length < 4 || !parts[0].StartsWith("urn:pulumi:", StringComparison.Ordinal))
            throw new FormatException($"'{urn}' is not a Pulumi URN (urn:pulumi:<stack>::<project>::<type>::<name>)");
        return parts[3];
    }

    private sealed class Builder(EngineFormat format)
    {
        private readonly StringPool _pool = new();
        private readonly Dictionary<string, string[]> _pathByUrn = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _indexByUrn = new(StringComparer.Ordinal);
        private readonly List<ResourceView> _resources = [];
        private readonly List<ResourceView> _providers = [];
        private int _elements, _components, _stack, _deleted;
        private string? _stackName, _projectName;

        public ResourceView? Element(JsonElement element)
        {
            _elements++;
            JsonElement state;
            var where = $"deployment.resources[{_elements - 1}]";
            if (format == EngineFormat.Preview)
            {
                var op = element.TryGetProperty("op", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString()! : "";
                if (RemovingOps.Contains(op)) { _deleted++; return null; }
                if (element.TryGetProperty("newState", out var n) && n.ValueKind == JsonValueKind.Object) { state = n; where = $"steps[{_elements - 1}].newState"; }
                else if (element.TryGetProperty("oldState", out var old) && old.ValueKind == JsonValueKind.Object) { state = old; where = $"steps[{_elements - 1}].oldState"; }
                else return null; // a step with no state (e.g. a refresh of a gone resource): nothing to judge
            }
            else state = element;
            if (state.TryGetProperty("delete", out var del) && del.ValueKind == JsonValueKind.True) { _deleted++; return null; }

            var urn = Text(state, "urn") ?? throw new FormatException("a resource has no 'urn'");
            var type = Text(state, "type") ?? throw new FormatException($"{urn}: no 'type'");
            var name = NameOf(urn);
            RememberStack(urn);
            var custom = state.TryGetProperty("custom", out var c) && c.ValueKind == JsonValueKind.True;
            var parentUrn = Text(state, "parent");
            var parentPath = parentUrn is not null && _pathByUrn.TryGetValue(parentUrn, out var pp) ? pp : null;

            if (type == StackType) { _stack++; _pathByUrn[urn] = []; return null; }

            var inputs = state.TryGetProperty("inputs", out var i) && i.ValueKind == JsonValueKind.Object
                ? EngineValues.Convert(i, _pool) as MapValue ?? new MapValue() : new MapValue();
            PodTemplateShape.Check(inputs, $"{where}.inputs");
            var path = ComponentPath(name, inputs, parentPath);
            _pathByUrn[urn] = path;
            if (!custom) { _components++; return null; }

            var options = new ResourceOptions
            {
                Parent = parentUrn is null || parentPath is { Length: 0 } ? null : NameOf(parentUrn),
                Provider = ProviderName(Text(state, "provider")),
            };
            var view = new ResourceView(name, type, path, inputs, urn, options);
            if (type.StartsWith(ProviderTypePrefix, StringComparison.Ordinal)) { _providers.Add(view); return null; }

            // A preview lists one resource in several steps (create-replacement then replace): the last state wins.
            if (_indexByUrn.TryGetValue(urn, out var at)) { _resources[at] = view; return null; }
            _indexByUrn[urn] = _resources.Count;
            _resources.Add(view);
            return null;
        }

        public EngineImport Build(string source) => new(format, source, _stackName, _projectName, _resources, _providers,
            new ImportCounts(_elements, _resources.Count, _components, _providers.Count, _stack, _deleted));

        private void RememberStack(string urn)
        {
            if (_stackName is not null) return;
            var parts = urn["urn:pulumi:".Length..].Split("::", 3);
            if (parts.Length >= 2) { _stackName = parts[0]; _projectName = parts[1]; }
        }

        /// <summary>
        /// The component path: the top-level component from the resource's own <c>supplychain.dev/component</c> label or
        /// <c>component</c> tag, else its parent's, else its name's first segment; then its ancestors' names; then its own.
        /// </summary>
        private string[] ComponentPath(string name, MapValue inputs, string[]? parentPath)
        {
            var top = (inputs.At("metadata.labels") as MapValue)?.TryGetValue(Labels.Component, out var l) == true && l is StringValue ls ? ls.Text
                : (inputs.At("tags") as MapValue)?.TryGetValue("component", out var t) == true && t is StringValue ts ? ts.Text
                : parentPath is { Length: > 0 } ? parentPath[0]
                : name.Split('-')[0];
            var inherited = parentPath is { Length: > 1 } ? parentPath.Length - 1 : 0;
            var ownSegment = !(inherited == 0 && name == top); // a top-level component named like its component is the component itself
            var path = new string[1 + inherited + (ownSegment ? 1 : 0)];
            path[0] = _pool.Get(top);
            if (inherited > 0) Array.Copy(parentPath!, 1, path, 1, inherited);
            if (ownSegment) path[^1] = name;
            return path;
        }

        /// <summary>A provider reference is <c>&lt;provider URN&gt;::&lt;provider ID&gt;</c>; the logical name is the URN's.</summary>
        private static string? ProviderName(string? reference)
        {
            if (reference is null) return null;
            var cut = reference.LastIndexOf("::", StringComparison.Ordinal);
            var urn = cut > 0 ? reference[..cut] : reference;
            try { return NameOf(urn); }
            catch (FormatException) { return null; }
        }

        private static string? Text(JsonElement e, string property) =>
            e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
