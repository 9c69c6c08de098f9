using Supplychain.Policies.Engine;
using Supplychain.Policies.Waivers;
using static Supplychain.Tests.PolicyEngine.TestStacks;

namespace Supplychain.Tests.PolicyEngine;

public sealed class WaiverTests
{
    private static PolicyReport Run(WaiverSet waivers, params Policy[] policies) =>
        Policies.Engine.PolicyEngine.Evaluate(Stack(), policies, waivers, Today);

    private static WaiverSet Yaml(string text) => WaiverFile.Parse(text, "waivers.yaml");

    [Fact]
    public void Should_Waive_Findings_Matching_A_Resource_Glob_And_Keep_Them_Marked()
    {
        // Given a waiver for feast-cm-* 
        var waivers = Yaml("""
            waivers:
              - policy: CMP901
                resource: feast-cm-*
                reason: Feast config maps are replaced next sprint.
                approver: platform-lead
                expires: 2026-12-31
            """);

        // When the owner-label policy runs
        var report = Run(waivers, new OwnerLabelPolicy());

        // Then both feast findings stay in the report, marked waived with reason, approver and expiry; cm-bare still blocks
        var waived = report.Waived.ToList();
        Assert.Equal(["feast-cm-a", "feast-cm-b"], waived.Select(f => f.Resource));
        Assert.All(waived, f => Assert.Equal(new AppliedWaiver("Feast config maps are replaced next sprint.", "platform-lead", new DateOnly(2026, 12, 31)), f.Waiver));
        Assert.Equal(["cm-bare"], report.Blocking.Select(f => f.Resource));
        Assert.Equal(2, Assert.Single(report.Policies, p => p.Id == "CMP901").Counts.Waived);
        Assert.Empty(report.UnusedWaivers);
    }

    [Fact]
    public void Should_Waive_Every_Finding_Of_A_Component()
    {
        var waivers = Yaml("""
            waivers:
              - policy: CMP901
                component: mlflow
                reason: MLflow labels come from the chart.
                approver: platform-lead
                expires: 2026-11-15
            """);

        var report = Run(waivers, new OwnerLabelPolicy());

        // The waiver expires today: still valid. It covers cm-bare (mlflow), not the feast ones.
        Assert.Equal(["cm-bare"], report.Waived.Select(f => f.Resource));
        Assert.Equal(["feast-cm-a", "feast-cm-b"], report.Blocking.Select(f => f.Resource));
    }

    [Fact]
    public void Should_Fail_CMP050_And_Waive_Nothing_When_A_Waiver_Has_Expired()
    {
        // Given a waiver that expired yesterday
        var waivers = Yaml("""
            waivers:
              - policy: CMP901
                resource: cm-bare
                reason: Temporary.
                approver: platform-lead
                expires: 2026-11-14
            """);

        // When evaluated
        var report = Run(waivers, new OwnerLabelPolicy());

        // Then CMP050 blocks, naming the expiry, and the finding it covered is not waived
        var cmp050 = Assert.Single(report.Findings, f => f.PolicyId == WaiverValidity.PolicyId);
        Assert.True(cmp050.IsBlocking);
        Assert.Equal(Severity.High, cmp050.Severity);
        Assert.Contains("expired on 2026-11-14", cmp050.Message);
        Assert.Equal("waivers.yaml:2", cmp050.PropertyPath);
        Assert.Contains(report.Blocking, f => f.PolicyId == "CMP901" && f.Resource == "cm-bare");
        Assert.Empty(report.Waived);
    }

    [Fact]
    public void Should_Fail_CMP050_For_A_Malformed_Waiver()
    {
        // Given a waiver without approver and with a bad date
        var waivers = Yaml("""
            waivers:
              - policy: CMP901
                resource: cm-bare
                reason: Temporary.
                expires: 31/12/2026
            """);

        var report = Run(waivers, new OwnerLabelPolicy());

        var messages = report.Findings.Where(f => f.PolicyId == WaiverValidity.PolicyId).Select(f => f.Message).ToList();
        Assert.Equal(2, messages.Count);
        Assert.Contains(messages, m => m.Contains("'approver' is required"));
        Assert.Contains(messages, m => m.Contains("'expires' must be a date YYYY-MM-DD, not '31/12/2026'"));
        Assert.Empty(report.Waived);
        Assert.False(report.Passed);
    }

    [Theory]
    [InlineData("policy: CMP901\n    resource: '*'\n    reason: r\n    approver: a\n    expires: 2027-01-01", "a bare '*'")]
    [InlineData("policy: CMP901\n    resource: x\n    component: y\n    reason: r\n    approver: a\n    expires: 2027-01-01", "not both")]
    [InlineData("policy: CMP901\n    resource: x\n    reason: r\n    approver: a\n    expires: 2027-01-01\n    ticket: 12", "unknown key 'ticket'")]
    [InlineData("policy: cmp901\n    resource: x\n    reason: r\n    approver: a\n    expires: 2027-01-01", "must be a policy id")]
    [InlineData("policy: CMP050\n    resource: x\n    reason: r\n    approver: a\n    expires: 2027-01-01", "cannot itself be waived")]
    [InlineData("policy: CMP901\n    resource: x\n    reason: ''\n    approver: a\n    expires: 2027-01-01", "'reason' is required")]
    public void Should_Reject_Malformed_Entries(string entry, string expected)
    {
        var set = Yaml("waivers:\n  - " + entry + "\n");

        Assert.Empty(set.Waivers);
        Assert.Contains(set.Problems, p => p.Message.Contains(expected));
    }

    [Fact]
    public void Should_Fail_CMP050_For_A_Waiver_Naming_An_Unknown_Policy()
    {
        var waivers = new WaiverSet([new Waiver("LIN042", "cm-bare", null, "r", "a", Today, "w:3")], []);

        var report = Run(waivers, new OwnerLabelPolicy());

        Assert.Contains(report.Blocking, f => f.PolicyId == WaiverValidity.PolicyId && f.Message.Contains("LIN042, which does not exist"));
    }

    [Fact]
    public void Should_List_Waivers_That_Match_Nothing_As_Unused()
    {
        var unused = new Waiver("CMP901", "no-such-*", null, "r", "a", Today, "w:1");
        var used = new Waiver("CMP901", "cm-bare", null, "r", "a", Today, "w:2");

        var report = Run(new WaiverSet([unused, used], []), new OwnerLabelPolicy());

        Assert.Equal([unused], report.UnusedWaivers);
        Assert.DoesNotContain(report.Findings, f => f.PolicyId == WaiverValidity.PolicyId);
    }

    [Fact]
    public void Should_Treat_A_Missing_File_As_No_Waivers()
    {
        var set = WaiverFile.Load("policies/waivers.yaml", _ => null);

        Assert.Same(WaiverSet.Empty, set);
    }

    [Fact]
    public void Should_Load_The_Repository_Waivers_File_Cleanly()
    {
        // The shipped file documents the format and holds no waivers; it must parse without problems.
        var root = RepositoryRoot();
        var set = WaiverFile.Load(Path.Combine(root, PolicyConfig.DefaultWaiversFile));

        Assert.Empty(set.Problems);
        Assert.Empty(set.Waivers);
        Assert.Contains("waivers: []", File.ReadAllText(Path.Combine(root, PolicyConfig.DefaultWaiversFile)));
    }

    [Fact]
    public void Should_Report_Invalid_Yaml_With_Its_Line()
    {
        var set = Yaml("waivers:\n  - policy: [unclosed\n");

        var problem = Assert.Single(set.Problems);
        Assert.StartsWith("waivers.yaml:", problem.Source);
        Assert.Contains("not valid YAML", problem.Message);
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Infra.sln"))) return dir.FullName;
        throw new InvalidOperationException("Infra.sln not found above the test output directory");
    }
}
