namespace Supplychain.Tests.CliTests;

/// <summary>
/// The synthesized program of every example stack and the CLI's help are snapshotted and reviewed in diffs like code.
/// A change shows up as a failing test; set UPDATE_SNAPSHOTS=1 to rewrite the files, then review the diff.
/// </summary>
public sealed class SnapshotTests
{
    private static readonly string SnapshotDir = Path.Combine(CliHarness.RepoRoot(), "tests", "Supplychain.Tests", "Snapshots");

    public static TheoryData<string> Stacks()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(CliHarness.RepoRoot(), "Pulumi.*.yaml").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file)["Pulumi.".Length..^".yaml".Length]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Should_Synthesize_The_Example_Stack_As_Snapshotted(string stack)
    {
        using var cli = new CliHarness();
        File.Copy(Path.Combine(CliHarness.RepoRoot(), $"Pulumi.{stack}.yaml"), Path.Combine(cli.ProjectDirectory, $"Pulumi.{stack}.yaml"), overwrite: true);

        var (code, stdout, stderr) = cli.Run("synth", "--stack", stack);

        Assert.True(code == 0, stderr);
        Match($"{stack}.yaml", stdout);
    }

    [Theory]
    [InlineData("root", new string[0])]
    [InlineData("synth", new[] { "synth" })]
    [InlineData("preview", new[] { "preview" })]
    [InlineData("cost", new[] { "cost" })]
    [InlineData("policy-list", new[] { "policy", "list" })]
    [InlineData("pulumi-config", new[] { "pulumi-config" })]
    [InlineData("audit", new[] { "audit" })]
    [InlineData("diff", new[] { "diff" })]
    [InlineData("affected", new[] { "affected" })]
    [InlineData("evaluate", new[] { "evaluate" })]
    [InlineData("drift", new[] { "drift" })]
    public void Should_Print_Help_As_Snapshotted(string name, string[] verb)
    {
        using var cli = new CliHarness();
        var (code, stdout, _) = cli.Run([.. verb, "--help"]);
        Assert.Equal(0, code);
        Match($"help-{name}.txt", stdout);
    }

    private static void Match(string file, string actual)
    {
        var path = Path.Combine(SnapshotDir, file);
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(SnapshotDir);
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"no snapshot {path}; run the tests with UPDATE_SNAPSHOTS=1 and review the new file");
        var expected = File.ReadAllText(path);
        if (expected == actual) return;
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var line = Enumerable.Range(0, Math.Min(e.Length, a.Length)).FirstOrDefault(i => e[i] != a[i], Math.Min(e.Length, a.Length));
        Assert.Fail($"{file} differs from its snapshot at line {line + 1}:\n  snapshot: {(line < e.Length ? e[line] : "<end>")}\n  actual:   {(line < a.Length ? a[line] : "<end>")}\n" +
                    "If the change is intended, rerun with UPDATE_SNAPSHOTS=1 and review the diff.");
    }
}
