using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Supplychain.Stacks.Settings;

/// <summary>
/// Converts a YAML node to the <see cref="JsonNode"/> tree Pulumi would pass for it: plain scalars are typed by the
/// YAML 1.2 core schema (null, true/false, integers, floats), as Pulumi's YAML decoder does; quoted scalars stay strings.
/// </summary>
internal static partial class YamlToJson
{
    private const string StrTag = "tag:yaml.org,2002:str";

    public static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlScalarNode scalar => Scalar(scalar),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(Convert).ToArray()),
        YamlMappingNode mapping => Mapping(mapping),
        _ => throw new YamlException(node.Start, node.End, "unsupported YAML node"),
    };

    public static bool IsPlain(YamlScalarNode scalar) =>
        scalar.Style is ScalarStyle.Plain or ScalarStyle.Any && (scalar.Tag.IsEmpty || scalar.Tag.IsNonSpecific);

    private static JsonObject Mapping(YamlMappingNode mapping)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
                throw new YamlException(key.Start, key.End, "mapping keys must be plain strings");
            if (obj.ContainsKey(name))
                throw new YamlException(key.Start, key.End, $"duplicate key \"{name}\"");
            obj[name] = Convert(value);
        }
        return obj;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar) => Scalar(scalar.Value ?? "", scalar.Style, scalar.Tag);

    /// <summary>A scalar as a parser event gives it (the catalog reader builds trees from events).</summary>
    public static JsonNode? Scalar(string text, ScalarStyle style, TagName tag)
    {
        if (!(style is ScalarStyle.Plain or ScalarStyle.Any && (tag.IsEmpty || tag.IsNonSpecific)))
            return tag.IsEmpty || tag.IsNonSpecific || tag.Value == StrTag ? JsonValue.Create(text) : Tagged(tag, text);
        return Resolve(text);
    }

    private static JsonNode? Tagged(TagName tag, string text) => tag.Value switch
    {
        "tag:yaml.org,2002:int" or "tag:yaml.org,2002:float" or "tag:yaml.org,2002:bool" or "tag:yaml.org,2002:null" =>
            Resolve(text) ?? (tag.Value.EndsWith(":null", StringComparison.Ordinal) ? null : JsonValue.Create(text)),
        _ => JsonValue.Create(text),
    };

    /// <summary>YAML 1.2 core schema resolution of a plain scalar.</summary>
    private static JsonNode? Resolve(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE": return JsonValue.Create(true);
            case "false" or "False" or "FALSE": return JsonValue.Create(false);
        }
        // Every number form below starts with a digit, a sign or a dot: most text (names, images, digests) is none.
        if (text[0] is not ((>= '0' and <= '9') or '-' or '+' or '.')) return JsonValue.Create(text);
        if (DecimalInt().IsMatch(text))
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
                ? JsonValue.Create(l)
                : JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture));
        if (OctalInt().IsMatch(text) && TryParseRadix(text[2..], 8, out var octal)) return JsonValue.Create(octal);
        if (HexInt().IsMatch(text) && TryParseRadix(text[2..], 16, out var hex)) return JsonValue.Create(hex);
        if (Float().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
            return JsonValue.Create(d);
        // .inf and .nan have no JSON form (Pulumi could not pass them either): they stay text, and number fields reject them.
        return JsonValue.Create(text);
    }

    private static bool TryParseRadix(string digits, int radix, out long value)
    {
        try
        {
            value = System.Convert.ToInt64(digits, radix);
            return value >= 0;
        }
        catch (OverflowException)
        {
            value = 0;
            return false;
        }
    }

    [GeneratedRegex(@"^[-+]?[0-9]+\z")]
    private static partial Regex DecimalInt();

    [GeneratedRegex(@"^0o[0-7]+\z")]
    private static partial Regex OctalInt();

    [GeneratedRegex(@"^0x[0-9a-fA-F]+\z")]
    private static partial Regex HexInt();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\z")]
    private static partial Regex Float();
}
