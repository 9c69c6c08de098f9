using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

// One namespace with the settings readers: the catalog reads models with them, and they read the catalog.
namespace Supplychain.Stacks.Settings;

/// <summary>
/// One parsed catalog file: its JSON tree (typed as Pulumi would type the same YAML) and, when a problem is reported, the
/// line of every key path, so the problem is shown at the line that holds it.
/// </summary>
internal sealed class CatalogFile
{
    private readonly string text;
    private Dictionary<string, int>? lines;

    private CatalogFile(string relativePath, string text, JsonNode? root, Dictionary<string, int>? lines)
    {
        RelativePath = relativePath;
        this.text = text;
        Root = root;
        this.lines = lines;
    }

    /// <summary>The file as messages name it: <c>models/fraud/fraud-detector.yaml</c>.</summary>
    public string RelativePath { get; }

    public JsonNode? Root { get; }

    /// <summary>Parses <paramref name="text"/>; a YAML error becomes a <see cref="ConfigurationException"/> naming the file and line.</summary>
    /// <remarks>
    /// A fleet reads a thousand files: the tree is built by <see cref="CatalogYamlSubset"/> for the YAML catalogs are written
    /// in (about 4x faster than the representation model over the fleet), and the line map only when a problem needs it.
    /// A file the subset reader does not take as it is (anchors and aliases, repeated keys, complex keys, block scalars,
    /// several documents, a syntax error) goes through YamlDotNet's representation model as before, which gives the same
    /// tree or the same error. (A third path straight from the parser's events measured no faster than the model: removed.)
    /// </remarks>
    public static CatalogFile Parse(string relativePath, string text)
    {
        try
        {
            if (CatalogYamlSubset.TryRead(text, out var root)) return new CatalogFile(relativePath, text, root, null);
            var (modelRoot, lines) = ReadModel(text);
            return new CatalogFile(relativePath, text, modelRoot, lines);
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

    /// <summary>The file through YamlDotNet's representation model: the tree and the line of every key path.</summary>
    internal static (JsonNode? Root, Dictionary<string, int> Lines) ReadModel(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        if (stream.Documents.Count == 0) return (null, lines);
        var node = stream.Documents[0].RootNode;
        RecordLines(node, "", lines);
        return (YamlToJson.Convert(node), lines);
    }

    private Dictionary<string, int> Lines => lines ??= ReadModel(text).Lines;

    /// <summary>
    /// Where a problem at <paramref name="key"/> is shown: the key path itself when the file holds it, else the same path at
    /// the file's top level (a shared field merged into a release), else the nearest enclosing key that the file holds.
    /// </summary>
    public ConfigurationError Locate(string key, string message, string? releasePrefix)
    {
        var lines = Lines;
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
