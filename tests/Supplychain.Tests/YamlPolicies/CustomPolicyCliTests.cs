using System.Text.Json;
using Supplychain.Tests.Audit;
using Supplychain.Tests.CliTests;

namespace Supplychain.Tests.YamlPolicies;

/// <summary>A user adds a YAML policy to the project, without rebuilding: synth, audit, diff, policy list and policy test see it.</summary>
public sealed class CustomPolicyCliTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>Every namespace must carry a data-residency label: the dev stack's namespaces do not.</summary>
    private const string NamespaceLabel = """
        # yaml-language-server: $schema=../YamlPolicies/custom-policy.schema.json
        id: ACME-NS-001
        title: Namespaces must carry a data-residency label
        rationale: The residency inventory is built from namespace labels.
        remediation: Label the namespace with supplychain.dev/data-residency.
        severity: high
        enforcement: mandatory
        frameworks:
          - { framework: ISO/IEC 42001, control: A.7.3 }
        resourceTypes: ["kubernetes:core/v1:Namespace"]
        conditions:
          - { path: metadata.labels.residency, exists: true }
        """;

    private void AddPolicy(string fileName, string text)
    {
        var dir = Path.Combine(_cli.ProjectDirectory, "policies", "custom");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, fileName), text);
    }

    [Fact]
    public void Should_Block_Synth_On_A_Mandatory_Custom_Policy()
    {
        AddPolicy("namespaces.yaml", NamespaceLabel);
        _cli.UseCompilerProtocol();

        var (code, stdout, stderr) = _cli.Run("synth");

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Contains("ACME-NS-001", stderr);
    }

    [Fact]
    public void Should_Make_A_Custom_Policy_Advisory_With_The_Stacks_Enforcement_Override()
    {
        AddPolicy("namespaces.yaml", NamespaceLabel);
        _cli.UseCompilerProtocol(edit: c =>
        {
            var policy = System.Text.Json.Nodes.JsonNode.Parse(c["supplychain:policy"]!.GetValue<string>())!.AsObject();
            policy["enforcement"] = new System.Text.Json.Nodes.JsonObject { ["ACME-NS-001"] = "advisory" };
            c["supplychain:policy"] = policy.ToJsonString();
        });

        var (code, stdout, stderr) = _cli.Run("synth");

        Assert.True(code == 0, stderr);
        Assert.Contains("ACME-NS-001", stdout);
    }

    [Fact]
    public void Should_Exit_2_Naming_File_And_Line_For_A_Malformed_Custom_Policy()
    {
        AddPolicy("broken.yaml", NamespaceLabel.Replace("severity: high", "severity: 3"));
        _cli.UseCompilerProtocol();

        var (code, stdout, stderr) = _cli.Run("synth");

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("policies/custom/broken.yaml:6: severity:", stderr);
    }

    [Fact]
    public void Should_Judge_Engine_Output_And_Diffs_With_The_Custom_Policy()
    {
        AddPolicy("namespaces.yaml", NamespaceLabel);

        var audit = _cli.Run("audit", "--state", AuditHarness.FixturePath(Audit.AuditEquivalenceTests.StateFixture), "--stack", "dev");
        var diff = _cli.Run("diff", "--base-stack", "dev", "--head-stack", "dev");

        Assert.Contains("ACME-NS-001", audit.Out + audit.Error);
        Assert.True(diff.ExitCode == 0, diff.Error);
        Assert.Contains("ACME-NS-001", diff.Out);
    }

    [Fact]
    public void Should_List_Custom_Policies_And_Settings_Schemas_As_Json()
    {
        AddPolicy("namespaces.yaml", NamespaceLabel);

        var (code, stdout, stderr) = _cli.Run("policy", "list", "--format", "json", "--stack", "dev");

        Assert.True(code == 0, stderr);
        var policies = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!);
        Assert.Equal("custom", policies["ACME-NS-001"].GetProperty("pack").GetString());
        Assert.Equal(7, policies["CMP023"].GetProperty("settings").GetProperty("retentionDays").GetInt32());
        Assert.Equal("integer", policies["CMP023"].GetProperty("settingsSchema").GetProperty("properties").GetProperty("retentionDays").GetProperty("type").GetString());
    }

    [Fact]
    public void Should_Run_Policy_Fixtures_And_Fail_On_A_Mismatch()
    {
        AddPolicy("namespaces.yaml", NamespaceLabel);
        var fixtures = Path.Combine(_cli.ProjectDirectory, "policies", "custom", "tests", "ACME-NS-001");
        Directory.CreateDirectory(fixtures);
        const string Labelled = "name: f\nruntime: yaml\nresources:\n  ns:\n    type: kubernetes:core/v1:Namespace\n    properties:\n      metadata:\n        name: team-a\n        labels: { residency: eu }\n";
        const string Bare = "name: f\nruntime: yaml\nresources:\n  ns:\n    type: kubernetes:core/v1:Namespace\n    properties:\n      metadata:\n        name: team-a\n";
        File.WriteAllText(Path.Combine(fixtures, "labelled-PASSED.yaml"), Labelled);
        File.WriteAllText(Path.Combine(fixtures, "bare-FAILED.yaml"), Bare);

        var good = _cli.Run("policy", "test");
        File.WriteAllText(Path.Combine(fixtures, "mislabelled-PASSED.yaml"), Bare);
        var bad = _cli.Run("policy", "test");

        Assert.True(good.ExitCode == 0, good.Out + good.Error);
        Assert.Contains("2 fixture(s), 2 ok, 0 failed", good.Out);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("FAIL ACME-NS-001 ACME-NS-001/mislabelled-PASSED.yaml: expected PASSED, 1 finding(s)", bad.Out);
    }

    [Fact]
    public void Should_Judge_Resources_Handed_Over_As_Json_With_Built_In_And_Custom_Policies()
    {
        // Given the resources another engine (a CrossGuard stack validation) hands over
        AddPolicy("namespaces.yaml", NamespaceLabel);
        var input = Path.Combine(_cli.ProjectDirectory, "resources.json");
        File.WriteAllText(input, """
            {"resources": [
              {"urn": "urn:pulumi:dev::supplychain::kubernetes:core/v1:Namespace::team-a", "type": "kubernetes:core/v1:Namespace",
               "props": {"metadata": {"name": "team-a", "labels": {"residency": "eu"}}}},
              {"urn": "urn:pulumi:dev::supplychain::kubernetes:core/v1:Namespace::team-b", "type": "kubernetes:core/v1:Namespace",
               "props": {"metadata": {"name": "team-b"}}}
            ]}
            """);

        // When judged
        var (code, stdout, stderr) = _cli.Run("policy", "judge", "--input", input, "--stack", "dev");

        // Then the custom policy's finding names the resource by URN, blocking, and the run exits 1
        Assert.True(code == 1, stderr);
        var findings = JsonDocument.Parse(stdout).RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("policyId").GetString() == "ACME-NS-001").ToList();
        var finding = Assert.Single(findings);
        Assert.Equal("urn:pulumi:dev::supplychain::kubernetes:core/v1:Namespace::team-b", finding.GetProperty("urn").GetString());
        Assert.Equal("mandatory", finding.GetProperty("enforcement").GetString());
        Assert.True(finding.GetProperty("blocking").GetBoolean());
    }

    [Fact]
    public void Should_Exit_2_On_Resources_Without_A_Type()
    {
        var input = Path.Combine(_cli.ProjectDirectory, "resources.json");
        File.WriteAllText(input, """{"resources": [{"name": "x", "props": {}}]}""");

        var (code, stdout, stderr) = _cli.Run("policy", "judge", "--input", input);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("resources[0]: 'type' (a Pulumi type token) is required", stderr);
    }
}
