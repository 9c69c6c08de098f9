using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Supplychain.Stacks.Pipeline;
using Supplychain.Stacks.Settings;
using Supplychain.Tests.Settings;

namespace Supplychain.Tests.Naming;

/// <summary>
/// The maxima CONFIG.md documents are the ones the settings reader enforces, and a stack with every name at its
/// maximum goes through the whole reader and renders only valid names, on every target.
/// </summary>
public sealed partial class DocumentedMaximaTests
{
    private static int DocumentedMaximum(string section)
    {
        var config = File.ReadAllText(Path.Combine(SettingsHarness.RepositoryRoot(), "stacks", "Settings", "CONFIG.md"));
        var body = config.Split("\n### ").Single(s => s.StartsWith(section + "\n", StringComparison.Ordinal));
        var row = body.Split('\n').Single(l => l.StartsWith("| `name` |", StringComparison.Ordinal));
        return int.Parse(Maximum().Match(row).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"≤ (\d+)")]
    private static partial Regex Maximum();

    private static string Name(char first, int length) => first + new string('a', length - 2) + "z";

    /// <summary>The harness config with team, model and pool names at the given lengths (the model in the team, on the pool).</summary>
    private static JsonObject Config(string target, int team, int model, int pool)
    {
        var config = SettingsHarness.Valid();
        var teamName = Name('t', team);
        var poolName = Name('p', pool);
        config["target"] = target;
        config["teams"]![0]!["name"] = teamName;
        config["gpuPools"]![0]!["name"] = poolName;
        var served = SettingsHarness.Model(config, 1);
        served["name"] = Name('m', model);
        served["team"] = teamName;
        served["serving"] = new JsonObject { ["gpus"] = 1, ["gpuPool"] = poolName };
        SettingsHarness.Model(config, 0)["team"] = teamName;
        var instance = target switch { "aws" => "g5.xlarge", "azure" => "Standard_NC8as_T4_v3", _ => "nvidia-l4" };
        foreach (var p in config["gpuPools"]!.AsArray()) p!["instanceType"] = instance;
        if (target == "aws") config["aws"] = new JsonObject { ["region"] = "ap-southeast-2" };
        if (target == "azure") config["azure"] = new JsonObject { ["location"] = "westeurope", ["deployerObjectId"] = "9f3c2b1a-7d6e-4c5b-8a9f-0e1d2c3b4a59" };
        if (target != "local") config["ci"] = new JsonObject { ["githubRepository"] = "acme-ml/ml-platform", ["branch"] = "release/2026.11" };
        return config;
    }

    [Theory]
    [InlineData("local")]
    [InlineData("aws")]
    [InlineData("azure")]
    public void Should_Render_Valid_Names_For_A_Stack_With_Every_Name_At_Its_Documented_Maximum(string target)
    {
        var config = Config(target, DocumentedMaximum("team"), DocumentedMaximum("model"), DocumentedMaximum("GPU pool"));
        var settings = StackSettingsReader.Read(SettingsHarness.CompilerSource(SettingsHarness.PulumiConfig(config), PhysicalNameTests.LongStackName));

        var program = SynthPipeline.Render(settings);

        Assert.Equal(63, settings.StackName.Length);
        Assert.Empty(PhysicalNames.Invalid(program));
    }

    [Theory]
    [InlineData("team", "supplychain:teams[0].name")]
    [InlineData("model", "supplychain:models[1].name")]
    [InlineData("GPU pool", "supplychain:gpuPools[0].name")]
    public void Should_Reject_A_Name_One_Character_Over_Its_Documented_Maximum(string section, string key)
    {
        var team = DocumentedMaximum("team");
        var model = DocumentedMaximum("model");
        var pool = DocumentedMaximum("GPU pool");
        var config = section switch
        {
            "team" => Config("local", team + 1, model, pool),
            "model" => Config("local", team, model + 1, pool),
            _ => Config("local", team, model, pool + 1),
        };

        var errors = SettingsHarness.YamlError(config).Errors;

        Assert.Contains(errors, e => e.Key == key);
    }

    [Fact]
    public void Should_Reject_A_Stack_Name_Over_63_Characters()
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            SettingsHarness.CompilerSource(SettingsHarness.PulumiConfig(SettingsHarness.Valid()), PhysicalNameTests.LongStackName + "x"));

        Assert.Contains("1 to 63", error.Message, StringComparison.Ordinal);
    }
}
