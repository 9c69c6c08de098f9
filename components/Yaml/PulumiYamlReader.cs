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
/// synthesized programs. Interpolations become references; <c>$${</c> becomes a literal <c>${</c>.
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
                var props = TryChild(r, "properties", out var p) ? converter.Convert(p) as MapValue ?? new MapValue() : new MapValue();
                var options = TryChild(r, "options", out var o) ? ReadOptions(converter.Convert(o) as MapValue) : ResourceOptions.None;
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
        public Value Convert(YamlNode node) => node switch
        {
            YamlScalarNode s => Scalar(s),
            YamlSequenceNode seq => new ListValue(seq.Children.Select(Convert)),
            YamlMappingNode m when m.Children.Count == 1 && ((YamlScalarNode)m.Children.Keys.First()).Value!.StartsWith("fn::", StringComparison.Ordinal)
                => new FunctionValue(((YamlScalarNode)m.Children.Keys.First()).Value!, Convert(m.Children.Values.First())),
            YamlMappingNode m => new MapValue(m.Children.Select(kv => new KeyValuePair<string, Value>(((YamlScalarNode)kv.Key).Value!, Convert(kv.Value)))),
            _ => throw new FormatException($"{source}:{node.Start.Line}: unsupported YAML node"),
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

        /// <summary>Splits <c>${...}</c> interpolations from literal text; <c>$${</c> is a literal <c>${</c>.</summary>
        private Value Text(string text)
        {
            if (!text.Contains("${", StringComparison.Ordinal)) return new StringValue(text);
            var parts = new List<Value>();
            var literal = new StringBuilder();
            for (var i = 0; i < text.Length;)
            {
                if (string.CompareOrdinal(text, i, "$${", 0, 3) == 0) { literal.Append("${"); i += 3; continue; }
                if (string.CompareOrdinal(text, i, "${", 0, 2) == 0)
                {
                    var end = text.IndexOf('}', i);
                    if (end < 0) throw new FormatException($"{source}: unterminated interpolation in \"{text}\"");
                    if (literal.Length > 0) { parts.Add(new StringValue(literal.ToString())); literal.Clear(); }
                    parts.Add(Reference(text[(i + 2)..end]));
                    i = end + 1;
                    continue;
                }
                literal.Append(text[i++]);
            }
            if (literal.Length > 0) parts.Add(new StringValue(literal.ToString()));
            return parts.Count == 1 && parts[0] is not StringValue ? parts[0]
                : parts.All(p => p is StringValue) ? new StringValue(string.Concat(parts.Select(p => ((StringValue)p).Text)))
                : new InterpolationValue(parts.ToArray());
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
