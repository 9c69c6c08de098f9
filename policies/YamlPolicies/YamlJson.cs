using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Supplychain.Policies.YamlPolicies;

/// <summary>
/// A YAML document as JSON (what the JSON Schema judges), with the line of every node by its JSON pointer, so an error
/// found in the JSON names the line of the YAML file. Plain scalars are typed as YAML 1.2's core schema types them
/// (true/false, null, integers, decimals); quoted scalars stay strings.
/// </summary>
internal sealed class YamlJson
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    private YamlJson() { }

    public JsonNode? Root { get; private set; }

    /// <summary>The line of the node at <paramref name="pointer"/>, else of its nearest ancestor (1 for the document).</summary>
    public int LineOf(string pointer)
    {
        for (var p = pointer; ; p = p[..p.LastIndexOf('/')])
        {
            if (_lines.TryGetValue(p, out var line)) return line;
            if (p.Length == 0) return 1;
        }
    }

    /// <exception cref="YamlException">The text is not YAML (its Start names the line).</exception>
    public static YamlJson Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var result = new YamlJson();
        if (stream.Documents.Count > 0) result.Root = result.Convert(stream.Documents[0].RootNode, "");
        return result;
    }

    private JsonNode? Convert(YamlNode node, string pointer)
    {
        _lines[pointer] = (int)node.Start.Line;
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (k, v) in map.Children)
                {
                    var key = ((YamlScalarNode)k).Value ?? "";
                    obj[key] = Convert(v, pointer + "/" + key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));
                    _lines.TryAdd(pointer + "/" + key, (int)k.Start.Line);
                }
                return obj;
            case YamlSequenceNode seq:
                var array = new JsonArray();
                for (var i = 0; i < seq.Children.Count; i++) array.Add(Convert(seq.Children[i], $"{pointer}/{i}"));
                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new YamlException(node.Start, node.End, "unsupported YAML node (aliases are not allowed in a policy)");
        }
    }

    private static JsonNode? Scalar(YamlScalarNode s)
    {
        var text = s.Value ?? "";
        if (s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded) return JsonValue.Create(text);
        if (text is "" or "~" or "null" or "Null" or "NULL") return null;
        if (text is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (text is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return JsonValue.Create(l);
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && char.IsAsciiDigit(text[^1])) return JsonValue.Create(d);
        return JsonValue.Create(text);
    }
}
