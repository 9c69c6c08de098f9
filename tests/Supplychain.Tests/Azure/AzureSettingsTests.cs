using System.Text.Json.Nodes;
using Supplychain.Tests.Settings;
using static Supplychain.Tests.Settings.SettingsHarness;

namespace Supplychain.Tests.Azure;

public sealed class AzureSettingsTests
{
    private static JsonObject AzureConfig(JsonObject azure)
    {
        var config = Valid();
        config["target"] = "azure";
        config["environment"] = "staging";
        config["azure"] = azure;
        return config;
    }

    [Fact]
    public void Should_Read_Azure_Options_With_Defaults()
    {
        // Given
        var config = AzureConfig(new JsonObject { ["location"] = "eastus", ["deployerObjectId"] = "9f3c2b1a-7d6e-4c5b-8a9f-0e1d2c3b4a59" });

        // When
        var azure = ReadYaml(config).Spec.Azure!;

        // Then
        Assert.Equal("eastus", azure.Location);
        Assert.Equal("10.20.0.0/16", azure.VnetAddressSpace);
        Assert.True(azure.IsPrivateCluster(Supplychain.Components.Domain.EnvironmentTier.Staging));
        Assert.Equal("Standard_C1", azure.EffectiveRedisSku(Supplychain.Components.Domain.EnvironmentTier.Staging));
    }

    [Fact]
    public void Should_Reject_Unknown_Key()
    {
        var error = SingleError(AzureConfig(new JsonObject { ["location"] = "eastus", ["deployerObjectId"] = "9f3c2b1a-7d6e-4c5b-8a9f-0e1d2c3b4a59", ["loaction"] = "x" }));
        Assert.Equal("supplychain:azure.loaction", error.Key);
        Assert.Contains("location", error.Message);
    }

    [Fact]
    public void Should_Reject_Redis_Sku_Outside_The_Allowed_List()
    {
        var error = SingleError(AzureConfig(new JsonObject { ["location"] = "eastus", ["deployerObjectId"] = "9f3c2b1a-7d6e-4c5b-8a9f-0e1d2c3b4a59", ["redisSku"] = "Standard_C9" }));
        Assert.Equal("supplychain:azure.redisSku", error.Key);
        Assert.Contains("Standard_C1", error.Message);
    }

    [Fact]
    public void Should_Reject_A_Stack_Where_Nobody_Could_Administer_The_Cluster()
    {
        var error = SingleError(AzureConfig(new JsonObject { ["location"] = "eastus" }));
        Assert.Equal("supplychain:azure.adminGroupObjectIds", error.Key);
        Assert.Contains("deployerObjectId", error.Message);
    }

    [Fact]
    public void Should_Reject_Authorized_Ranges_On_A_Private_Cluster()
    {
        var error = SingleError(AzureConfig(new JsonObject
        {
            ["location"] = "eastus", ["deployerObjectId"] = "9f3c2b1a-7d6e-4c5b-8a9f-0e1d2c3b4a59",
            ["privateCluster"] = true, ["authorizedIpRanges"] = new JsonArray("203.0.113.0/24"),
        }));
        Assert.Equal("supplychain:azure.authorizedIpRanges", error.Key);
    }

    [Fact]
    public void Should_Reject_An_Address_Space_That_Is_Not_A_Slash_16()
    {
        var error = SingleError(AzureConfig(new JsonObject { ["location"] = "eastus", ["deployerObjectId"] = "9f3c2b1a-7d6e-4c5b-8a9f-0e1d2c3b4a59", ["vnetAddressSpace"] = "10.1.0.0/24" }));
        Assert.Equal("supplychain:azure.vnetAddressSpace", error.Key);
    }
}
