using System.Text.Json.Nodes;
using Supplychain.Stacks.Settings;
using Supplychain.Tests.CliTests;
using static Supplychain.Tests.Settings.SettingsHarness;

namespace Supplychain.Tests.Settings;

/// <summary>
/// Inputs are read strictly: patterns end at the true end of input (a trailing newline is not allowed in), control
/// characters are never part of a name, a named waivers file must exist, a waiver glob may not blanket a policy, and
/// engine output of the wrong shape is refused instead of judged as a pass.
/// </summary>
public sealed class StrictInputTests
{
    [Theory]
    [InlineData("teams[0].name", "fraud\n")]
    [InlineData("models[0].artifact.digest", "sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\n")]
    [InlineData("models[0].lineage.codeCommit", "4444444444444444444444444444444444444444\n")]
    [InlineData("owner", "ml-platform\n")]
    [InlineData("models[0].lineage.datasetVersion", "transactions\u0000")]
    [InlineData("models[0].lineage.trainingRun", "run-1\r")]
    [InlineData("models[0].version", "1.4.2\u001b[31m")]
    public void Should_Reject_A_Trailing_Newline_Or_Control_Character(string key, string value)
    {
        // Given a value that is valid up to a trailing newline or with a control character in it
        var config = Valid();
        Set(config, key, value);

        // When read, Then it is refused, naming the key
        var errors = YamlError(config).Errors;
        Assert.Contains(errors, e => e.Key == "supplychain:" + key);
    }

    [Fact]
    public void Should_Reject_A_Control_Character_In_A_Map_Key()
    {
        var config = Valid();
        Model(config, 0)["lineage"]!["hyperparameters"] = new JsonObject { ["max\nDepth"] = 8 };

        var errors = YamlError(config).Errors;

        Assert.Contains(errors, e => e.Key.StartsWith("supplychain:models[0].lineage.hyperparameters", StringComparison.Ordinal) && e.Message.Contains("control character", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Exit_2_When_The_Named_Waivers_File_Is_Missing()
    {
        // Given a stack that names a waivers file that does not exist
        using var cli = new CliHarness();
        cli.EditStackFile(c => ((YamlDotNet.RepresentationModel.YamlMappingNode)c["supplychain:policy"])
            .Children[new YamlDotNet.RepresentationModel.YamlScalarNode("waiversFile")] = new YamlDotNet.RepresentationModel.YamlScalarNode("policies/waiver.yaml"));

        // When synthesized, Then exit 2 naming the key and the file, nothing on stdout
        var (code, stdout, stderr) = cli.Run("synth", "--stack", "dev");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains(WaiversFileLoader.Key, stderr, StringComparison.Ordinal);
        Assert.Contains("policies/waiver.yaml", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Still_Allow_The_Default_Waivers_File_To_Be_Absent()
    {
        using var cli = new CliHarness();
        File.Delete(Path.Combine(cli.ProjectDirectory, "policies", "waivers.yaml"));

        var (code, _, stderr) = cli.Run("cost", "--stack", "dev");

        Assert.True(code == 0, stderr);
    }

    [Theory]
    [InlineData("*-*", true)]
    [InlineData("*-**", true)]
    [InlineData("models-fraud-detector-*", false)]
    public void Should_Refuse_A_Waiver_Glob_That_Covers_Every_Resource_The_Policy_Applies_To(string glob, bool refused)
    {
        // Given a waiver of CMP008 (governance labels: every Kubernetes object) with a resource glob
        using var cli = new CliHarness();
        cli.WriteWaivers($"""
            waivers:
              - policy: CMP008
                resource: "{glob}"
                reason: Labels are added by a mutating webhook in this cluster.
                approver: ml-platform-lead
                expires: 2027-06-30
            """);

        // When synthesized
        var (code, _, stderr) = cli.Run("synth", "--stack", "dev");

        // Then a blanket glob is a CMP050 violation (mandatory: synth stops), a precise one is accepted
        Assert.Equal(refused, stderr.Contains("like a bare '*' it would waive the policy everywhere", StringComparison.Ordinal));
        if (refused) Assert.Equal(1, code);
    }

    private static void Set(JsonObject config, string key, string value)
    {
        JsonNode node = config;
        var parts = key.Replace("]", "", StringComparison.Ordinal).Split('.', '[');
        for (var i = 0; i < parts.Length - 1; i++)
            node = int.TryParse(parts[i], out var index) ? node[index]! : node[parts[i]]!;
        node[parts[^1]] = value;
    }
}
