using System.Text;
using Supplychain.Components.Model;
using System.Text.RegularExpressions;
using Supplychain.Components.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Supplychain.Tests.ProgramModel;

/// <summary>
/// The writer as it was before the hand-written emitter (Supplychain.Components.Yaml.YamlTextEmitter): the program as
/// events through YamlDotNet's own <see cref="Emitter"/>. Kept only as the oracle the emitter is held to, byte for byte.
/// </summary>
internal static partial class YamlDotNetReferenceWriter
{
    internal static string Write(PulumiProgram program, string? header = null)
    {
        var sb = new StringBuilder();
        if (header is not null)
            foreach (var line in header.Split('\n')) sb.Append("# ").Append(line).Append('\n');
        using var writer = new StringWriter(sb) { NewLine = "\n" };
        var emitter = new Emitter(writer, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024, skipAnchorName: true, indentSequences: false, newLine: "\n"));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        emitter.Emit(new MappingStart());

        if (program.Config.Count > 0)
        {
            Key(emitter, "config");
            emitter.Emit(new MappingStart());
            foreach (var c in program.Config)
            {
                Key(emitter, c.Key);
                emitter.Emit(new MappingStart());
                Key(emitter, "type"); Scalar(emitter, c.Type);
                if (c.Secret) { Key(emitter, "secret"); Plain(emitter, "true"); }
                emitter.Emit(new MappingEnd());
            }
            emitter.Emit(new MappingEnd());
        }

        Key(emitter, "resources");
        emitter.Emit(new MappingStart());
        foreach (var r in program.Resources) WriteResource(emitter, r);
        emitter.Emit(new MappingEnd());

        if (program.Variables.Count > 0)
        {
            Key(emitter, "variables");
            WriteDeclarations(emitter, new MapValue(program.Variables));
        }
        if (program.Outputs.Count > 0)
        {
            Key(emitter, "outputs");
            WriteDeclarations(emitter, new MapValue(program.Outputs));
        }

        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        writer.Flush();
        return sb.ToString();
    }

    private static void WriteResource(IEmitter e, Resource r)
    {
        Key(e, r.Name);
        e.Emit(new MappingStart());
        Key(e, "type"); Scalar(e, r.Type);
        if (r.Properties.Count > 0) { Key(e, "properties"); WriteDeclarations(e, r.Properties); }
        if (!r.Options.IsEmpty) { Key(e, "options"); WriteDeclarations(e, PulumiYamlWriter.OptionsMap(r.Options)); }
        e.Emit(new MappingEnd());
    }

    /// <summary>Writes one value; exposed so tests and reports can render fragments the same way.</summary>
    internal static string WriteFragment(Value value)
    {
        using var writer = new StringWriter { NewLine = "\n" };
        var e = new Emitter(writer, new EmitterSettings(2, int.MaxValue, false, 1024, true, false, "\n"));
        e.Emit(new StreamStart());
        e.Emit(new DocumentStart(null, null, true));
        WriteValue(e, value);
        e.Emit(new DocumentEnd(true));
        e.Emit(new StreamEnd());
        return writer.ToString();
    }

    /// <summary>
    /// A declaration map (a resource's properties or options, the outputs, the variables): Pulumi YAML takes its keys
    /// verbatim (a property, output or variable name), unlike the keys of nested objects, which are expressions.
    /// </summary>
    private static void WriteDeclarations(IEmitter e, MapValue m)
    {
        e.Emit(new MappingStart(null, null, false, m.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
        foreach (var (k, v) in m) { Key(e, k); WriteValue(e, v); }
        e.Emit(new MappingEnd());
    }

    private static void WriteValue(IEmitter e, Value value)
    {
        switch (value)
        {
            case StringValue s: Scalar(e, PulumiYamlWriter.EscapeLiteral(s.Text)); break;
            case NumberValue n: Plain(e, n.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)); break;
            case BoolValue b: Plain(e, b.Flag ? "true" : "false"); break;
            case NullValue: Plain(e, "null"); break;
            case RefValue r: Scalar(e, "${" + r.Expression + "}"); break;
            case ConfigRefValue c: Scalar(e, "${" + c.Key + "}"); break;
            case InterpolationValue i: Scalar(e, PulumiYamlWriter.Interpolate(i)); break;
            case FunctionValue f:
                e.Emit(new MappingStart());
                Key(e, f.Name);
                WriteValue(e, f.Argument);
                e.Emit(new MappingEnd());
                break;
            case ListValue l:
                e.Emit(new SequenceStart(null, null, false, l.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in l) WriteValue(e, item);
                e.Emit(new SequenceEnd());
                break;
            case MapValue m:
                // A one-key object whose key starts with fn:: is a builtin call to Pulumi YAML (case-insensitively), not data.
                if (m.Count == 1 && m.Keys.First().StartsWith("fn::", StringComparison.OrdinalIgnoreCase))
                    throw new InvalidOperationException($"a map whose only key is '{m.Keys.First()}' would be read as a Pulumi YAML function; use a FunctionValue");
                e.Emit(new MappingStart(null, null, false, m.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                // Keys of nested objects are expressions to Pulumi YAML, interpolated like values.
                foreach (var (k, v) in m) { Key(e, PulumiYamlWriter.EscapeLiteral(k)); WriteValue(e, v); }
                e.Emit(new MappingEnd());
                break;
            default: throw new InvalidOperationException($"cannot write {value.GetType().Name}");
        }
    }

    private static void Key(IEmitter e, string key) => Scalar(e, key, isKey: true);

    private static void Plain(IEmitter e, string text) =>
        e.Emit(new YamlDotNet.Core.Events.Scalar(null, null, text, ScalarStyle.Plain, true, false));

    private static void Scalar(IEmitter e, string text, bool isKey = false)
    {
        ScalarStyle style;
        // YAML readers turn \r, \r\n and NEL (U+0085) in a plain or block scalar into \n, and a block of only line
        // breaks into "": a literal block is used only for printable multi-line text; double quotes keep everything else.
        if (!text.All(c => c == '\n' || IsPrintable(c)))
            style = ScalarStyle.DoubleQuoted; // escapes every control character, so the reader gets it back
        else if (text.Contains('\n'))
            style = text.Trim('\n').Length > 0 && !HasTrailingSpaceOnLine(text) ? ScalarStyle.Literal : ScalarStyle.DoubleQuoted;
        // " *" in a plain mapping key is valid YAML, but YamlDotNet's scanner (the reader's, the audit's, most .NET
        // tooling's) takes it for an alias and reads the whole map as one scalar: such keys are quoted (found by FsCheck).
        else if (text.Length == 0 || NeedsQuotes(text) || (isKey && text.Contains(" *", StringComparison.Ordinal)))
            style = ScalarStyle.DoubleQuoted;
        else
            style = ScalarStyle.Any; // the emitter picks plain when YAML allows it, quotes otherwise
        e.Emit(new YamlDotNet.Core.Events.Scalar(null, null, text, style, true, true));
    }

    /// <summary>Characters every YAML style keeps as they are (no C0/C1 control, tab, line separator, BOM or non-character).</summary>
    private static bool IsPrintable(char c) =>
        c >= ' ' && c != '\u007F' && !(c >= '\u0080' && c <= '\u009F') && c is not ('\u2028' or '\u2029' or '\uFEFF' or '\uFFFE' or '\uFFFF');

    private static bool HasTrailingSpaceOnLine(string text) => text.Split('\n').Any(l => l.EndsWith(' '));

    [GeneratedRegex(
        "^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF" +
        "|~|null|Null|NULL|=|<<" +
        "|[-+]?\\.?[0-9][-+0-9a-fA-FxXoObB_.:eE]*" +
        "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$",
        RegexOptions.CultureInvariant)]
    private static partial Regex NonStringPlain();

    private static bool NeedsQuotes(string text) =>
        NonStringPlain().IsMatch(text) || char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]);
}
