using Supplychain.Policies.Engine;

namespace Supplychain.Tests.Packs;

public sealed class PackCatalogTests
{
    [Fact]
    public void Should_Pin_The_Lineage_Pack_Ids()
    {
        Assert.Equal(
            ["LIN001", "LIN002", "LIN003", "LIN004", "LIN005", "LIN006", "LIN007", "LIN008", "LIN009", "LIN010", "LIN011", "LIN012", "LIN013",
             "LIN014", "LIN015", "LIN016", "LIN017", "LIN018"],
            PackHarness.Pack("lineage").Select(p => p.Id));
    }

    [Fact]
    public void Should_Pin_The_Compliance_Pack_Ids()
    {
        // CMP050 is the engine's waiver-validity policy; the pack's own ids stay below it.
        Assert.Equal(
            Enumerable.Range(1, 23).Select(i => $"CMP{i:000}"),
            PackHarness.Pack("compliance").Select(p => p.Id).Where(id => id != "CMP050"));
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
