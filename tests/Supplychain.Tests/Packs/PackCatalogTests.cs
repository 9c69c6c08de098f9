using Supplychain.Policies.Engine;

namespace Supplychain.Tests.Packs;

public sealed class PackCatalogTests
{
    /// <summary>Every built-in pack's id list, in one place: adding, removing or moving a policy is a reviewed change here.</summary>
    [Fact]
    public void Should_Pin_Every_Packs_Id_List()
    {
        var expected = new Dictionary<string, IEnumerable<string>>
        {
            ["lineage"] = Enumerable.Range(1, 18).Select(i => $"LIN{i:000}"),
            ["cost"] = Enumerable.Range(1, 12).Select(i => $"COST{i:000}"),
            // CMP050 is the engine's waiver-validity policy; CMP051-CMP053 judge Argo workflows (the retraining loop); CMP054-CMP056
            // resolve Kubernetes references (kube-score), CMP057-CMP060 close the Checkov Azure gaps, CMP061 judges chart pods' values.
            ["compliance"] = Enumerable.Range(1, 61).Select(i => $"CMP{i:000}"),
        };

        var registry = PolicyRegistry.Load();

        Assert.Equal(PolicyPacks.BuiltIn.Select(p => p.Name), registry.Packs.Keys);
        foreach (var pack in PolicyPacks.BuiltIn)
            Assert.Equal(expected[pack.Name], registry.Packs[pack.Name].Select(p => p.Id));
        Assert.All(registry.Policies, p => Assert.StartsWith(PolicyPacks.Named(p.Pack)!.IdPrefix!, p.Id));
    }

    [Theory]
    [InlineData("lineage")]
    [InlineData("compliance")]
    public void Should_Give_Every_Policy_Complete_Metadata(string pack)
    {
        foreach (var p in PackHarness.Pack(pack).Where(p => p.Id != "CMP050"))
        {
            Assert.Contains(" must ", " " + p.Title.Replace(" should ", " must ") + " ");
            Assert.False(string.IsNullOrWhiteSpace(p.Rationale), p.Id);
            Assert.False(string.IsNullOrWhiteSpace(p.Remediation), p.Id);
            Assert.NotEmpty(p.Controls);
            Assert.True(p.GetType().IsSealed, $"{p.Id} must be sealed");
        }
    }

    [Theory]
    [InlineData("lineage")]
    [InlineData("compliance")]
    public void Should_Have_A_Passing_And_A_Failing_Fixture_For_Every_Resource_Policy(string pack)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Policies");
        foreach (var p in PackHarness.Pack(pack).OfType<ResourcePolicy>())
        {
            var dir = Path.Combine(root, p.GetType().Name);
            Assert.True(Directory.Exists(dir), $"{p.Id} has no fixture folder {p.GetType().Name}");
            var files = Directory.GetFiles(dir, "*.yaml").Select(Path.GetFileNameWithoutExtension).ToList();
            Assert.Contains(files, f => f!.EndsWith("-PASSED", StringComparison.Ordinal));
            Assert.Contains(files, f => f!.EndsWith("-FAILED", StringComparison.Ordinal));
        }
    }
}
