using Supplychain.Components.Model;
using Supplychain.Components.Yaml;
using YamlDotNet.RepresentationModel;

namespace Supplychain.Tests.ProgramModel;

public sealed class PulumiYamlWriterTests
{
    private static PulumiProgram ProgramWith(MapValue properties)
    {
        var program = new PulumiProgram();
        program.Add(new Resource("cm", "kubernetes:core/v1:ConfigMap", properties, null, ComponentPath.Of("test")));
        return program;
    }

    private static YamlScalarNode ScalarAt(string yaml, params string[] path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        YamlNode node = stream.Documents[0].RootNode;
        foreach (var key in path) node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        return (YamlScalarNode)node;
    }

    [Theory]
    [InlineData("on")]
    [InlineData("off")]
    [InlineData("yes")]
    [InlineData("No")]
    [InlineData("TRUE")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("1e3")]
    [InlineData("0755")]
    [InlineData("0x1F")]
    [InlineData("12:30")]
    [InlineData("2026-11-21")]
    [InlineData(".inf")]
    [InlineData("-1.5")]
    [InlineData("")]
    [InlineData(" leading space")]
    [InlineData("key: value")]
    [InlineData("# not a comment")]
    [InlineData("- not a list")]
    [InlineData("*alias")]
    [InlineData("&anchor")]
    [InlineData("!tag")]
    [InlineData("{flow}")]
    [InlineData("quote\"inside")]
    public void Should_Keep_A_Yaml_Ambiguous_Literal_A_String(string literal)
    {
        // Given a literal string that a YAML reader could take for something else
        var program = ProgramWith(new MapValue { ["data"] = new MapValue { ["v"] = literal } });

        // When it is written and read back by a YAML parser
        var yaml = PulumiYamlWriter.Write(program);
        var scalar = ScalarAt(yaml, "resources", "cm", "properties", "data", "v");

        // Then it is the same string, and not a plain (type-resolved) scalar where that would change it
        Assert.Equal(literal, scalar.Value);
        if (PulumiYamlWriter.NeedsQuotes(literal == "" ? " " : literal))
            Assert.NotEqual(YamlDotNet.Core.ScalarStyle.Plain, scalar.Style);
    }

    [Fact]
    public void Should_Escape_A_Literal_Interpolation_Marker()
    {
        // Given a literal containing ${ (Feast's own env substitution syntax, say)
        var program = ProgramWith(new MapValue { ["data"] = new MapValue { ["v"] = "redis://:${REDIS_PASSWORD}@redis:6379" } });

        // When written
        var yaml = PulumiYamlWriter.Write(program);

        // Then Pulumi sees the escape $${, and reading the program back gives the original literal
        Assert.Contains("redis://:$${REDIS_PASSWORD}@redis:6379", yaml);
        var back = PulumiYamlReader.Read(yaml).Get("cm").Properties.At("data.v");
        Assert.Equal(new StringValue("redis://:${REDIS_PASSWORD}@redis:6379"), back);
    }

    [Fact]
    public void Should_Write_References_And_Interpolations_As_Pulumi_Expressions()
    {
        var props = new MapValue
        {
            ["data"] = new MapValue
            {
                ["ref"] = new RefValue("db", "status.podIP"),
                ["id"] = new RefValue("db"),
                ["cfg"] = new ConfigRefValue("alertWebhookUrl"),
                ["url"] = new InterpolationValue("postgresql://app@", new RefValue("db", "metadata.name"), ":5432/${literal}"),
            },
        };
        var yaml = PulumiYamlWriter.Write(ProgramWith(props));

        Assert.Equal("${db.status.podIP}", ScalarAt(yaml, "resources", "cm", "properties", "data", "ref").Value);
        Assert.Equal("${db}", ScalarAt(yaml, "resources", "cm", "properties", "data", "id").Value);
        Assert.Equal("${alertWebhookUrl}", ScalarAt(yaml, "resources", "cm", "properties", "data", "cfg").Value);
        Assert.Equal("postgresql://app@${db.metadata.name}:5432/$${literal}", ScalarAt(yaml, "resources", "cm", "properties", "data", "url").Value);
    }

    [Fact]
    public void Should_Round_Trip_A_Program_Through_The_Reader()
    {
        // Given a program with every kind of value and option
        var program = new PulumiProgram();
        program.DeclareConfig("alertWebhookUrl", secret: true);
        var pw = program.Add(new Resource("pw", "random:RandomPassword", new MapValue { ["length"] = 32, ["special"] = false }, null, ComponentPath.Of("mlflow", "pw")));
        program.Add(new Resource("secret", "kubernetes:core/v1:Secret", new MapValue
        {
            ["metadata"] = new MapValue { ["name"] = "db", ["labels"] = new MapValue { ["supplychain.dev/component"] = "mlflow" } },
            ["stringData"] = new MapValue { ["password"] = pw.Ref("result"), ["multi"] = "line one\nline two\n", ["ratio"] = 0.25m, ["count"] = 3, ["on"] = "on" },
            ["immutable"] = true,
            ["list"] = new ListValue { "a", 1, false, Value.Null, new ListValue() },
            ["fn"] = FunctionValue.ToJson(new MapValue { ["k"] = "v" }),
        }, new ResourceOptions { Provider = "k8s", DependsOn = ["pw"], Protect = true, IgnoreChanges = ["metadata.annotations"], RetainOnDelete = true, DeleteBeforeReplace = true },
            ComponentPath.Of("mlflow", "secret")));
        program.AddOutput("endpoint", new InterpolationValue("http://", pw.Ref("id"), ":5000"));

        // When written, read and written again
        var first = PulumiYamlWriter.Write(program);
        var back = PulumiYamlReader.Read(first);
        var second = PulumiYamlWriter.Write(back);

        // Then the model and the text are unchanged
        Assert.Equal(first, second);
        Assert.Equal(program.Get("secret").Properties, back.Get("secret").Properties);
        Assert.Equal(program.Get("secret").Options, back.Get("secret").Options);
        Assert.Equal("mlflow", back.Get("secret").Component.Component);
        Assert.Contains("secret: true", first);
    }

    [Fact]
    public void Should_Write_Keys_In_Ordinal_Order_Whatever_The_Insertion_Order()
    {
        var a = ProgramWith(new MapValue { ["zeta"] = 1, ["alpha"] = 2, ["Mid"] = 3 });
        var b = ProgramWith(new MapValue { ["Mid"] = 3, ["alpha"] = 2, ["zeta"] = 1 });
        var yaml = PulumiYamlWriter.Write(a);

        Assert.Equal(yaml, PulumiYamlWriter.Write(b));
        Assert.True(yaml.IndexOf("Mid", StringComparison.Ordinal) < yaml.IndexOf("alpha", StringComparison.Ordinal));
        Assert.True(yaml.IndexOf("alpha", StringComparison.Ordinal) < yaml.IndexOf("zeta", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Refuse_Two_Resources_With_One_Name()
    {
        var program = new PulumiProgram();
        program.Add(new Resource("x", "kubernetes:core/v1:Namespace", new MapValue(), null, ComponentPath.Of("a", "x")));
        var e = Assert.Throws<DuplicateResourceNameException>(() =>
            program.Add(new Resource("x", "kubernetes:core/v1:Namespace", new MapValue(), null, ComponentPath.Of("b", "x"))));
        Assert.Contains("a/x", e.Message);
        Assert.Contains("b/x", e.Message);
    }

    [Theory]
    [InlineData(new[] { "mlflow", "database", "statefulset" }, "mlflow-database-statefulset")]
    [InlineData(new[] { "models", "Fraud_Detector" }, "models-fraud-detector")]
    [InlineData(new[] { "teams", "search", "netpol", "default-deny" }, "teams-search-netpol-default-deny")]
    public void Should_Derive_Logical_Names_From_The_Component_Path(string[] segments, string expected) =>
        Assert.Equal(expected, ComponentPath.Of(segments).LogicalName);
}
