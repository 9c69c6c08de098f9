using System.Text.RegularExpressions;
using Supplychain.Policies.Engine;
using Supplychain.Tests.CliTests;

namespace Supplychain.Tests.Packs;

/// <summary>
/// docs/policy-coverage.md and the policies' <see cref="Policy.PeerEquivalents"/> say the same thing: a covered row names a policy
/// that lists the check, every listed check has its row, every other row gives its reason, and the counts table is recomputed here.
/// </summary>
public sealed partial class PolicyCoverageTests
{
    /// <summary>Coverage may only go up: the floor per peer is what the crosswalk shows today (target 90 %).</summary>
    private static readonly Dictionary<string, int> FloorPercent = new(StringComparer.Ordinal)
    {
        ["Checkov AWS"] = 90, ["Checkov Azure"] = 90, ["Checkov Kubernetes"] = 90, ["Polaris"] = 90,
        ["kube-score"] = 90, ["cdk-nag AwsSolutions"] = 90, ["awsguard"] = 100,
    };

    private sealed record Row(string Peer, string Check, string Cover);

    private static (List<Row> Rows, Dictionary<string, int[]> Table) Read()
    {
        var lines = File.ReadAllLines(Path.Combine(CliHarness.RepoRoot(), "docs", "policy-coverage.md"));
        var rows = new List<Row>();
        var table = new Dictionary<string, int[]>(StringComparer.Ordinal);
        string? peer = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("### ", StringComparison.Ordinal)) { peer = line[4..].Trim(); continue; }
            if (line.StartsWith("## ", StringComparison.Ordinal)) peer = null;
            var count = CountRow().Match(line);
            if (count.Success)
                table[count.Groups["peer"].Value] = [int.Parse(count.Groups["c"].Value), int.Parse(count.Groups["g"].Value), int.Parse(count.Groups["n"].Value), int.Parse(count.Groups["pct"].Value)];
            var row = CheckRow().Match(line);
            if (peer is not null && row.Success) rows.Add(new Row(peer, row.Groups["check"].Value, row.Groups["cover"].Value.Trim().Trim('*')));
        }
        return (rows, table);
    }

    [Fact]
    public void Should_Name_For_Every_Covered_Check_A_Policy_That_Lists_It()
    {
        var (rows, _) = Read();
        var registry = PolicyRegistry.Load();
        Assert.NotEmpty(rows);
        foreach (var row in rows.Where(r => r.Cover.StartsWith("CMP", StringComparison.Ordinal) || r.Cover.StartsWith("COST", StringComparison.Ordinal) || r.Cover.StartsWith("LIN", StringComparison.Ordinal)))
        {
            var policy = registry.Find(row.Cover);
            Assert.True(policy is not null, $"{row.Check} is mapped to {row.Cover}, which is no policy");
            Assert.True(policy!.PeerEquivalents.Contains(row.Check), $"{row.Cover} does not list {row.Check} in PeerEquivalents");
        }
    }

    [Fact]
    public void Should_Have_A_Crosswalk_Row_For_Every_Peer_Equivalent_A_Policy_Lists()
    {
        var (rows, _) = Read();
        foreach (var policy in PolicyRegistry.Load().Policies)
            foreach (var check in policy.PeerEquivalents)
                Assert.True(rows.Any(r => r.Check == check && r.Cover == policy.Id), $"{policy.Id} lists {check}, but docs/policy-coverage.md does not map it to {policy.Id}");
    }

    [Fact]
    public void Should_Give_A_Reason_For_Every_Check_Not_Covered()
    {
        var (rows, _) = Read();
        foreach (var row in rows.Where(r => !r.Cover.StartsWith("CMP", StringComparison.Ordinal)))
            Assert.Matches("^(n/a|gap): .{10,}", row.Cover);
    }

    [Fact]
    public void Should_Recompute_The_Counts_Table_And_Keep_Coverage_At_Or_Above_Its_Floor()
    {
        var (rows, table) = Read();
        Assert.Equal(FloorPercent.Keys.Order(StringComparer.Ordinal), table.Keys.Order(StringComparer.Ordinal));
        foreach (var (peer, floor) in FloorPercent)
        {
            var mine = rows.Where(r => r.Peer == peer).ToList();
            var covered = mine.Count(r => r.Cover.StartsWith("CMP", StringComparison.Ordinal));
            var gaps = mine.Count(r => r.Cover.StartsWith("gap", StringComparison.Ordinal));
            var notApplicable = mine.Count(r => r.Cover.StartsWith("n/a", StringComparison.Ordinal));
            var percent = 100 * covered / (covered + gaps);
            Assert.Equal([covered, gaps, notApplicable, percent], table[peer]);
            Assert.True(percent >= floor, $"{peer}: coverage {percent} % fell below its floor of {floor} %");
        }
    }

    [GeneratedRegex(@"^\| (?<peer>[^|]+?) \| (?<c>\d+) \| (?<g>\d+) \| (?<n>\d+) \| (?<pct>\d+) % \|")]
    private static partial Regex CountRow();

    [GeneratedRegex(@"^\| `(?<check>[^`]+)` \| `[^`]*` \| [^|]* \| (?<cover>.+) \|$")]
    private static partial Regex CheckRow();
}
