using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

// One namespace with the settings readers: the catalog reads models with them, and they read the catalog.
namespace Supplychain.Stacks.Settings;

/// <summary>
/// One parsed catalog file: its JSON tree (typed as Pulumi would type the same YAML) and the line of every key path, so a
/// problem found while validating the tree is reported at the line that holds it.
/// </summary>
internal sealed class CatalogFile
{
    private readonly Dictionary<string, int> lines;

    private CatalogFile(string relativePath, JsonNode? root, Dictionary<string, int> lines)
    {
        RelativePath = relativePath;
        Root = root;
        this.lines = lines;
    }

    /// <summary>The file as messages name it: <c>models/fraud/fraud-detector.yaml</c>.</summary>
    public string RelativePath { get; }

    public JsonNode? Root { get; }

    /// <summary>Parses <paramref name="text"/>; a YAML error becomes a <see cref="ConfigurationException"/> naming the file and line.</summary>
    public static CatalogFile Parse(string relativePath, string text)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            var lines = new Dictionary<string, int>(StringComparer.Ordinal);
            if (stream.Documents.Count == 0) return new CatalogFile(relativePath, null, lines);
            var node = stream.Documents[0].RootNode;
            RecordLines(node, "", lines);
            return new CatalogFile(relativePath, YamlToJson.Convert(node), lines);
        }
        catch (YamlException e)
        {
            var inner = e.InnerException is { } ie && ie.Message != e.Message ? $" ({ie.Message})" : "";
            throw new ConfigurationException($"{relativePath}:{e.Start.Line}", "", $"is not valid YAML: column {e.Start.Column}: {e.Message}{inner}");
        }
        catch (ArgumentException e)
        {
            // YamlDotNet's representation model reports a repeated mapping key this way.
            throw new ConfigurationException(relativePath, "", $"is not valid YAML: {e.Message}");
        }
    }

    /// <summary>
    /// Where a problem at <paramref name="key"/> is shown: the key path itself when the file holds it, else the same path at
    /// the file's top level (a shared field merged into a release), else the nearest enclosing key that the file holds.
    /// </summary>
    public ConfigurationError Locate(string key, string message, string? releasePrefix)
    {
        if (lines.TryGetValue(key, out var line)) return Error(line, key, message);
        if (releasePrefix is not null && key.StartsWith(releasePrefix, StringComparison.Ordinal)
            && lines.TryGetValue(key[releasePrefix.Length..], out line))
            return Error(line, key[releasePrefix.Length..], message);
        for (var parent = Parent(key); parent.Length > 0; parent = Parent(parent))
            if (lines.TryGetValue(parent, out line)) return Error(line, key, message);
        return Error(1, key, message);
    }

    private ConfigurationError Error(int line, string key, string message) => new($"{RelativePath}:{line}", key, message);

    private static string Parent(string key)
    {
        var cut = Math.Max(key.LastIndexOf('.'), key.LastIndexOf('['));
        return cut <= 0 ? "" : key[..cut];
    }

    private static void RecordLines(YamlNode node, string path, Dictionary<string, int> lines)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is not YamlScalarNode { Value: { } name }) continue;
                    var child = path.Length == 0 ? name : $"{path}.{name}";
                    lines.TryAdd(child, (int)key.Start.Line);
                    RecordLines(value, child, lines);
                }
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var child = $"{path}[{i}]";
                    lines.TryAdd(child, (int)sequence.Children[i].Start.Line);
                    RecordLines(sequence.Children[i], child, lines);
                }
                break;
        }
    }
}
