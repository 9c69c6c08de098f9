using System.Text.Json.Nodes;
using Supplychain.Tests.Settings;

namespace Supplychain.Tests.Naming;

/// <summary>Config entries whose derived names meet are refused with exit-2 errors naming both entries.</summary>
public sealed class NameCollisionTests
{
    private static JsonObject Model(string name, string team) => JsonNode.Parse($$"""
        {
          "name": "{{name}}", "team": "{{team}}", "version": "1.0.0",
          "image": "ghcr.io/acme-ml/{{name}}:1.0.0",
          "artifact": { "uri": "s3://models/{{name}}/1.0.0/", "digest": "{{SettingsHarness.Digest}}" }
        }
        """)!.AsObject();

    [Fact]
    public void Should_Reject_Team_And_Model_Names_That_Join_To_The_Same_Resource_Names()
    {
        var config = SettingsHarness.Valid();
        config["teams"] = new JsonArray(new JsonObject { ["name"] = "credit" }, new JsonObject { ["name"] = "credit-ops" });
        config["models"] = new JsonArray(Model("ops-scorer", "credit"), Model("scorer", "credit-ops"));

        var error = SettingsHarness.SingleError(config);

        Assert.Equal("supplychain:models[1].name", error.Key);
        Assert.Contains("\"credit-ops\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"ops-scorer\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("supplychain:models[0]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x-canary", "canary")]
    [InlineData("x-metrics", "metrics")]
    public void Should_Reject_A_Model_Named_Like_Another_Models_Service(string name, string role)
    {
        var config = SettingsHarness.Valid();
        config["models"] = new JsonArray(Model("x", "fraud"), Model(name, "fraud"));

        var error = SettingsHarness.SingleError(config);

        Assert.Equal("supplychain:models[1].name", error.Key);
        Assert.Contains($"{role} Service of model \"x\" at supplychain:models[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Accept_The_Same_Model_Names_In_Different_Teams()
    {
        var config = SettingsHarness.Valid();
        config["models"] = new JsonArray(Model("x", "fraud"), Model("x-canary", "search"));

        Assert.Equal(2, SettingsHarness.ReadYaml(config).Spec.Models.Count);
    }

    [Fact]
    public void Should_Reject_Two_GPU_Pools_Cut_To_The_Same_AKS_Agent_Pool_Name()
    {
        var config = SettingsHarness.Valid();
        config["target"] = "azure";
        config["azure"] = new JsonObject { ["location"] = "eastus", ["deployerObjectId"] = "9f3c2b1a-7d6e-4c5b-8a9f-0e1d2c3b4a59" };
        config["gpuPools"] = new JsonArray(
            new JsonObject { ["name"] = "gpu-a", ["purpose"] = "inference", ["instanceType"] = "Standard_NC8as_T4_v3", ["gpusPerNode"] = 1, ["maxNodes"] = 2 },
            new JsonObject { ["name"] = "gpua", ["purpose"] = "training", ["instanceType"] = "Standard_NC8as_T4_v3", ["gpusPerNode"] = 1, ["maxNodes"] = 2 });
        config["models"] = new JsonArray(Model("x", "fraud"));

        var error = Assert.Single(SettingsHarness.YamlError(config).Errors, e => e.Key.StartsWith("supplychain:gpuPools", StringComparison.Ordinal));

        Assert.Equal("supplychain:gpuPools[1].name", error.Key);
        Assert.Contains("AKS agent pool 'gpua'", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"gpu-a\" at supplychain:gpuPools[0]", error.Message, StringComparison.Ordinal);
    }
}
