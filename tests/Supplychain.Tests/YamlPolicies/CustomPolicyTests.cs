using System.Text.Json;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Judging;
using Supplychain.Policies.YamlPolicies;
using Supplychain.Tests.CliTests;
using Supplychain.Tests.Support;

namespace Supplychain.Tests.YamlPolicies;

public sealed class CustomPolicyTests
{
    private const string Header = "# yaml-language-server: $schema=../YamlPolicies/custom-policy.schema.json\n";

    private static string Policy(string conditions, string extra = "") => Header + $$"""
        id: ACME-TEST-001
        title: Test resources must satisfy the test
        rationale: Because the test says so.
        remediation: Do what the test says.
        severity: high
        frameworks:
          - { framework: SOC 2, control: CC6.1 }
        resourceTypes: ["aws:s3/*"]
        {{extra}}
        conditions:
        {{conditions}}
        """;

    private static CustomPolicy LoadOne(string text)
    {
        var load = CustomPolicyLoader.Load([new PolicySourceFile("policies/custom/test.yaml", text)]);
        Assert.True(load.Errors.Count == 0, string.Join("\n", load.Errors));
        return (CustomPolicy)Assert.Single(load.Policies);
    }

    private static ResourceView Bucket(string name, MapValue props) => new(name, "aws:s3/bucketV2:BucketV2", ["artifacts"], props);

    private static IReadOnlyList<Violation> Judge(Policy policy, ResourceView resource, params ResourceView[] others)
    {
        var stack = new StackView(SampleSpecs.Context(), [resource, .. others], null, PolicyConfig.Default);
        return policy is ResourcePolicy rp && rp.AppliesTo(resource, stack) ? rp.Evaluate(resource, stack).ToList() : [];
    }

    [Fact]
    public void Should_Load_Every_Shipped_Example_And_Validate_It_Against_The_Schema()
    {
        var dir = Path.Combine(CliHarness.RepoRoot(), "policies", "custom");
        var files = Directory.EnumerateFiles(dir, "*.yaml").Order(StringComparer.Ordinal)
            .Select(f => new PolicySourceFile("policies/custom/" + Path.GetFileName(f), File.ReadAllText(f))).ToList();

        var load = CustomPolicyLoader.Load(files);

        Assert.Empty(load.Errors);
        Assert.Equal(["ACME-GPU-001", "ACME-REGION-001", "ACME-TAG-001"], load.Policies.Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.All(files, f => Assert.StartsWith("# yaml-language-server: $schema=../YamlPolicies/custom-policy.schema.json", f.Text));
    }

    [Fact]
    public void Should_Keep_The_Shipped_Schema_A_Valid_Json_Schema()
    {
        // The repository file editors read is the resource the loader validates with
        var file = File.ReadAllText(Path.Combine(CliHarness.RepoRoot(), "policies", "YamlPolicies", "custom-policy.schema.json"));
        Assert.Equal(file, CustomPolicyLoader.SchemaText());
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(file).RootElement.ValueKind);
    }

    [Fact]
    public void Should_Report_A_Schema_Error_With_File_Line_And_Property()
    {
        var text = Policy("  - { path: tags.owner, exists: true }").Replace("severity: high", "severity: severe");

        var load = CustomPolicyLoader.Load([new PolicySourceFile("policies/custom/bad.yaml", text)]);

        var error = Assert.Single(load.Errors);
        Assert.Equal("policies/custom/bad.yaml", error.File);
        Assert.Equal(6, error.Line);
        Assert.Equal("severity", error.Path);
        Assert.Empty(load.Policies);
    }

    [Fact]
    public void Should_Report_Two_Operators_And_A_Bad_Regex_With_Their_Lines()
    {
        var text = Policy("  - { path: tags.owner, exists: true, equals: x }\n  - { path: tags.team, matches: '([' }");

        var errors = CustomPolicyLoader.Load([new PolicySourceFile("policies/custom/bad.yaml", text)]).Errors;

        Assert.Equal(2, errors.Count);
        Assert.Equal((12, "conditions[0]"), (errors[0].Line, errors[0].Path));
        Assert.Contains("exactly one operator", errors[0].Message);
        Assert.Equal((13, "conditions[1].matches"), (errors[1].Line, errors[1].Path));
        Assert.Contains("not a valid regular expression", errors[1].Message);
    }

    [Fact]
    public void Should_Report_Invalid_Yaml_With_Its_Line()
    {
        var error = Assert.Single(CustomPolicyLoader.Load([new PolicySourceFile("policies/custom/x.yaml", "id: A-B\ntitle: a: b\nseverity: high\n")]).Errors);

        Assert.Equal(2, error.Line);
        Assert.StartsWith("not valid YAML", error.Message);
    }

    [Fact]
    public void Should_Reject_A_Built_In_Style_Id()
    {
        var error = Assert.Single(CustomPolicyLoader.Load([new PolicySourceFile("policies/custom/x.yaml", Policy("  - { path: a, exists: true }").Replace("ACME-TEST-001", "CMP099"))]).Errors);

        Assert.Equal("id", error.Path);
    }

    [Fact]
    public void Should_Judge_In_NotIn_And_Numeric_Conditions()
    {
        var policy = LoadOne(Policy("  - { path: tags.env, in: [dev, prod] }\n  - { path: versioning.days, greaterThanOrEqual: 30 }"));
        var good = Bucket("good", new MapValue { ["tags"] = new MapValue { ["env"] = "prod" }, ["versioning"] = new MapValue { ["days"] = 30 } });
        var bad = Bucket("bad", new MapValue { ["tags"] = new MapValue { ["env"] = "qa" }, ["versioning"] = new MapValue { ["days"] = "7" } });

        Assert.Empty(Judge(policy, good));
        Assert.Equal(["tags.env must be one of dev, prod (it is qa)", "versioning.days must be at least 30 (it is 7)"], Judge(policy, bad).Select(v => v.Message));
    }

    [Fact]
    public void Should_Quantify_Over_List_Items_With_All_And_Any()
    {
        var all = LoadOne(Policy("  - { path: \"rules[*].days\", lessThanOrEqual: 90 }"));
        var any = LoadOne(Policy("  - { path: \"rules[*].days\", quantifier: any, equals: 30 }"));
        var bucket = Bucket("b", new MapValue { ["rules"] = new ListValue([new MapValue { ["days"] = 30 }, new MapValue { ["days"] = 365 }]) });

        Assert.Equal("rules[1].days must be at most 90 (it is 365)", Assert.Single(Judge(all, bucket)).Message);
        Assert.Empty(Judge(any, bucket));
    }

    [Fact]
    public void Should_Accept_A_Computed_Value_Until_It_Is_Known()
    {
        var policy = LoadOne(Policy("  - { path: region, equals: eu-west-1 }"));

        Assert.Empty(Judge(policy, Bucket("b", new MapValue { ["region"] = new RefValue("provider", "region") })));
    }

    [Fact]
    public void Should_Require_A_Companion_Resource_That_References_This_One()
    {
        var policy = LoadOne(Policy("  - referencedBy: { type: \"aws:s3/bucketPublicAccessBlock:*\" }"));
        var bucket = Bucket("models", new MapValue());
        var block = new ResourceView("models-block", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", ["artifacts"],
            new MapValue { ["bucket"] = new RefValue("models", "id") });

        Assert.Empty(Judge(policy, bucket, block));
        Assert.Equal("no aws:s3/bucketPublicAccessBlock:* resource references models", Assert.Single(Judge(policy, bucket)).Message);
    }

    [Fact]
    public void Should_Scope_By_Environment_And_Stack_Condition()
    {
        var prodOnly = LoadOne(Policy("  - { path: tags.env, exists: true }", "environments: [prod]"));
        var byStack = LoadOne(Policy("  - any:\n      - { stack: environment, equals: dev }\n      - { path: tags.env, exists: true }"));
        var bucket = Bucket("b", new MapValue());

        // SampleSpecs.Context() is a dev stack
        Assert.Empty(Judge(prodOnly, bucket));
        Assert.Empty(Judge(byStack, bucket));
    }

    [Fact]
    public void Should_Waive_A_Custom_Finding_Like_A_Built_In_One()
    {
        var policy = LoadOne(Policy("  - { path: tags.env, exists: true }"));
        var waivers = Supplychain.Policies.Waivers.WaiverFile.Parse("""
            waivers:
              - policy: ACME-TEST-001
                resource: legacy-*
                reason: The legacy buckets are deleted next quarter.
                approver: data-protection-officer
                expires: 2027-03-31
            """, "policies/waivers.yaml");
        var stack = new StackView(SampleSpecs.Context(), [Bucket("legacy-logs", new MapValue()), Bucket("models", new MapValue())], null, PolicyConfig.Default);

        var report = Policies.Engine.PolicyEngine.Evaluate(stack, [policy], waivers, new DateOnly(2026, 11, 30));

        Assert.Empty(waivers.Problems);
        var findings = report.Findings.Where(f => f.PolicyId == "ACME-TEST-001").ToList();
        Assert.Equal([("legacy-logs", true), ("models", false)], findings.Select(f => (f.Resource!, f.IsWaived)));
        Assert.Equal("custom", findings[0].Pack);
    }
}
