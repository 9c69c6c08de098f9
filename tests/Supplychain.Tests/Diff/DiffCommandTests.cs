using System.Text.RegularExpressions;
using Supplychain.Policies.Reports.Diff;

namespace Supplychain.Tests.Diff;

public sealed partial class DiffCommandTests
{
    [Fact]
    public void Should_Name_Exactly_The_Upgraded_Model_The_Grown_Pool_And_The_Broken_Lineage()
    {
        // Given the dev stack and a head that upgrades fraud-detector, grows the inference pool and drops query-ranker's code commit
        using var h = new DiffHarness().UpgradeGrowAndBreak();

        // When the two checkouts are compared
        var result = h.Diff();

        // Then it succeeds (no gates) and names exactly the resources those changes touch, and nothing else
        Assert.Equal(0, result.ExitCode);
        var md = result.Out;
        Assert.StartsWith(DiffMarkdown.Marker, md);
        Assert.Equal(
        [
            "gpu-pools-inference-contract",
            "models-fraud-detector-rollout:team-fraud/model-fraud-detector",
            "models-fraud-detector-service",
            "models-fraud-detector-service-canary",
            "models-fraud-detector-service-metrics",
            "models-query-ranker-rollout:team-search/model-query-ranker",
            "models-query-ranker-service",
            "models-query-ranker-service-canary",
            "models-query-ranker-service-metrics",
            // fraud-detector's drift check labels its scores with the version, and retraining derives the next version from it
            "retraining-drift-fraud-detector:team-fraud/drift-fraud-detector",
            "retraining-workflows-fraud-detector:team-fraud/retrain-fraud-detector",
        ], ChangedResources(md));
        Assert.Contains("**0 to add, 11 to change, 0 to remove**", md);

        // grouped by component and team
        Assert.Contains("#### `gpu-pools`\n", md);
        Assert.Contains("#### `models` — team `fraud`\n", md);
        Assert.Contains("#### `models` — team `search`\n", md);

        // with the properties and their before → after values
        Assert.Contains("`data.maxNodes`: `2` → `4`", md);
        Assert.Contains("`metadata.labels[\"supplychain.dev/model-version\"]`: `1.4.2` → `1.5.0`", md);
        Assert.Contains("`metadata.annotations[\"supplychain.dev/artifact-digest\"]`: `sha256:8d4e1f0a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6` → " +
                        $"`sha256:{DiffHarness.UpgradedArtifactDigest}`", md);
        Assert.Contains("`spec.template.spec.containers[0].image`: `ghcr.io/acme-ml/fraud-detector:1.4.2…", md);
        Assert.Contains("→ `ghcr.io/acme-ml/fraud-detector:1.5.0…" + DiffHarness.UpgradedImageDigest[^35..] + "`", md);
        Assert.Contains("`metadata.labels[\"supplychain.dev/code-commit\"]`: removed (was `0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c`)", md);

        // the cost delta: a local cluster's GPU pools are existing nodes (priced at $0), and an upgrade keeps the requests
        Assert.Contains("| **stack** | $870.44 → $870.44 | $0.00 | $870.44 → $870.44 | $0.00 |", md);
        Assert.Contains("| team `fraud` |", md);
        Assert.Contains("| team `search` |", md);
        Assert.Contains("No resource's estimated cost moved.", md);

        // and exactly the new findings of the broken lineage; nothing fixed, nothing was open before
        Assert.Equal(["LIN003 models-query-ranker-rollout:team-search/model-query-ranker", "LIN012 (stack)"], FindingRows(md, "New"));
        Assert.Empty(FindingRows(md, "Fixed"));
        Assert.Empty(FindingRows(md, "Still open"));
        Assert.Contains("No gates configured.", md);
    }

    [Fact]
    public void Should_Report_The_Cost_Delta_Per_Team_And_The_Largest_Mover()
    {
        // Given a head that serves query-ranker (one GPU each) on two replicas instead of one
        using var h = new DiffHarness().EditHead("        replicas: 1\n", "        replicas: 2\n");

        // When compared
        var md = h.Diff().Out;

        // Then the search team and the stack grow by one replica's price, and the Rollout is the mover
        var stack = CostRow(md, "**stack**");
        var search = CostRow(md, "team `search`");
        var fraud = CostRow(md, "team `fraud`");
        Assert.True(search.DeltaExpected > 0, md);
        Assert.Equal(search.DeltaExpected, stack.DeltaExpected);
        Assert.Equal(search.DeltaMax, stack.DeltaMax);
        Assert.Equal(0m, fraud.DeltaExpected);
        Assert.Contains("Largest movers (top 1 resources", md);
        Assert.Contains("| `models-query-ranker-rollout:team-search/model-query-ranker` |", md);
        Assert.Contains("`spec.replicas`: `1` → `2`", md);
    }

    [Theory]
    [InlineData("high", 1)]
    [InlineData("medium", 1)]
    [InlineData("critical", 0)]
    public void Should_Gate_On_New_Findings_At_Or_Above_The_Severity(string severity, int expected)
    {
        // Given a head whose new findings (LIN003, LIN012) are high
        using var h = new DiffHarness().UpgradeGrowAndBreak();

        // When gated on new findings
        var result = h.Diff("--fail-on-new-findings", severity);

        // Then it fails at or below high, with the reason last in the Markdown and on stderr
        Assert.Equal(expected, result.ExitCode);
        if (expected == 1)
        {
            const string reason = "2 new unwaived findings at or above";
            Assert.Contains("**FAIL**: " + reason, LastLine(result.Out));
            Assert.Contains("supplychain: gate failed: " + reason, result.Error);
        }
        else
        {
            Assert.Equal("**PASS**: every gate holds.", LastLine(result.Out));
            Assert.DoesNotContain("gate failed", result.Error);
        }
    }

    [Fact]
    public void Should_Not_Count_A_Waived_Finding_As_New()
    {
        // Given the broken lineage, waived on head for the serving workload and the stack
        using var h = new DiffHarness().UpgradeGrowAndBreak();
        h.WriteWaivers(h.Head, """
            waivers:
              - policy: LIN003
                resource: models-query-ranker-*
                reason: The retrained ranker's commit is being recovered from the build logs.
                approver: search-leads
                expires: 2026-12-31
              - policy: LIN012
                component: stack
                reason: Same recovery as LIN003.
                approver: search-leads
                expires: 2026-12-05
            """);

        // When gated on high findings
        var result = h.Diff("--fail-on-new-findings", "low");

        // Then nothing is new, the gate holds, and the waivers are listed as added, one as expiring within 30 days
        Assert.Equal(0, result.ExitCode);
        Assert.Empty(FindingRows(result.Out, "New"));
        Assert.Contains("Added or renewed (2):", result.Out);
        Assert.Contains("| LIN003 | resource 'models-query-ranker-*' | The retrained ranker's commit is being recovered from the build logs. | search-leads | 2026-12-31 |", result.Out);
        Assert.Contains("Expiring within 30 days of 2026-11-20 (1):", result.Out);
        Assert.Contains("| LIN012 | component 'stack' | search-leads | 2026-12-05 | 15 |", result.Out);
    }

    [Theory]
    [InlineData("100", 1)]
    [InlineData("10%", 1)]
    [InlineData("2000", 0)]
    [InlineData("200%", 0)]
    public void Should_Gate_On_The_Maximum_Cost_Increase(string threshold, int expected)
    {
        // Given a head that doubles query-ranker's GPU replicas (a rise of several hundred dollars, under 100%)
        using var h = new DiffHarness().EditHead("        replicas: 1\n", "        replicas: 2\n");

        // When gated on the cost increase
        var result = h.Diff("--fail-on-cost-increase", threshold);

        // Then it fails only when the rise exceeds the threshold
        Assert.Equal(expected, result.ExitCode);
        Assert.Equal(expected == 1, result.Error.Contains("gate failed: the maximum monthly cost grows by", StringComparison.Ordinal));
        Assert.StartsWith(expected == 1 ? "**FAIL**: the maximum monthly cost grows by" : "**PASS**", LastLine(result.Out));
    }

    [Fact]
    public void Should_Judge_A_Program_File_Like_The_Checkout_It_Came_From()
    {
        // Given the base synthesized to a YAML file (as a workflow does with the target branch's own build)
        using var h = new DiffHarness().UpgradeGrowAndBreak();
        var synth = h.Run("synth", "--stack", "dev", "--project-dir", h.Base);
        Assert.Equal(0, synth.ExitCode);
        var file = Path.Combine(h.Root, "base.yaml");
        File.WriteAllText(file, synth.Out);

        // When the file, judged with the base checkout's config and waivers, is compared with the head checkout
        var fromFile = h.Run("diff", "--base", file, "--base-config", h.Base, "--head", h.Head);
        var fromDir = h.Diff();

        // Then the comparison says the same as the checkout-to-checkout one
        Assert.Equal(0, fromFile.ExitCode);
        Assert.Equal(ChangedResources(fromDir.Out), ChangedResources(fromFile.Out));
        Assert.Equal(FindingRows(fromDir.Out, "New"), FindingRows(fromFile.Out, "New"));
        Assert.Equal(CostRow(fromDir.Out, "**stack**"), CostRow(fromFile.Out, "**stack**"));
    }

    [Fact]
    public void Should_Judge_A_Program_File_With_The_Head_Config_When_No_Config_Is_Given()
    {
        // Given the base as a program file and no --base-config
        using var h = new DiffHarness().UpgradeGrowAndBreak();
        var file = Path.Combine(h.Root, "base.yaml");
        File.WriteAllText(file, h.Run("synth", "--stack", "dev", "--project-dir", h.Base).Out);

        // When compared with the head checkout
        var md = h.Run("diff", "--base", file, "--head", h.Head).Out;

        // Then the resource-level finding is new, while the config-level one is judged with the head's config on both sides
        Assert.Equal(["LIN003 models-query-ranker-rollout:team-search/model-query-ranker"], FindingRows(md, "New"));
        Assert.Equal(["LIN012 (stack)"], FindingRows(md, "Still open"));
    }

    [Fact]
    public void Should_Stay_Under_The_Comment_Limit_And_Keep_The_Gates()
    {
        // Given a large diff rendered into a small budget
        using var h = new DiffHarness().UpgradeGrowAndBreak();
        var full = h.Diff("--fail-on-new-findings", "high").Out;
        Assert.True(full.Length > 4_000, "the fixture diff should be larger than the budget below");

        var loader = new Supplychain.Stacks.Diff.DiffSideLoader(DiffContext(h).FileSystem, DiffContext(h).Clock, DiffContext(h).WorkingDirectory, () => h.Head);
        var diff = StackDiff.Compute(loader.Load(new("--base", h.Base, "dev", null)), loader.Load(new("--head", h.Head, "dev", null)), DateOnly.FromDateTime(DiffHarness.Now.UtcDateTime));
        var gates = new DiffGates(null, new FindingGate(Supplychain.Policies.Engine.Severity.High));

        // When written with a 4,000-character limit
        var md = DiffMarkdown.Write(diff, gates.Check(diff), gates, maxLength: 4_000);

        // Then it fits, says it was truncated, and still ends with the gate verdict
        Assert.True(md.Length <= 4_000, $"{md.Length} characters");
        Assert.Contains("_Truncated: ", md);
        Assert.StartsWith("**FAIL**: 2 new unwaived findings", md.TrimEnd('\n').Split('\n')[^1]);
    }

    private static Supplychain.Stacks.Cli.CliContext DiffContext(DiffHarness h)
    {
        var clock = new Moq.Mock<TimeProvider>();
        clock.Setup(c => c.GetUtcNow()).Returns(DiffHarness.Now);
        return new(TextWriter.Null, TextWriter.Null, Supplychain.Stacks.Settings.ProcessEnvironment.Instance, Supplychain.Stacks.Settings.PhysicalFileSystem.Instance, clock.Object, h.Root);
    }

    [Fact]
    public void Should_Compare_Two_Stacks_Of_One_Project()
    {
        // Given a second stack in the base checkout that serves query-ranker on two replicas
        using var h = new DiffHarness();
        var staged = File.ReadAllText(Path.Combine(h.Base, "Pulumi.dev.yaml")).Replace("        replicas: 1\n", "        replicas: 2\n", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(h.Base, "Pulumi.dev2.yaml"), staged);

        // When the stacks are compared
        var result = h.Run("diff", "--project-dir", h.Base, "--base-stack", "dev", "--head-stack", "dev2");

        // Then the replica change is the difference
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("`spec.replicas`: `1` → `2`", result.Out);
        Assert.Contains("## supplychain diff — stack `dev2`", result.Out);
    }

    [Theory]
    [InlineData("--fail-on-new-findings", "severe", "--fail-on-new-findings: 'severe' is not a severity; allowed: low, medium, high, critical")]
    [InlineData("--fail-on-cost-increase", "lots", "--fail-on-cost-increase: 'lots' is not an amount")]
    [InlineData("--fail-on-cost-increase", "-5", "--fail-on-cost-increase: '-5' is not an amount")]
    [InlineData("--head", "missing-dir", "--head: 'missing-dir' is neither a project directory nor a program file")]
    public void Should_Exit_2_Naming_The_Option_On_Bad_Arguments(string option, string value, string message)
    {
        using var h = new DiffHarness();
        var args = option == "--head" ? new[] { "diff", "--base", h.Base, "--head", value } : ["diff", "--base", h.Base, "--head", h.Head, option, value];

        var result = h.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void Should_Exit_2_When_No_Sides_Are_Given()
    {
        using var h = new DiffHarness();
        var result = h.Run("diff", "--project-dir", h.Base);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("give --base and --head", result.Error);
    }

    [Fact]
    public void Should_Write_The_Markdown_To_A_File_With_Output()
    {
        using var h = new DiffHarness().UpgradeGrowAndBreak();
        var file = Path.Combine(h.Root, "comment", "diff.md");

        var result = h.Diff("--output", file, "--fail-on-new-findings", "high");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.StartsWith(DiffMarkdown.Marker, File.ReadAllText(file));
        Assert.Contains("**FAIL**", File.ReadAllText(file));
    }

    internal static IReadOnlyList<string> ChangedResources(string md) =>
        ResourceLine().Matches(md).Select(m => m.Groups["name"].Value).Order(StringComparer.Ordinal).ToList();

    /// <summary>"POLICY resource" of each row of a finding table (New, Fixed, Still open).</summary>
    internal static IReadOnlyList<string> FindingRows(string md, string table)
    {
        var start = md.IndexOf($"#### {table} (", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no '{table}' findings table");
        var end = md.IndexOf("\n###", start + 5, StringComparison.Ordinal);
        return md[start..end].Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| policy", StringComparison.Ordinal) && !l.StartsWith("| ---", StringComparison.Ordinal))
            .Select(l => l.Split(" | ")).Select(c => $"{c[0][2..]} {c[3]}").ToList();
    }

    internal sealed record CostFigures(decimal DeltaExpected, decimal DeltaMax);

    internal static CostFigures CostRow(string md, string scope)
    {
        var line = md.Split('\n').Single(l => l.StartsWith($"| {scope} |", StringComparison.Ordinal));
        var cells = line.Split(" | ");
        return new CostFigures(Money(cells[2]), Money(cells[4].TrimEnd(' ', '|')));
    }

    private static decimal Money(string text) =>
        decimal.Parse(text.Replace("$", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal).Replace("+", "", StringComparison.Ordinal),
            System.Globalization.CultureInfo.InvariantCulture);

    private static string LastLine(string text) => text.TrimEnd('\n').Split('\n')[^1];

    [GeneratedRegex(@"^- \*\*[~+-] (?:changed|added|removed)\*\* `(?<name>[^`]+)`", RegexOptions.Multiline)]
    private static partial Regex ResourceLine();
}
