namespace Supplychain.Tests.CliTests;

/// <summary>
/// The verbs that must understand model catalogs beyond reading them: <c>affected</c> (which stacks a change reaches) and
/// <c>diff</c> (a promotion in a catalog file shows as a change of that model, with its cost and finding deltas).
/// </summary>
public sealed class CatalogCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly List<string> _copies = [];

    public CatalogCommandTests() => AddCatalogStacks(_cli.ProjectDirectory);

    public void Dispose()
    {
        _cli.Dispose();
        foreach (var copy in _copies) Directory.Delete(copy, recursive: true);
    }

    /// <summary>The example stacks that serve from the repository's catalog (the harness copies the catalog itself).</summary>
    private static void AddCatalogStacks(string project)
    {
        var repo = CliHarness.RepoRoot();
        foreach (var stack in new[] { "staging-aws", "prod-aws" })
            File.Copy(Path.Combine(repo, $"Pulumi.{stack}.yaml"), Path.Combine(project, $"Pulumi.{stack}.yaml"));
    }

    [Theory]
    [InlineData("models/vision/defect-detector.yaml", "prod-aws staging-aws")]
    [InlineData("Pulumi.dev.yaml", "dev")]
    [InlineData("models/vision/new-model.yaml", "")]
    [InlineData("components/SupplyChain/SupplyChain.cs", "dev prod-aws staging-aws")]
    public void Should_List_The_Stacks_A_Changed_File_Reaches(string changed, string expected)
    {
        var (code, stdout, stderr) = _cli.Run("affected", "--files", changed);

        Assert.True(code == 0, stderr);
        Assert.Equal(expected, string.Join(' ', stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void Should_Show_A_Catalog_Promotion_As_A_Change_Of_That_Model_With_Its_Cost()
    {
        // Given a head checkout whose only change is one more prod replica of fraud-detector in its catalog file
        var head = Directory.CreateTempSubdirectory("supplychain-head-").FullName;
        _copies.Add(head);
        foreach (var file in Directory.EnumerateFiles(_cli.ProjectDirectory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(head, Path.GetRelativePath(_cli.ProjectDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var catalogFile = Path.Combine(head, "models", "fraud", "fraud-detector.yaml");
        File.WriteAllText(catalogFile, File.ReadAllText(catalogFile).Replace("      replicas: 3", "      replicas: 4"));

        var (code, stdout, stderr) = _cli.Run("diff", "--stack", "prod-aws", "--base", _cli.ProjectDirectory, "--head", head);

        Assert.True(code == 0, stderr);
        // Then the diff shows that model's resources changing, nothing else, and the cost and findings deltas (none on EKS nodes)
        Assert.Contains("**0 to add, 2 to change, 0 to remove**", stdout);
        Assert.Contains("`spec.replicas`: `3` → `4`", stdout);
        Assert.Contains("models-fraud-detector-rollout", stdout);
        Assert.DoesNotContain("query-ranker", stdout);
        Assert.Contains("### Monthly cost (USD)", stdout);
    }
}
