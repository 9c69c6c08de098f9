using System.Text.Json.Nodes;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Compliance;
using Supplychain.Tests.Support;
using static Supplychain.Tests.Settings.SettingsHarness;

namespace Supplychain.Tests.Settings;

/// <summary>Per-policy settings: declared by the policy, set under supplychain:policy.settings.&lt;ID&gt;, validated, applied.</summary>
public sealed class PolicySettingDeclarationTests
{
    [Fact]
    public void Should_Read_A_Valid_Setting()
    {
        var config = Valid();
        config["policy"] = JsonNode.Parse("""{ "settings": { "CMP023": { "retentionDays": 14 } } }""");

        var policy = ReadYaml(config).Policy;

        Assert.Equal(14m, PolicySetting.AsNumber(policy.SettingOf("CMP023", "retentionDays")));
        Assert.Equal("""{"retentionDays":14}""", new DatabaseBackupRetention().EffectiveSettings(policy).ToJsonString());
    }

    [Fact]
    public void Should_Reject_An_Unknown_Setting_Naming_The_Key()
    {
        var config = Valid();
        config["policy"] = JsonNode.Parse("""{ "settings": { "CMP023": { "retentionDay": 14 } } }""");

        var error = SingleError(config);

        Assert.Equal("supplychain:policy.settings.CMP023.retentionDay", error.Key);
        Assert.StartsWith("CMP023 has no setting \"retentionDay\"; its settings are retentionDays", error.Message);
    }

    [Theory]
    [InlineData("0", "0 is out of range; expected from 1 to 35")]
    [InlineData("\"seven\"", "expected an integer from 1 to 35, got \"seven\"")]
    [InlineData("7.5", "expected an integer from 1 to 35, got 7.5")]
    public void Should_Reject_A_Bad_Setting_Value_Naming_The_Key(string value, string message)
    {
        var config = Valid();
        config["policy"] = JsonNode.Parse($$"""{ "settings": { "CMP023": { "retentionDays": {{value}} } } }""");

        var error = SingleError(config);

        Assert.Equal("supplychain:policy.settings.CMP023.retentionDays", error.Key);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Should_Reject_Settings_For_A_Policy_Without_Settings()
    {
        var config = Valid();
        config["policy"] = JsonNode.Parse("""{ "settings": { "CMP001": { "x": 1 } } }""");

        var error = SingleError(config);

        Assert.Equal("supplychain:policy.settings.CMP001", error.Key);
        Assert.Contains("CMP001 declares no settings", error.Message);
    }

    [Fact]
    public void Should_Judge_With_The_Stacks_Setting_Instead_Of_The_Default()
    {
        // Given an RDS instance keeping 10 days of backups
        var rds = new ResourceView("db", "aws:rds/instance:Instance", ["mlflow"], new MapValue { ["backupRetentionPeriod"] = 10 });
        var policy = new DatabaseBackupRetention();
        StackView Stack(PolicyConfig config) => new(SampleSpecs.Context(), [rds], null, config);
        var strict = PolicyConfig.Default with
        {
            Settings = new Dictionary<string, IReadOnlyDictionary<string, JsonNode>> { ["CMP023"] = new Dictionary<string, JsonNode> { ["retentionDays"] = 14 } },
        };

        // When judged with the default (7) and with 14 days
        var byDefault = policy.Evaluate(rds, Stack(PolicyConfig.Default)).ToList();
        var tightened = policy.Evaluate(rds, Stack(strict)).ToList();

        // Then only the tightened setting flags it
        Assert.Empty(byDefault);
        Assert.Equal("backupRetentionPeriod must be at least 14 (it is 10)", Assert.Single(tightened).Message);
    }

    [Fact]
    public void Should_Render_A_Settings_Json_Schema_With_Bounds_And_Default()
    {
        var schema = PolicySetting.SchemaOf(new DatabaseBackupRetention().Settings);

        Assert.Equal("""{"type":"object","properties":{"retentionDays":{"type":"integer","description":"The fewest days of automated backups a managed database keeps (RDS allows 1\u201335, Azure PostgreSQL 7\u201335).","default":7,"minimum":1,"maximum":35}},"additionalProperties":false}""",
            schema.ToJsonString());
    }

    [Fact]
    public void Should_Validate_Every_Declared_Default_Against_Its_Own_Declaration()
    {
        foreach (var p in PolicyRegistry.Load().Policies)
            foreach (var s in p.Settings)
                Assert.True(s.Validate(s.Default) is null, $"{p.Id}.{s.Name}");
    }

    [Fact]
    public void Should_Flag_A_Gpu_Pool_Above_The_Stacks_Gpu_Ceiling()
    {
        // Given a pool of up to 4 nodes × 8 GPUs and a ceiling of 16 GPUs per pool
        var spec = SampleSpecs.Dev() with { GpuPools = [new Supplychain.Components.Domain.GpuPoolSpec("training", Supplychain.Components.Domain.GpuPoolPurpose.Training, "p4d.24xlarge", 8, 0, 4, true)] };
        var limited = PolicyConfig.Default with
        {
            Settings = new Dictionary<string, IReadOnlyDictionary<string, JsonNode>> { ["COST004"] = new Dictionary<string, JsonNode> { ["maxGpusPerPool"] = 16 } },
        };
        var policy = new Supplychain.Policies.Packs.Cost.GpuPoolsDeclareMaxSize();

        // When judged with the default ceiling (64) and with 16
        var byDefault = policy.Evaluate(new StackView(SampleSpecs.Context(), [], spec, PolicyConfig.Default)).ToList();
        var capped = policy.Evaluate(new StackView(SampleSpecs.Context(), [], spec, limited)).ToList();

        // Then only the lower ceiling flags the 32-GPU pool
        Assert.Empty(byDefault);
        Assert.Contains("can scale to 32 GPUs (4 nodes × 8), above the stack's limit of 16", Assert.Single(capped).Message);
    }
}
