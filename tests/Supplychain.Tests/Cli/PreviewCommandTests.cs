using System.Text.Json;
using System.Xml.Linq;
using YamlDotNet.RepresentationModel;

namespace Supplychain.Tests.CliTests;

public sealed class PreviewCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Should_Write_The_Program_And_Show_Resources_Policies_And_Cost()
    {
        var (code, stdout, stderr) = _cli.Run("preview", "--stack", "dev");

        Assert.True(code == 0, stdout + stderr);
        Assert.True(File.Exists(Path.Combine(_cli.ProjectDirectory, "out", "dev", "Main.yaml")));
        Assert.Contains("Resources by component", stdout);
        Assert.Contains("Policy results", stdout);
        Assert.Contains("Monthly cost estimate", stdout);
        Assert.Contains("PASS", stdout);
    }

    [Fact]
    public void Should_Show_A_Waived_Finding_As_Waived_In_Every_Report_Format()
    {
        // Given an on-demand training pool (COST006) and a valid waiver for it
        _cli.EditStackFile(c =>
        {
            var training = ((YamlSequenceNode)c["supplychain:gpuPools"]).Children.Cast<YamlMappingNode>().Single(p => ((YamlScalarNode)p["name"]).Value == "training");
            training.Children[new YamlScalarNode("spot")] = new YamlScalarNode("false");
        });
        _cli.WriteWaivers("""
            waivers:
              - policy: COST006
                resource: gpu-pools-training-*
                reason: On-demand training capacity for the Q4 retraining deadline.
                approver: ml-platform-lead
                expires: 2026-12-31
            """);

        // When previewed with reports
        var (code, stdout, stderr) = _cli.Run("preview", "--stack", "dev", "--report-dir", "reports");

        // Then it passes, and every format keeps the finding, marked waived with reason, approver and expiry
        Assert.True(code == 0, stdout + stderr);
        var dir = Path.Combine(_cli.ProjectDirectory, "reports");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "policy-report.json")));
        Assert.Contains("COST006", File.ReadAllText(Path.Combine(dir, "policy-report.json")));
        Assert.Contains("ml-platform-lead", File.ReadAllText(Path.Combine(dir, "policy-report.json")));

        using var sarif = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "policy-report.sarif")));
        var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        var waived = Assert.Single(results, r => r.GetProperty("ruleId").GetString() == "COST006");
        Assert.Equal("On-demand training capacity for the Q4 retraining deadline.", waived.GetProperty("suppressions")[0].GetProperty("justification").GetString());

        var junit = XDocument.Load(Path.Combine(dir, "policy-report.junit.xml"));
        Assert.Contains(junit.Descendants("testcase"), t => ((string?)t.Attribute("name") ?? "").Contains("COST006") && t.Element("skipped") is not null);

        var md = File.ReadAllText(Path.Combine(dir, "policy-report.md"));
        Assert.Contains("COST006", md);
        Assert.Contains("2026-12-31", md);
        Assert.Contains("Waived findings", stdout);
    }

    [Fact]
    public void Should_Exit_1_And_Still_Show_The_Tables_When_A_Policy_Blocks()
    {
        _cli.EditStackFile(c => ((YamlMappingNode)c["supplychain:budget"]).Children[new YamlScalarNode("monthlyUsd")] = new YamlScalarNode("1"));
        var (code, stdout, _) = _cli.Run("preview", "--stack", "dev");
        Assert.Equal(1, code);
        Assert.Contains("COST002", stdout);
        Assert.Contains("FAIL", stdout);
    }
}
