using Supplychain.Tests.Support;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Supplychain.Components.Model;
using Supplychain.Components.Yaml;
using YamlDotNet.RepresentationModel;
using static Supplychain.Tests.ProgramModel.PulumiYamlInterpolation;

namespace Supplychain.Tests.ProgramModel;

/// <summary>
/// User text in the program must come out of Pulumi YAML's unescaping exactly as it went in: never a reference
/// (which could copy a generated password into an annotation), never a changed literal. Judged with a port of
/// Pulumi YAML's own parser (<see cref="PulumiYamlInterpolation"/>).
/// </summary>
public sealed class LiteralEscapingTests
{
    // Strings dense in the characters the interpolation grammar cares about, mixed with arbitrary characters.
    private static readonly Gen<string> PulumiText =
        Gen.Frequency(
                (6, Gen.Elements('$', '{', '}', '[', ']', '"', '\\', '.', 'a', '-')),
                (1, Gen.Elements('\n', '\r', '\t', ' ', '\0', 'é', '€', '\u2028', '\uFEFF')),
                (2, ArbMap.Default.ArbFor<char>().Generator))
            .ArrayOf()
            .Select(chars => new string(chars));

    private static readonly Config Runs = PropertyRuns.Replaying(0x5EED_2026_1130UL);

    [Fact]
    public void Should_Give_Back_Any_Text_After_Pulumi_Yaml_Unescapes_It()
    {
        // Given any text, When it is escaped and read by Pulumi YAML's interpolation parser, Then it is that literal text
        Check.One(Runs, Prop.ForAll(Arb.From(PulumiText), text =>
            Parse(PulumiYamlWriter.EscapeLiteral(text)) == new Literal(text)));
    }

    [Fact]
    public void Should_Give_Back_Any_Text_Through_The_Written_Yaml_Program()
    {
        // Given any well-formed text as a value and as the key of a nested map (both interpolated by Pulumi YAML)
        Check.One(Runs, Prop.ForAll(Arb.From(PulumiText.Where(IsWellFormedUtf16)), text =>
        {
            var yaml = PulumiYamlWriter.Write(ConfigMap(new MapValue { ["v"] = text, ["labels"] = new MapValue { [text] = "x" } }));

            // When the YAML is parsed and its strings are read as Pulumi YAML reads them
            var data = DataNode(yaml);
            var value = Parse(((YamlScalarNode)data[new YamlScalarNode("v")]).Value!);
            var key = Parse(((YamlScalarNode)((YamlMappingNode)data[new YamlScalarNode("labels")]).Children.Keys.Single()).Value!);

            // Then both are the literal text
            return value == new Literal(text) && key == new Literal(text);
        }));
    }

    [Fact]
    public void Should_Keep_References_Live_And_Literals_Literal_In_An_Interpolation()
    {
        // Given literal text on both sides of a real reference
        Check.One(Runs, Prop.ForAll(Arb.From(PulumiText), Arb.From(PulumiText), (before, after) =>
        {
            var written = PulumiYamlWriter.Interpolate(new InterpolationValue(before, new RefValue("db", "address"), after));

            // When Pulumi YAML parses it, Then there is exactly the one reference with the literal text around it
            var (parts, error) = ParseInterpolate(written);
            return error is null
                   && parts.Count(p => p.Access is not null) == 1
                   && parts[0] == new Part(before, "db.address")
                   && string.Concat(parts.Skip(1).Select(p => p.Text)) == after;
        }));
    }

    [Theory]
    [InlineData("$", "$$")]
    [InlineData("$$", "$$$$")]
    [InlineData("${", "$${")]
    [InlineData("$${x}", "$$$${x}")]
    [InlineData("$$${x}", "$$$$$${x}")]
    [InlineData("v-$${mlflow-database-password.result}", "v-$$$${mlflow-database-password.result}")]
    [InlineData("a$$b", "a$$$$b")]
    [InlineData("trailing $", "trailing $$")]
    [InlineData("line one\n${two}\n", "line one\n$${two}\n")]
    [InlineData("prix: 5 € — ${ünïcode} 🚀", "prix: 5 € — $${ünïcode} 🚀")]
    [InlineData("no dollar", "no dollar")]
    public void Should_Escape_Every_Dollar_So_Pulumi_Reads_The_Text_Back(string text, string escaped)
    {
        // Given user text, When escaped
        var written = PulumiYamlWriter.EscapeLiteral(text);

        // Then every $ is doubled, and Pulumi YAML reads the original text, never a reference
        Assert.Equal(escaped, written);
        Assert.Equal(new Literal(text), Parse(written));
    }

    [Theory]
    [InlineData("-[}]U  *].$")] // YamlDotNet read the plain key "a *: x" as an alias and the map as one scalar
    [InlineData("a *")]
    [InlineData("a *b")]
    [InlineData("*a")]
    [InlineData("- a")]
    [InlineData("-{}: x")]
    public void Should_Give_Back_Text_That_Yaml_Readers_Misread_In_A_Plain_Key(string text)
    {
        // Given text as a value and as a nested map key, When written and parsed
        var yaml = PulumiYamlWriter.Write(ConfigMap(new MapValue { ["v"] = text, ["labels"] = new MapValue { [text] = "x" } }));
        var data = DataNode(yaml);

        // Then the map is a map and both strings are the literal text
        var labels = Assert.IsType<YamlMappingNode>(data[new YamlScalarNode("labels")]);
        Assert.Equal(new Literal(text), Parse(((YamlScalarNode)labels.Children.Keys.Single()).Value!));
        Assert.Equal(new Literal(text), Parse(((YamlScalarNode)data[new YamlScalarNode("v")]).Value!));
    }

    [Fact]
    public void Should_Not_Turn_A_Doubled_Dollar_Reference_In_Config_Into_A_Live_Reference()
    {
        // Given the config text that the old escaping (only ${ → $${) turned into a live reference to a generated password
        const string injected = "v-$${mlflow-database-password.result}";
        Assert.IsType<Interpolation>(Parse(injected.Replace("${", "$${", StringComparison.Ordinal))); // the old escaping: a reference

        // When written as an annotation of a resource
        var yaml = PulumiYamlWriter.Write(ConfigMap(new MapValue { ["v"] = injected }));

        // Then Pulumi YAML reads the literal text, and our reader agrees
        Assert.Equal(new Literal(injected), Parse(((YamlScalarNode)DataNode(yaml)[new YamlScalarNode("v")]).Value!));
        Assert.Equal(new StringValue(injected), PulumiYamlReader.Read(yaml).Get("cm").Properties.At("data.v"));
    }

    [Fact]
    public void Should_Refuse_A_Data_Map_Pulumi_Yaml_Would_Read_As_A_Function()
    {
        // Given a nested map whose only key looks like a builtin (Pulumi YAML matches fn:: case-insensitively)
        var program = ConfigMap(new MapValue { ["v"] = new MapValue { ["Fn::Secret"] = "x" } });

        // When written, Then the writer refuses rather than emit a call
        Assert.Throws<InvalidOperationException>(() => PulumiYamlWriter.Write(program));
    }

    private static bool IsWellFormedUtf16(string s)
    {
        try { _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(s); return true; }
        catch (EncoderFallbackException) { return false; }
    }

    private static PulumiProgram ConfigMap(MapValue data)
    {
        var program = new PulumiProgram();
        program.Add(new Resource("cm", "kubernetes:core/v1:ConfigMap", new MapValue { ["data"] = data }, null, ComponentPath.Of("test")));
        return program;
    }

    private static YamlMappingNode DataNode(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var cm = (YamlMappingNode)((YamlMappingNode)root[new YamlScalarNode("resources")])[new YamlScalarNode("cm")];
        return (YamlMappingNode)((YamlMappingNode)cm[new YamlScalarNode("properties")])[new YamlScalarNode("data")];
    }
}
