using System.Text.Json;

namespace Supplychain.Tests.CliTests;

public sealed class PolicyAndCostCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Should_List_Every_Policy_As_Json_With_Its_Metadata()
    {
        var (code, stdout, stderr) = _cli.Run("policy", "list", "--format", "json");

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var policies = doc.RootElement.EnumerateArray().ToList();
        Assert.True(policies.Count >= 30, $"only {policies.Count} policies");
        foreach (var p in policies)
        {
            foreach (var field in new[] { "id", "pack", "title", "severity", "enforcement" })
                Assert.False(string.IsNullOrWhiteSpace(p.GetProperty(field).GetString()), field);
            Assert.True(p.GetProperty("frameworks").GetArrayLength() > 0, p.GetProperty("id").GetString());
        }
        Assert.Equal(new[] { "compliance", "cost", "lineage" }, policies.Select(p => p.GetProperty("pack").GetString()).Distinct().Order().ToArray());
    }

    [Fact]
    public void Should_List_Policies_As_A_Table_By_Default()
    {
        var (code, stdout, _) = _cli.Run("policy", "list");
        Assert.Equal(0, code);
        Assert.Contains("LIN001", stdout);
        Assert.Contains("COST001", stdout);
        Assert.Contains("CMP001", stdout);
    }

    [Fact]
    public void Should_Refuse_An_Unknown_Format_With_Exit_Code_2()
    {
        var (code, stdout, stderr) = _cli.Run("policy", "list", "--format", "xml");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("xml", stderr);
    }

    [Fact]
    public void Should_Print_The_Cost_Breakdown_As_Json_Adding_Up_To_The_Total()
    {
        var (code, stdout, stderr) = _cli.Run("cost", "--stack", "dev", "--format", "json");

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        var expected = root.GetProperty("monthlyUsd").GetProperty("expected").GetDecimal();
        var sum = root.GetProperty("lines").EnumerateArray().Sum(l => l.GetProperty("expectedUsd").GetDecimal());
        Assert.Equal(expected, sum);
        Assert.True(expected > 0);
        Assert.Equal("2026-11-01", root.GetProperty("catalogDate").GetString());
        Assert.NotEmpty(root.GetProperty("assumptions").EnumerateArray());
        Assert.True(root.GetProperty("byTeam").TryGetProperty("search", out _));
    }

    [Fact]
    public void Should_Name_No_Gpu_Pool_Without_Utilisation_Data_On_The_Dev_Stack()
    {
        var (code, stdout, stderr) = _cli.Run("cost", "--stack", "dev", "--format", "json");

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Empty(doc.RootElement.GetProperty("gpuPoolsWithoutUtilisationData").EnumerateArray());
    }

    [Fact]
    public void Should_Name_The_Gpu_Pools_Without_Utilisation_Data_When_Telemetry_Is_Off()
    {
        // Given the dev stack with GPU telemetry switched off
        _cli.EditStackFile(c => ((YamlDotNet.RepresentationModel.YamlMappingNode)c["supplychain:gpuTelemetry"]).Children[new YamlDotNet.RepresentationModel.YamlScalarNode("enabled")] =
            new YamlDotNet.RepresentationModel.YamlScalarNode("false"));

        // When its cost is estimated
        var (code, stdout, stderr) = _cli.Run("cost", "--stack", "dev", "--format", "json");

        // Then both pools are named as blind
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(["inference", "training"], doc.RootElement.GetProperty("gpuPoolsWithoutUtilisationData").EnumerateArray().Select(e => e.GetString()!));
    }
}
