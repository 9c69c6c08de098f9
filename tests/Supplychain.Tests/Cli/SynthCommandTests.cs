using Supplychain.Components.Yaml;
using YamlDotNet.RepresentationModel;

namespace Supplychain.Tests.CliTests;

public sealed class SynthCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Should_Print_Only_The_Program_Through_The_Compiler_Protocol()
    {
        // Given the dev stack's config passed as Pulumi passes it
        _cli.UseCompilerProtocol();

        // When Pulumi runs the compiler
        var (code, stdout, stderr) = _cli.Run("synth");

        // Then stdout is a YAML program holding every component, and the chatter went to stderr
        Assert.True(code == 0, stderr);
        var program = PulumiYamlReader.Read(stdout);
        var components = program.Resources.Select(r => r.Component.Component).ToHashSet();
        foreach (var c in new[] { "artifacts", "mlflow", "feast", "monitoring", "release", "models", "gpu", "gpu-pools", "teams", "cluster" })
            Assert.Contains(c, components);
        Assert.Contains("policy", program.Outputs.Keys);
        Assert.Contains("mlflowEndpoint", program.Outputs.Keys);
        Assert.Contains("resourceCounts", program.Outputs.Keys);
        Assert.Contains("dev:", stderr);
        Assert.DoesNotContain("supplychain:", stdout.Split('\n').FirstOrDefault(l => !l.StartsWith('#')) ?? "");
    }

    [Fact]
    public void Should_Synthesize_Byte_Identical_Programs_Across_Runs()
    {
        _cli.UseCompilerProtocol();
        var first = _cli.Run("synth").Out;
        var second = _cli.Run("synth").Out;
        Assert.False(string.IsNullOrEmpty(first));
        Assert.Equal(first, second);
    }

    [Fact]
    public void Should_Reference_A_Secret_Config_Value_And_Never_Write_It()
    {
        // Given a secret webhook URL, decrypted by Pulumi into PULUMI_CONFIG
        const string sentinel = "https://hooks.example.com/services/SENTINEL-7f3a9c-DO-NOT-PRINT";
        _cli.UseCompilerProtocol(edit: c => c["supplychain:alertWebhookUrl"] = sentinel);

        // When synthesized
        var (code, stdout, stderr) = _cli.Run("synth");

        // Then the program declares and references the key, and the value is nowhere
        Assert.True(code == 0, stderr);
        Assert.DoesNotContain("SENTINEL-7f3a9c", stdout);
        Assert.DoesNotContain("SENTINEL-7f3a9c", stderr);
        Assert.Contains("${alertWebhookUrl}", stdout);
        var config = PulumiYamlReader.Read(stdout).Config.Single(c => c.Key == "alertWebhookUrl");
        Assert.True(config.Secret);
    }

    [Fact]
    public void Should_Emit_The_Union_Of_Every_Stack_When_Pulumi_Discovers_Plugins()
    {
        // Given no PULUMI_STACK (Pulumi's plugin discovery run) and a second stack beside dev
        File.WriteAllText(Path.Combine(_cli.ProjectDirectory, "Pulumi.other.yaml"),
            File.ReadAllText(Path.Combine(_cli.ProjectDirectory, "Pulumi.dev.yaml")));

        var (code, stdout, stderr) = _cli.Run("synth");

        Assert.True(code == 0, stderr);
        Assert.Contains("union of 2 stack(s)", stderr);
        var types = PulumiYamlReader.Read(stdout).Resources.Select(r => r.Type).ToHashSet();
        Assert.Contains("kubernetes:helm.sh/v3:Release", types);
        Assert.Contains("random:RandomPassword", types);
    }

    [Fact]
    public void Should_Not_Fail_Plugin_Discovery_When_A_Stack_Is_Broken()
    {
        File.WriteAllText(Path.Combine(_cli.ProjectDirectory, "Pulumi.broken.yaml"), "config:\n  supplychain:target: mars\n");

        var (code, stdout, stderr) = _cli.Run("synth");

        Assert.Equal(0, code);
        Assert.Contains("skips stack 'broken'", stderr);
        Assert.Contains("resources:", stdout);
    }

    [Fact]
    public void Should_Stop_With_A_Lineage_Policy_When_A_Model_Loses_Its_Lineage()
    {
        // Given the dev stack with fraud-detector's lineage removed
        _cli.EditStackFile(c => CliHarness.Model(c, "fraud-detector").Children.Remove(new YamlScalarNode("lineage")));

        // When synthesized (the config itself is valid: policies judge lineage)
        var (code, stdout, stderr) = _cli.Run("synth", "--stack", "dev");

        // Then a mandatory LIN policy stops it, with nothing on stdout
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Matches(@"LIN0\d\d", stderr);
        Assert.Contains("fraud-detector", stderr);
    }

    [Fact]
    public void Should_Stop_With_A_Cost_Policy_When_The_Budget_Is_One_Dollar()
    {
        _cli.EditStackFile(c => ((YamlMappingNode)c["supplychain:budget"]).Children[new YamlScalarNode("monthlyUsd")] = new YamlScalarNode("1"));

        var (code, stdout, stderr) = _cli.Run("synth", "--stack", "dev");

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Contains("COST002", stderr);
    }

    [Fact]
    public void Should_Fail_On_An_Expired_Waiver()
    {
        _cli.WriteWaivers("""
            waivers:
              - policy: COST006
                component: gpu-pools
                reason: On-demand training for the Q4 deadline.
                approver: ml-platform-lead
                expires: 2026-01-31
            """);

        var (code, stdout, stderr) = _cli.Run("synth", "--stack", "dev");

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Contains("CMP050", stderr);
    }

    [Fact]
    public void Should_Refuse_An_Unknown_Option_With_Exit_Code_2()
    {
        var (code, stdout, stderr) = _cli.Run("synth", "--bogus");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("--bogus", stderr);
    }
}
