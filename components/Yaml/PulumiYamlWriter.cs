using System.Text;
using System.Text.RegularExpressions;
using Supplychain.Components.Model;

namespace Supplychain.Components.Yaml;

/// <summary>
/// Writes a <see cref="PulumiProgram"/> as Pulumi YAML. Output is deterministic (maps in ordinal key
/// order, resources by name) and every literal survives a YAML round trip unchanged: strings that a YAML
/// 1.1 or 1.2 reader would take for a bool, null, number or timestamp are quoted, and every <c>$</c> of
/// literal text (values and the keys of nested maps) is doubled, so that Pulumi YAML's own unescaping gives
/// back exactly the text and never an interpolation (see <see cref="EscapeLiteral"/>).
/// </summary>
public static partial class PulumiYamlWriter
{
    public static string Write(PulumiProgram program, string? header = null)
    {
        var sb = new StringBuilder();
        Write(program, header, sb, sink: null);
        return sb.ToString();
    }

    /// <summary>
    /// Streams the program to <paramref name="output"/> in chunks of about 64 KiB: the compiler's stdout never holds a
    /// fleet's 15 MB program twice (as text being built and as the finished string).
    /// </summary>
    public static void Write(PulumiProgram program, string? header, TextWriter output)
    {
        var sb = new StringBuilder(ChunkChars + 16 * 1024);
        Write(program, header, sb, output);
        output.Write(sb);
    }

    private const int ChunkChars = 64 * 1024;

    private static void Write(PulumiProgram program, string? header, StringBuilder sb, TextWriter? sink)
    {
        if (header is not null)
            foreach (var line in header.Split('\n')) sb.Append("# ").Append(line).Append('\n');
        var e = new YamlTextEmitter(sb);
        e.BeginDocument(rootIsEmptyScalar: false);
        e.BeginMapping(isEmpty: false);

        if (program.Config.Count > 0)
        {
            Key(e, "config");
            e.BeginMapping(isEmpty: false);
            foreach (var c in program.Config)
            {
                Key(e, c.Key);
                e.BeginMapping(isEmpty: false);
                Key(e, "type"); Scalar(e, c.Type);
                if (c.Secret) { Key(e, "secret"); Plain(e, "true"); }
                e.EndMapping(wasEmpty: false);
            }
            e.EndMapping(wasEmpty: false);
        }

        Key(e, "resources");
        e.BeginMapping(isEmpty: program.Resources.Count == 0);
        foreach (var r in program.Resources)
        {
            WriteResource(e, r);
            // The emitter's state is its column and indents, never the text: what is written can leave.
            if (sink is not null && sb.Length >= ChunkChars)
            {
                sink.Write(sb);
                sb.Clear();
            }
        }
        e.EndMapping(wasEmpty: program.Resources.Count == 0);

        if (program.Variables.Count > 0)
        {
            Key(e, "variables");
            WriteDeclarations(e, program.Variables);
        }
        if (program.Outputs.Count > 0)
        {
            Key(e, "outputs");
            WriteDeclarations(e, program.Outputs);
        }

        e.EndMapping(wasEmpty: false);
        e.EndDocument();
    }

    private static void WriteResource(YamlTextEmitter e, Resource r)
    {
        Key(e, r.Name);
        e.BeginMapping(isEmpty: false);
        Key(e, "type"); Scalar(e, r.Type);
        if (r.Properties.Count > 0) { Key(e, "properties"); WriteDeclarations(e, r.Properties); }
        if (!r.Options.IsEmpty) { Key(e, "options"); WriteDeclarations(e, OptionsMap(r.Options)); }
        e.EndMapping(wasEmpty: false);
    }

    /// <summary>Resource options as Pulumi YAML spells them; resource names become references.</summary>
    public static MapValue OptionsMap(ResourceOptions o)
    {
        var m = new MapValue();
        if (o.Parent is not null) m["parent"] = new RefValue(o.Parent);
        if (o.Provider is not null) m["provider"] = new RefValue(o.Provider);
        if (o.DependsOn.Count > 0) m["dependsOn"] = new ListValue(o.DependsOn.Distinct().Order(StringComparer.Ordinal).Select(d => (Value)new RefValue(d)));
        if (o.Protect) m["protect"] = true;
        if (o.IgnoreChanges.Count > 0) m["ignoreChanges"] = new ListValue(o.IgnoreChanges.Select(i => (Value)i));
        if (o.DeleteBeforeReplace) m["deleteBeforeReplace"] = true;
        if (o.RetainOnDelete) m["retainOnDelete"] = true;
        if (o.AdditionalSecretOutputs.Count > 0) m["additionalSecretOutputs"] = new ListValue(o.AdditionalSecretOutputs.Select(i => (Value)i));
        return m;
    }

    /// <summary>Writes one value; exposed so tests and reports can render fragments the same way.</summary>
    public static string WriteFragment(Value value)
    {
        var sb = new StringBuilder();
        var e = new YamlTextEmitter(sb);
        e.BeginDocument(rootIsEmptyScalar: IsScalar(value) && ScalarText(value).Length == 0);
        WriteValue(e, value);
        e.EndDocument();
        return sb.ToString();
    }

    /// <summary>
    /// A declaration map (a resource's properties or options, the outputs, the variables): Pulumi YAML takes its keys
    /// verbatim (a property, output or variable name), unlike the keys of nested objects, which are expressions.
    /// </summary>
    private static void WriteDeclarations(YamlTextEmitter e, IEnumerable<KeyValuePair<string, Value>> m)
    {
        var isEmpty = !m.Any();
        e.BeginMapping(isEmpty);
        foreach (var (k, v) in m) { Key(e, k); WriteValue(e, v); }
        e.EndMapping(isEmpty);
    }

    private static bool IsScalar(Value value) => value is StringValue or NumberValue or BoolValue or NullValue or RefValue or ConfigRefValue or InterpolationValue;

    /// <summary>The text of a scalar value as written (before quoting).</summary>
    private static string ScalarText(Value value) => value switch
    {
        StringValue s => EscapeLiteral(s.Text),
        NumberValue n => n.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        BoolValue b => b.Flag ? "true" : "false",
        NullValue => "null",
        RefValue r => "${" + r.Expression + "}",
        ConfigRefValue c => "${" + c.Key + "}",
        InterpolationValue i => Interpolate(i),
        _ => throw new InvalidOperationException($"cannot write {value.GetType().Name}"),
    };

    private static void WriteValue(YamlTextEmitter e, Value value)
    {
        switch (value)
        {
            case StringValue or RefValue or ConfigRefValue or InterpolationValue: Scalar(e, ScalarText(value)); break;
            case NumberValue or BoolValue or NullValue: Plain(e, ScalarText(value)); break;
            case FunctionValue f:
                e.BeginMapping(isEmpty: false);
                Key(e, f.Name);
                WriteValue(e, f.Argument);
                e.EndMapping(wasEmpty: false);
                break;
            case ListValue l:
                e.BeginSequence(isEmpty: l.Count == 0);
                foreach (var item in l.Items) WriteValue(e, item);
                e.EndSequence(wasEmpty: l.Count == 0);
                break;
            case MapValue m:
                // A one-key object whose key starts with fn:: is a builtin call to Pulumi YAML (case-insensitively), not data.
                if (m.Count == 1 && m.Keys.First().StartsWith("fn::", StringComparison.OrdinalIgnoreCase))
                    throw new InvalidOperationException($"a map whose only key is '{m.Keys.First()}' would be read as a Pulumi YAML function; use a FunctionValue");
                e.BeginMapping(isEmpty: m.Count == 0);
                // Keys of nested objects are expressions to Pulumi YAML, interpolated like values.
                foreach (var (k, v) in m) { Key(e, EscapeLiteral(k)); WriteValue(e, v); }
                e.EndMapping(wasEmpty: m.Count == 0);
                break;
            default: throw new InvalidOperationException($"cannot write {value.GetType().Name}");
        }
    }

    public static string Interpolate(InterpolationValue i) => string.Concat(i.Parts.Select(p => p switch
    {
        StringValue s => EscapeLiteral(s.Text),
        RefValue r => "${" + r.Expression + "}",
        ConfigRefValue c => "${" + c.Key + "}",
        _ => throw new InvalidOperationException(),
    }));

    /// <summary>
    /// Literal text as Pulumi YAML must see it. Its parser (pulumi-yaml <c>pkg/pulumiyaml/ast/interpolation.go</c>,
    /// <c>parseInterpolate</c>) scans left to right: <c>$$</c> is one literal <c>$</c>, <c>${</c> starts a reference,
    /// any other character is itself; a string with no reference is the unescaped text. Doubling every <c>$</c>
    /// is therefore its exact inverse: each doubled pair is consumed as one <c>$</c> before a <c>{</c> could follow it.
    /// (Escaping only <c>${</c> as <c>$${</c> is not: <c>$${x}</c> in the text would become <c>$$${x}</c>, a
    /// <c>$</c> and a live reference, and <c>a$$b</c> would become <c>a$b</c>.)
    /// </summary>
    public static string EscapeLiteral(string text) => text.Replace("$", "$$", StringComparison.Ordinal);

    private static void Key(YamlTextEmitter e, string key) => e.Key(key, StyleOf(key, isKey: true));

    private static void Plain(YamlTextEmitter e, string text) => e.Scalar(text, YamlScalarStyle.Plain);

    private static void Scalar(YamlTextEmitter e, string text) => e.Scalar(text, StyleOf(text, isKey: false));

    private static YamlScalarStyle StyleOf(string text, bool isKey)
    {
        // Printable ASCII without a break (almost every name, label and value) needs no closer look: one vectorized check.
        if (text.AsSpan().IndexOfAnyExceptInRange(' ', '~') >= 0)
        {
            var printable = true;
            var multiline = false;
            foreach (var c in text)
            {
                if (c == '\n') multiline = true;
                else if (!IsPrintable(c)) { printable = false; break; }
            }
            // YAML readers turn \r, \r\n and NEL (U+0085) in a plain or block scalar into \n, and a block of only line
            // breaks into "": a literal block is used only for printable multi-line text; double quotes keep everything else.
            if (!printable)
                return YamlScalarStyle.DoubleQuoted; // escapes every control character, so the reader gets it back
            if (multiline)
                return text.AsSpan().Trim('\n').Length > 0 && !HasTrailingSpaceOnLine(text) ? YamlScalarStyle.Literal : YamlScalarStyle.DoubleQuoted;
        }
        // " *" in a plain mapping key is valid YAML, but YamlDotNet's scanner (the reader's, the audit's, most .NET
        // tooling's) takes it for an alias and reads the whole map as one scalar: such keys are quoted (found by FsCheck).
        if (text.Length == 0 || NeedsQuotes(text) || (isKey && text.Contains(" *", StringComparison.Ordinal)))
            return YamlScalarStyle.DoubleQuoted;
        return YamlScalarStyle.Any; // the emitter picks plain when YAML allows it, quotes otherwise
    }

    /// <summary>Characters every YAML style keeps as they are (no C0/C1 control, tab, line separator, BOM or non-character).</summary>
    private static bool IsPrintable(char c) =>
        c >= ' ' && c != '\u007F' && !(c >= '\u0080' && c <= '\u009F') && c is not ('\u2028' or '\u2029' or '\uFEFF' or '\uFFFE' or '\uFFFF');

    private static bool HasTrailingSpaceOnLine(string text)
    {
        for (var i = text.IndexOf(' '); i >= 0; i = text.IndexOf(' ', i + 1))
            if (i + 1 == text.Length || text[i + 1] == '\n') return true;
        return false;
    }

    // Plain scalars that YAML 1.1 (go-yaml, PyYAML) or 1.2 would resolve to something other than a string.
    // Source-generated rather than RegexOptions.Compiled: compiling it at run time cost every compiler start-up.
    [GeneratedRegex(
        "^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF" +
        "|~|null|Null|NULL|=|<<" +
        "|[-+]?\\.?[0-9][-+0-9a-fA-FxXoObB_.:eE]*" +       // ints, floats, hex, octal, sexagesimal, 1e3
        "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$",
        RegexOptions.CultureInvariant)]
    private static partial Regex NonStringPlain();

    public static bool NeedsQuotes(string text) =>
        (MayResolveToNonString(text) && NonStringPlain().IsMatch(text)) || char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]);

    // Every alternative of NonStringPlain starts with one of these characters, and those starting with a letter are words
    // of at most five letters (false): the regex runs only for text that could match it.
    private static bool MayResolveToNonString(string text) => text[0] switch
    {
        'y' or 'Y' or 'n' or 'N' or 't' or 'T' or 'f' or 'F' or 'o' or 'O' => text.Length <= 5,
        (>= '0' and <= '9') or '~' or '=' or '<' or '-' or '+' or '.' => true,
        _ => false,
    };
}
