using static Supplychain.Tests.Audit.AuditHarness;

namespace Supplychain.Tests.Diff;

/// <summary>The PR comment names, first, the data a change destroys and the protection it takes away.</summary>
public sealed class DiffSafetyTests
{
    [Fact]
    public void Should_Report_Removed_Protection_Before_The_Resource_Changes()
    {
        // Given the prod-aws program, and a head that drops the feast bucket's protect
        var (_, program, _) = Cli("synth", "--stack", "prod-aws");
        var basePath = WriteTemp(program, "base.yaml");
        var feast = program.IndexOf("  artifacts-s3-feast-bucket:\n", StringComparison.Ordinal);
        var protect = program.IndexOf("      protect: true\n", feast, StringComparison.Ordinal);
        Assert.True(feast >= 0 && protect > feast, "the prod-aws program protects its feast bucket");
        var head = program.Remove(protect, "      protect: true\n".Length);
        var headPath = WriteTemp(head, "head.yaml");

        // When the two are diffed
        var (code, md, err) = Cli("diff", "--stack", "prod-aws", "--base", basePath, "--head", headPath, "--project-dir", RepoRoot);

        // Then the safety section names the removed protection, ahead of the resource changes
        Assert.True(code == 0, err);
        var safety = md.IndexOf("### Safety", StringComparison.Ordinal);
        Assert.True(safety >= 0 && safety < md.IndexOf("### Resources", StringComparison.Ordinal), md);
        Assert.Contains("**protection-removed** (high) `artifacts-s3-feast-bucket`", md, StringComparison.Ordinal);
    }
}
