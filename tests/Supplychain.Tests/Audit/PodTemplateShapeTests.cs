using System.Text.Json.Nodes;
using static Supplychain.Tests.Audit.AuditHarness;

namespace Supplychain.Tests.Audit;

/// <summary>A pod template whose containers are not a list cannot be judged: audit refuses it (exit 2, file and JSON path), never a pass.</summary>
public sealed class PodTemplateShapeTests
{
    [Theory]
    [InlineData("\"not-a-list\"", "is a string, not a list of containers")]
    [InlineData("{\"name\": \"app\"}", "is an object, not a list of containers")]
    [InlineData("[\"app\"]", "[0] is a string, not a container object")]
    public void Should_Refuse_A_Preview_Whose_Containers_Are_Not_A_List(string containers, string reason)
    {
        // Given a real preview in which one Deployment's containers has the wrong shape
        var preview = JsonNode.Parse(File.ReadAllText(FixturePath(AuditEquivalenceTests.PreviewFixture)))!;
        var steps = preview["steps"]!.AsArray();
        var index = Enumerable.Range(0, steps.Count).First(i => steps[i]!["newState"]?["type"]?.GetValue<string>() == "kubernetes:apps/v1:Deployment");
        steps[index]!["newState"]!["inputs"]!["spec"]!["template"]!["spec"]!["containers"] = JsonNode.Parse(containers);
        var file = WriteTemp(preview.ToJsonString(), "bad-shape-preview.json");

        // When audited
        var (exit, stdout, stderr) = Cli("audit", "--preview", file, "--stack", "dev");

        // Then exit 2, naming the file and the JSON path; no PASS
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains(file, stderr, StringComparison.Ordinal);
        Assert.Contains($"steps[{index}].newState.inputs.spec.template.spec.containers", stderr, StringComparison.Ordinal);
        Assert.Contains(reason, stderr, StringComparison.Ordinal);
    }
}
