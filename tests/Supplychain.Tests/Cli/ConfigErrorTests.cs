using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Supplychain.Tests.CliTests;

/// <summary>Every kind of bad config is exit code 2, a message naming the source and the key, and an empty stdout.</summary>
public sealed class ConfigErrorTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    public static TheoryData<string, string, string> Mutations => new()
    {
        // name, key expected in the message, JSON edit of the config as Pulumi passes it
        { "unknown key", "supplychain:budgett", """{"supplychain:budgett": "{\"monthlyUsd\":1}"}""" },
        { "wrong type", "supplychain:teams", """{"supplychain:teams": "\"fraud\""}""" },
        { "out of range", "supplychain:models[0].serving.replicas", "replicas=0" },
        { "bad digest", "supplychain:models[0].artifact.digest", "digest=sha256:abc" },
        { "commit not 40 hex", "supplychain:models[0].lineage.codeCommit", "commit=123abc" },
        { "duplicate model", "supplychain:models[1].name", "duplicate" },
        { "unknown team", "supplychain:models[0].team", "team=nobody" },
        { "unknown target", "supplychain:target", """{"supplychain:target": "mars"}""" },
    };

    [Theory]
    [MemberData(nameof(Mutations))]
    public void Should_Exit_2_And_Name_The_Key_Through_The_Compiler_Protocol(string name, string key, string mutation)
    {
        _cli.UseCompilerProtocol(edit: c => Apply(c, mutation));

        var (code, stdout, stderr) = _cli.Run("synth");

        Assert.True(code == 2, $"{name}: exit {code}\n{stderr}");
        Assert.Equal("", stdout);
        Assert.Contains("PULUMI_CONFIG", stderr);
        Assert.Contains(key, stderr);
    }

    [Theory]
    [MemberData(nameof(Mutations))]
    public void Should_Exit_2_And_Name_The_Stack_File_From_The_Cli(string name, string key, string mutation)
    {
        // The same edit applied to Pulumi.dev.yaml (objects and lists as YAML, as a person writes them)
        _cli.UseCompilerProtocol(edit: c => Apply(c, mutation));
        var config = JsonNode.Parse(_cli.Environment["PULUMI_CONFIG"])!.AsObject();
        _cli.Environment.Clear();
        var yaml = "config:\n" + string.Concat(config.Select(kv =>
            $"  {kv.Key}: {(kv.Value!.GetValue<string>() is var v && (v.StartsWith('{') || v.StartsWith('[')) ? v : JsonValue.Create(v)!.ToJsonString())}\n"));
        File.WriteAllText(Path.Combine(_cli.ProjectDirectory, "Pulumi.dev.yaml"), yaml);

        foreach (var verb in new[] { "synth", "preview", "cost" })
        {
            var (code, stdout, stderr) = _cli.Run(verb, "--stack", "dev");
            Assert.True(code == 2, $"{verb} {name}: exit {code}\n{stderr}");
            Assert.Equal("", stdout);
            Assert.Contains("Pulumi.dev.yaml", stderr);
            Assert.Contains(key, stderr);
        }
    }

    [Fact]
    public void Should_Exit_2_Naming_The_Existing_Stacks_For_A_Missing_Stack_File()
    {
        var (code, stdout, stderr) = _cli.Run("preview", "--stack", "prod");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("Pulumi.prod.yaml", stderr);
        Assert.Contains("dev", stderr);
    }

    [Fact]
    public void Should_Exit_2_For_Malformed_Json_In_Pulumi_Config()
    {
        _cli.Environment["PULUMI_STACK"] = "dev";
        _cli.Environment["PULUMI_CONFIG"] = "{not json";
        var (code, stdout, stderr) = _cli.Run("synth");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("PULUMI_CONFIG", stderr);
    }

    [Fact]
    public void Should_Accept_A_Model_Without_Lineage_As_Configuration()
    {
        // Omitting lineage is valid config (policies judge it): the exit code is the policy's 1, not 2.
        _cli.EditStackFile(c => CliHarness.Model(c, "query-ranker").Children.Remove(new YamlScalarNode("lineage")));
        var (code, _, stderr) = _cli.Run("synth", "--stack", "dev");
        Assert.Equal(1, code);
        Assert.DoesNotContain("configuration error", stderr);
    }

    private static void Apply(JsonObject config, string mutation)
    {
        if (mutation.StartsWith('{'))
        {
            foreach (var (k, v) in JsonNode.Parse(mutation)!.AsObject()) config[k] = v!.DeepClone();
            return;
        }
        var models = JsonNode.Parse(config["supplychain:models"]!.GetValue<string>())!.AsArray();
        var first = models[0]!.AsObject();
        switch (mutation.Split('=')[0])
        {
            case "replicas": first["serving"]!["replicas"] = 0; break;
            case "digest": first["artifact"]!["digest"] = mutation.Split('=')[1]; break;
            case "commit": first["lineage"]!["codeCommit"] = mutation.Split('=')[1]; break;
            case "team": first["team"] = mutation.Split('=')[1]; break;
            case "duplicate": models[1]!["name"] = first["name"]!.GetValue<string>(); break;
        }
        config["supplychain:models"] = models.ToJsonString();
    }
}
