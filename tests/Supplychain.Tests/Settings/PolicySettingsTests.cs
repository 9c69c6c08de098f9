using System.Text.Json.Nodes;
using Supplychain.Policies.Engine;
using static Supplychain.Tests.Settings.SettingsHarness;

namespace Supplychain.Tests.Settings;

public sealed class PolicySettingsTests
{
    [Fact]
    public void Should_Use_The_Default_Policy_Config_When_Absent()
    {
        var policy = ReadYaml(Valid()).Policy;

        Assert.Empty(policy.Enforcement);
        Assert.Empty(policy.ApprovedRegistries);
        Assert.Equal(PolicyConfig.DefaultWaiversFile, policy.WaiversFile);
        Assert.Null(policy.KubernetesRates);
    }

    [Fact]
    public void Should_Read_Every_Policy_Field()
    {
        var config = Valid();
        config["policy"] = JsonNode.Parse("""
            {
              "enforcement": { "LIN003": "mandatory", "cost": "advisory", "CMP014": "remediate", "compliance": "disabled" },
              "minimumMetrics": { "auc": 0.9 },
              "approvedRegistries": ["ghcr.io/acme-ml", "registry.example.com:5000"],
              "waiversFile": "policies/dev-waivers.yaml",
              "kubernetesRates": { "cpuCoreHourUsd": 0.03, "memoryGiBHourUsd": 0.004, "gpuHourUsd": 0.9, "storageGbMonthUsd": 0.1 }
            }
            """);

        var policy = ReadYaml(config).Policy;

        Assert.Equal(Enforcement.Mandatory, policy.Enforcement["LIN003"]);
        Assert.Equal(Enforcement.Advisory, policy.Enforcement["cost"]);
        Assert.Equal(Enforcement.Remediate, policy.Enforcement["CMP014"]);
        Assert.Equal(Enforcement.Disabled, policy.Enforcement["compliance"]);
        Assert.Equal(0.9m, policy.MinimumMetrics["auc"]);
        Assert.Equal(["ghcr.io/acme-ml", "registry.example.com:5000"], policy.ApprovedRegistries);
        Assert.Equal("policies/dev-waivers.yaml", policy.WaiversFile);
        Assert.Equal(new KubernetesRates(0.03m, 0.004m, 0.9m, 0.1m), policy.KubernetesRates);
    }

    [Fact]
    public void Should_Reject_A_Bad_Enforcement_Value()
    {
        var config = Valid();
        config["policy"] = JsonNode.Parse("""{ "enforcement": { "LIN003": "strict" } }""");

        var error = SingleError(config);

        Assert.Equal("supplychain:policy.enforcement.LIN003", error.Key);
        Assert.Equal("\"strict\" is not allowed; expected one of advisory, mandatory, disabled, remediate", error.Message);
    }

    [Theory]
    [InlineData("LIN3")]
    [InlineData("SEC001")]
    [InlineData("costs")]
    public void Should_Reject_An_Enforcement_Key_That_Is_Neither_Id_Nor_Pack(string key)
    {
        var config = Valid();
        config["policy"] = new JsonObject { ["enforcement"] = new JsonObject { [key] = "advisory" } };

        var error = SingleError(config);

        Assert.Equal($"supplychain:policy.enforcement.{key}", error.Key);
        Assert.Contains("is not a policy id or pack", error.Message);
    }

    [Fact]
    public void Should_Reject_A_Registry_With_A_Scheme()
    {
        var config = Valid();
        config["policy"] = JsonNode.Parse("""{ "approvedRegistries": ["https://ghcr.io/acme-ml"] }""");

        var error = SingleError(config);

        Assert.Equal("supplychain:policy.approvedRegistries[0]", error.Key);
        Assert.Contains("(without a scheme)", error.Message);
    }

    [Theory]
    [InlineData("/etc/waivers.yaml")]
    [InlineData("../other/waivers.yaml")]
    public void Should_Reject_A_Waivers_File_Outside_The_Project(string path)
    {
        var config = Valid();
        config["policy"] = new JsonObject { ["waiversFile"] = path };

        var error = SingleError(config);

        Assert.Equal("supplychain:policy.waiversFile", error.Key);
    }

    [Fact]
    public void Should_Require_Every_Positive_Kubernetes_Rate()
    {
        var config = Valid();
        config["policy"] = JsonNode.Parse("""{ "kubernetesRates": { "cpuCoreHourUsd": 0, "memoryGiBHourUsd": 0.004, "gpuHourUsd": 0.9 } }""");

        var errors = YamlError(config).Errors;

        Assert.Equal(["supplychain:policy.kubernetesRates.cpuCoreHourUsd", "supplychain:policy.kubernetesRates.storageGbMonthUsd"], errors.Select(e => e.Key));
    }

    [Fact]
    public void Should_Reject_An_Unknown_Policy_Field_With_A_Suggestion()
    {
        var config = Valid();
        config["policy"] = JsonNode.Parse("""{ "minimumMetric": { "auc": 0.9 } }""");

        var error = SingleError(config);

        Assert.Equal("supplychain:policy.minimumMetric", error.Key);
        Assert.Contains("did you mean minimumMetrics?", error.Message);
    }
}
