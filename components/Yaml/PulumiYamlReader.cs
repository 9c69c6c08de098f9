using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Supplychain.Components.Yaml;

/// <summary>
/// Reads a Pulumi YAML program back into the program model: the inverse of <see cref="PulumiYamlWriter"/>.
/// Used to test the writer's round trip, to run policies on fixture programs, and to compare two
/// synthesized programs. Strings are read as Pulumi YAML reads them: <c>${...}</c> is a reference and <c>$$</c> a
/// literal <c>$</c>, in values and in the keys of nested objects.
/// A resource's component comes from its <c>supplychain.dev/component</c> label or tag, else its name's first segment.
/// </summary>
public static class PulumiYamlReader
{
    public static PulumiProgram Read(string yaml, string sourceName = "program")
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlException e) { throw new FormatException($"{sourceName}:{e.Start.Line}:{e.Start.Column}: not valid YAML: {e.Message}", e); }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new FormatException($"{sourceName}: a Pulumi YAML program is a mapping");

        var program = new PulumiProgram();
        if (TryChild(root, "config", out var configNode) && configNode is YamlMappingNode config)
            foreach (var (k, v) in config.Children)
            {
                var m = v as YamlMappingNode;
                var type = m is not null && TryChild(m, "type", out var t) ? ((YamlScalarNode)t).Value ?? "string" : "string";
                var secret = m is not null && TryChild(m, "secret", out var s) && ((YamlScalarNode)s).Value == "true";
                program.DeclareConfig(((YamlScalarNode)k).Value!, type, secret);
            }

        var resourceNames = new HashSet<string>(StringComparer.Ordinal);
        var resourcesNode = TryChild(root, "resources", out var rn) ? rn as YamlMappingNode : null;
        if (resourcesNode is not null)
            foreach (var k in resourcesNode.Children.Keys) resourceNames.Add(((YamlScalarNode)k).Value!);
        var variablesNode = TryChild(root, "variables", out var vn) ? vn as YamlMappingNode : null;
        if (variablesNode is not null)
            foreach (var k in variablesNode.Children.Keys) resourceNames.Add(((YamlScalarNode)k).Value!);

        var converter = new Converter(resourceNames, sourceName);
        if (resourcesNode is not null)
            foreach (var (k, v) in resourcesNode.Children)
            {
                var name = ((YamlScalarNode)k).Value!;
                if (v is not YamlMappingNode r || !TryChild(r, "type", out var typeNode))
                    throw new FormatException($"{sourceName}:{k.Start.Line}: resource '{name}' has no type");
                var props = TryChild(r, "properties", out var p) ? converter.Declarations(p) ?? new MapValue() : new MapValue();
                var options = TryChild(r, "options", out var o) ? ReadOptions(converter.Declarations(o)) : ResourceOptions.None;
                program.Add(new Resource(name, ((YamlScalarNode)typeNode).Value!, props, options, ComponentOf(name, props)));
            }
        if (variablesNode is not null)
            foreach (var (k, v) in variablesNode.Children) program.AddVariable(((YamlScalarNode)k).Value!, converter.Convert(v));
        if (TryChild(root, "outputs", out var outputs) && outputs is YamlMappingNode om)
            foreach (var (k, v) in om.Children) program.AddOutput(((YamlScalarNode)k).Value!, converter.Convert(v));
        return program;
    }

    private static ComponentPath ComponentOf(string name, MapValue props)
    {
        var component = (props.At("metadata.labels") as MapValue)?.TryGetValue(Labels.Component, out var c) == true ? c
            : (props.At("tags") as MapValue)?.TryGetValue("component", out var t) == true ? t : null;
        var first = component is StringValue s ? s.Text : name.Split('-')[0];
        return ComponentPath.Of(first, name);
    }

    private static ResourceOptions ReadOptions(MapValue? m)
    {
        if (m is null) return ResourceOptions.None;
        // Options name resources; a name the program does not define (a provider from elsewhere) reads as a config ref.
        static string? NameOf(Value v) => v switch { RefValue r => r.Resource, ConfigRefValue c => c.Key, StringValue s => s.Text, _ => null };
        string? Name(string key) => m.TryGetValue(key, out var v) ? NameOf(v) : null;
        IReadOnlyList<string> Strings(string key) => m.TryGetValue(key, out var v) && v is ListValue l
            ? l.Select(i => NameOf(i) ?? i.ToString()).ToList() : [];
        bool Flag(string key) => m.TryGetValue(key, out var v) && v is BoolValue { Flag: true };
        return new ResourceOptions
        {
            Parent = Name("parent"), Provider = Name("provider"), DependsOn = Strings("dependsOn"), Protect = Flag("protect"),
            IgnoreChanges = Strings("ignoreChanges"), DeleteBeforeReplace = Flag("deleteBeforeReplace"), RetainOnDelete = Flag("retainOnDelete"),
            AdditionalSecretOutputs = Strings("additionalSecretOutputs"),
        };
    }

    private static bool TryChild(YamlMappingNode m, string key, out YamlNode node) => m.Children.TryGetValue(new YamlScalarNode(key), out node!);

    private sealed class Converter(HashSet<string> names, string source)
    {
        /// <summary>A resource's properties or options: Pulumi YAML takes these keys verbatim.</summary>
        public MapValue? Declarations(YamlNode node) => node is YamlMappingNode m
            ? new MapValue(m.Children.Select(kv => new KeyValuePair<string, Value>(((YamlScalarNode)kv.Key).Value!, Convert(kv.Value))))
            : null;

        public Value Convert(YamlNode node) => node switch
        {
            YamlScalarNode s => Scalar(s),
            YamlSequenceNode seq => new ListValue(seq.Children.Select(Convert)),
            YamlMappingNode m when m.Children.Count == 1 && ((YamlScalarNode)m.Children.Keys.First()).Value!.StartsWith("fn::", StringComparison.OrdinalIgnoreCase)
                => new FunctionValue(((YamlScalarNode)m.Children.Keys.First()).Value!, Convert(m.Children.Values.First())),
            YamlMappingNode m => new MapValue(m.Children.Select(kv => new KeyValuePair<string, Value>(Key((YamlScalarNode)kv.Key), Convert(kv.Value)))),
            _ => throw new FormatException($"{source}:{node.Start.Line}: unsupported YAML node"),
        };

        /// <summary>The key of a nested object is an expression to Pulumi YAML; the program model holds literal keys only.</summary>
        private string Key(YamlScalarNode key) => Text(key.Value ?? "") switch
        {
            StringValue literal => literal.Text,
            _ => throw new FormatException($"{source}:{key.Start.Line}: a reference in an object key (\"{key.Value}\") is not supported"),
        };

        private Value Scalar(YamlScalarNode s)
        {
            var text = s.Value ?? "";
            if (s.Style == ScalarStyle.Plain)
            {
                if (text is "null" or "~" or "") return Value.Null;
                if (text == "true") return true;
                if (text == "false") return false;
                if (Regex.IsMatch(text, "^[-+]?[0-9]+(\\.[0-9]+)?$") && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
            }
            return Text(text);
        }

        /// <summary>
        /// Splits text as Pulumi YAML's <c>parseInterpolate</c> does: <c>$$</c> is a literal <c>$</c>, <c>${</c> opens a
        /// property access that ends at the first <c>}</c> outside a quoted subscript (<c>["a}b"]</c>).
        /// </summary>
        private Value Text(string text)
        {
            if (!text.Contains('$')) return new StringValue(text);
            var parts = new List<Value>();
            var literal = new StringBuilder();
            for (var i = 0; i < text.Length;)
            {
                if (string.CompareOrdinal(text, i, "$$", 0, 2) == 0) { literal.Append('$'); i += 2; continue; }
                if (string.CompareOrdinal(text, i, "${", 0, 2) == 0)
                {
                    var end = AccessEnd(text, i + 2);
                    if (end < 0) throw new FormatException($"{source}: unterminated interpolation in \"{text}\"");
                    if (literal.Length > 0) { parts.Add(new StringValue(literal.ToString())); literal.Clear(); }
                    parts.Add(Reference(text[(i + 2)..end]));
                    i = end + 1;
                    continue;
                }
                literal.Append(text[i++]);
            }
            if (literal.Length > 0) parts.Add(new StringValue(literal.ToString()));
            return parts.Count == 0 ? new StringValue("")
                : parts.Count == 1 ? parts[0]
                : new InterpolationValue(parts.ToArray());
        }

        /// <summary>The index of the <c>}</c> closing a property access that starts at <paramref name="start"/>, or -1.</summary>
        private static int AccessEnd(string text, int start)
        {
            var inQuotes = false;
            for (var i = start; i < text.Length; i++)
            {
                var c = text[i];
                if (inQuotes)
                {
                    if (c == '\\' && i + 1 < text.Length && text[i + 1] == '"') i++;
                    else if (c == '"') inQuotes = false;
                }
                else if (c == '"' && i > 0 && text[i - 1] == '[') inQuotes = true;
                else if (c == '}') return i;
            }
            return -1;
        }

        private Value Reference(string expr)
        {
            var m = Regex.Match(expr, "^([A-Za-z_][A-Za-z0-9_:\\-]*)(.*)$");
            var root = m.Groups[1].Value;
            var rest = m.Groups[2].Value;
            if (!names.Contains(root) && rest.Length == 0) return new ConfigRefValue(root);
            return new RefValue(root, rest.Length == 0 ? null : rest.StartsWith('.') ? rest[1..] : rest);
        }
    }
}
