using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Supplychain.Stacks.Settings;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using static Supplychain.Tests.Settings.SettingsHarness;

namespace Supplychain.Tests.Settings;

/// <summary>The repository's dev stack, read both ways Pulumi passes config, must give the same settings.</summary>
public sealed partial class RoundTripTests
{
    private static string DevStackFile => File.ReadAllText(Path.Combine(RepositoryRoot(), "Pulumi.dev.yaml"));

    [Fact]
    public void Should_Read_The_Same_Settings_From_The_Dev_Stack_File_And_From_Pulumi_Config()
    {
        // Given the dev stack file, and PULUMI_CONFIG built from it the way Pulumi does
        var fromFile = StackSettingsReader.Read(YamlSource(DevStackFile));
        var pulumiConfig = PulumiConfigFromStackFile(DevStackFile, typedScalars: true);

        // When read through the compiler protocol
        var fromCompiler = StackSettingsReader.Read(CompilerSource(pulumiConfig));

        // Then both give the same settings; only the source differs
        Assert.Equal("Pulumi.dev.yaml", fromFile.SourceDescription);
        Assert.Equal("PULUMI_CONFIG", fromCompiler.SourceDescription);
        Assert.Equal(Canonical(fromFile), Canonical(fromCompiler));
        Assert.Contains("\"learningRate\": \"0.05\"", Canonical(fromCompiler));
    }

    [Fact]
    public void Should_Read_The_Same_Settings_When_Every_Nested_Scalar_Arrives_As_A_String()
    {
        var fromFile = StackSettingsReader.Read(YamlSource(DevStackFile));

        var fromCompiler = StackSettingsReader.Read(CompilerSource(PulumiConfigFromStackFile(DevStackFile, typedScalars: false)));

        Assert.Equal(Canonical(fromFile), Canonical(fromCompiler));
    }

    [Fact]
    public void Should_Read_The_Dev_Stack_As_Declared()
    {
        var spec = StackSettingsReader.Read(YamlSource(DevStackFile)).Spec;

        Assert.Equal("local", spec.Stack.TargetName);
        Assert.Equal(["fraud-detector", "query-ranker"], spec.Models.Select(m => m.Name));
        Assert.Equal("1", spec.Models[1].Serving.Cpu);
        Assert.Equal([20, 60], spec.Models[1].Serving.EffectiveCanarySteps);
        Assert.Equal("0.05", spec.Models[0].Lineage!.Hyperparameters["learningRate"]);
        Assert.Equal("2026-11-02", spec.Models[0].Lineage!.Approval!.At);
        Assert.Equal(2500m, spec.Budget!.MonthlyUsd);
    }

    private static string Canonical(StackSettings settings) =>
        JsonSerializer.Serialize(new { settings.StackName, settings.Spec, settings.Policy, settings.SecretKeysSet }, new JsonSerializerOptions { WriteIndented = true });

    /// <summary>
    /// The test's own model of what Pulumi puts in PULUMI_CONFIG for a stack file: each top-level scalar as its text,
    /// each object or list as JSON text whose plain scalars are typed (ints, floats, booleans, null) like Pulumi's YAML decoder does,
    /// or, with <paramref name="typedScalars"/> false, kept as strings.
    /// </summary>
    private static string PulumiConfigFromStackFile(string yaml, bool typedScalars)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var config = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("config")];
        var result = new JsonObject();
        foreach (var (key, value) in config.Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            if (value is YamlScalarNode scalar)
            {
                result[name] = scalar.Value;
                continue;
            }
            var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer)) Write(writer, value, typedScalars);
            result[name] = Encoding.UTF8.GetString(buffer.ToArray());
        }
        return result.ToJsonString();
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node, bool typed)
    {
        switch (node)
        {
            case YamlMappingNode map:
                writer.WriteStartObject();
                foreach (var (k, v) in map.Children)
                {
                    writer.WritePropertyName(((YamlScalarNode)k).Value!);
                    Write(writer, v, typed);
                }
                writer.WriteEndObject();
                break;
            case YamlSequenceNode list:
                writer.WriteStartArray();
                foreach (var item in list.Children) Write(writer, item, typed);
                writer.WriteEndArray();
                break;
            case YamlScalarNode s when typed && s.Style == ScalarStyle.Plain && s.Value is "true" or "false":
                writer.WriteBooleanValue(s.Value == "true");
                break;
            case YamlScalarNode s when typed && s.Style == ScalarStyle.Plain && Number().IsMatch(s.Value!):
                writer.WriteRawValue(double.Parse(s.Value!, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture));
                break;
            case YamlScalarNode s:
                writer.WriteStringValue(s.Value);
                break;
        }
    }

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?$")]
    private static partial Regex Number();
}
