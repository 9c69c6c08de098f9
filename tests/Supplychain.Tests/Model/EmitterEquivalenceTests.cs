using Supplychain.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using Supplychain.Components.Model;
using Supplychain.Components.Yaml;

namespace Supplychain.Tests.ProgramModel;

/// <summary>
/// The hand-written emitter behind <see cref="PulumiYamlWriter"/> must write exactly what YamlDotNet's emitter wrote
/// (<see cref="YamlDotNetReferenceWriter"/>, the writer as it was): every byte of every program, or the same exception.
/// Random programs are dense in what changes YAML's choices: indicators, quotes, spaces and breaks at either end,
/// control and non-BMP characters, lone surrogates, multi-line and over-long keys, empty collections at any depth.
/// </summary>
public sealed class EmitterEquivalenceTests
{
    private static readonly Gen<char> TrickyChar = Gen.Frequency(
        (8, Gen.Elements('a', 'b', 'Z', '0', '1', '.', '-', ' ', ':', '#', '\'', '"', '$', '{', '}')),
        (4, Gen.Elements('\n', '[', ']', ',', '?', '*', '&', '!', '|', '>', '%', '@', '`', '~', '=', '<', '\\', '/')),
        (1, Gen.Elements('\r', '\t', '\0', '\u0007', '\u001B', '\u007F', '\u0085', '\u00A0', 'é', '€', '\u2028', '\u2029', '\uFEFF', '\uFFFE')),
        (1, Gen.Elements('\uD83D', '\uDE80')), // halves of 🚀: in order a pair, alone an orphan
        (1, ArbMap.Default.ArbFor<char>().Generator));

    private static readonly Gen<string> Text = Gen.Frequency(
        (10, TrickyChar.ArrayOf().Select(chars => new string(chars))),
        (2, Gen.Elements("", "true", "null", "~", "1.5", "-", "- a", "---", "...", "a: b", "#x", "a #b", "'q'", "\"", "on", "0x1F", "12:30", "a *", " ", "\n", "a\n", "a\n\n", "\na", " a\nb", "a \nb", "a\n b\n", "a\r\nb")),
        (1, Gen.Elements(new string('k', 1024), new string('k', 1025), "x " + new string('y', 1030))),
        (1, Gen.Elements("🚀", "a🚀b", "\uD83D", "\uDE80x")),
        (2, Gen.Elements("y", "Y", "yes", "YES", "n", "No", "NO", "nope", "t", "True", "trueish", "f", "FALSE", "Falsey", "on", "On", "off", "OFF",
            "offline", "null", "Null", "nullable", "o", "=", "<<", "<", "<<<", "+1", "-.5", ".5", "0o17", "0x", "1_000", "1:30", "+.inf", ".NaN")));

    private static Gen<Value> ValueGen(int size) => size <= 0
        ? Leaf
        : Gen.Frequency(
            (6, Leaf),
            (2, Gen.Choose(0, 4).SelectMany(n => ValueGen(size / 2).ListOf(n)).Select(items => (Value)new ListValue(items))),
            (2, MapGen(size / 2).Select(m => (Value)m)),
            (1, ValueGen(size / 2).SelectMany(arg => Gen.Elements("fn::toJSON", "fn::secret", "fn::join").Select(name => (Value)new FunctionValue(name, arg)))));

    private static readonly Gen<Value> Leaf = Gen.Frequency(
        (8, Text.Select(t => (Value)new StringValue(t))),
        (2, Gen.Elements<Value>(1, 0, -3, 2.5m, 1e20m, true, false, Value.Null)),
        (1, Text.Select(t => (Value)new RefValue("res", t.Length == 0 ? null : t))),
        (1, Text.Select(t => (Value)new ConfigRefValue(t))),
        (1, Text.SelectMany(a => Text.Select(b => (Value)new InterpolationValue(a, new RefValue("db", "address"), b)))));

    private static Gen<MapValue> MapGen(int size) =>
        Gen.Choose(0, 4).SelectMany(n => Text.SelectMany(k => ValueGen(size).Select(v => (k, v))).ListOf(n))
            .Select(entries =>
            {
                var map = new MapValue();
                foreach (var (k, v) in entries) map[k] = v;
                return map;
            });

    private static readonly Gen<PulumiProgram> ProgramGen =
        Gen.Choose(0, 3).SelectMany(n => MapGen(6).SelectMany(props => Text.Select(name => (name, props))).ListOf(n))
            .SelectMany(resources => MapGen(4).Select(outputs => (resources, outputs)))
            .SelectMany(t => Text.ListOf().Select(strings => (t.resources, t.outputs, strings)))
            .Select(t =>
            {
                var program = new PulumiProgram();
                var i = 0;
                foreach (var (name, props) in t.resources)
                {
                    var options = (i % 3) switch
                    {
                        0 => null,
                        1 => new ResourceOptions { DependsOn = [.. t.strings.Where(s => s.Length > 0).Take(3)], Protect = true },
                        _ => new ResourceOptions { Provider = "k8s", IgnoreChanges = [.. t.strings.Take(2)], AdditionalSecretOutputs = [.. t.strings.Skip(2).Take(2)] },
                    };
                    program.Add(new Resource(string.IsNullOrWhiteSpace(name) ? $"r{i}" : $"{name}{i}", "kubernetes:core/v1:ConfigMap", props, options, ComponentPath.Of("test")));
                    i++;
                }
                foreach (var (key, value) in t.outputs) program.AddOutput(key, value);
                foreach (var key in t.strings.Distinct().Take(3)) program.DeclareConfig(key, "string", secret: key.Length % 2 == 0);
                return program;
            });

    private static readonly Config Runs = PropertyRuns.Replaying(0x5EED_2026_1201UL);

    [Fact]
    public void Should_Write_Any_Program_Byte_For_Byte_As_YamlDotNet_Did()
    {
        // Given any program, When written by both writers, Then the text (or the exception) is the same
        Check.One(Runs, Prop.ForAll(Arb.From(ProgramGen), program =>
            Outcome(() => PulumiYamlWriter.Write(program, "header\nline two")) == Outcome(() => YamlDotNetReferenceWriter.Write(program, "header\nline two"))));
    }

    [Fact]
    public void Should_Write_Any_Fragment_Byte_For_Byte_As_YamlDotNet_Did()
    {
        // Given any value at the root of a document (reports render fragments), When written by both, Then the same
        Check.One(Runs, Prop.ForAll(Arb.From(ValueGen(8)), value =>
            Outcome(() => PulumiYamlWriter.WriteFragment(value)) == Outcome(() => YamlDotNetReferenceWriter.WriteFragment(value))));
    }

    [Fact]
    public void Should_Write_Every_Short_Text_As_Key_And_Value_As_YamlDotNet_Did()
    {
        // Given every text of up to three characters from the characters that steer YAML's style choices
        const string alphabet = "a -:#'\"\n*?!,[{.\t\u0085";
        var texts = new List<string> { "" };
        for (var length = 1; length <= 3; length++)
            texts.AddRange(texts.Where(t => t.Length == length - 1).SelectMany(t => alphabet.Select(c => t + c)).ToList());

        // When each is written as a value, a nested key and an output name, Then both writers agree on every byte
        foreach (var text in texts)
        {
            var program = new PulumiProgram();
            program.Add(new Resource("cm", "kubernetes:core/v1:ConfigMap",
                new MapValue { ["v"] = text, ["m"] = new MapValue { [text] = new ListValue { text, new MapValue { [text] = text } } } }, null, ComponentPath.Of("test")));
            program.AddOutput(text.Length == 0 ? "empty" : text, new ListValue { new ListValue { text } });
            Assert.Equal(Outcome(() => YamlDotNetReferenceWriter.Write(program)), Outcome(() => PulumiYamlWriter.Write(program)));
        }
    }

    private static string Outcome(Func<string> write)
    {
        try { return write(); }
        catch (Exception e) { return $"threw {e.GetType().Name}"; }
    }
}
