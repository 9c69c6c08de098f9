using Supplychain.Policies.Engine;

namespace Supplychain.Tests.PolicyEngine;

public sealed class PolicyRegistryTests
{
    [Fact]
    public void Should_Discover_The_Product_Policies_Sorted_By_Id_From_The_Policies_Assembly_Only()
    {
        // When the registry loads
        var registry = PolicyRegistry.Load();

        // Then it holds the engine's waiver-validity policy, every policy comes from Supplychain.Policies
        // (the test policies of this assembly never leak in), and ids are sorted and unique
        Assert.Contains(registry.Policies, p => p is WaiverValidity);
        Assert.All(registry.Policies, p => Assert.Equal(typeof(Policy).Assembly, p.GetType().Assembly));
        Assert.DoesNotContain(registry.Policies, p => p.GetType().Assembly == typeof(PolicyRegistryTests).Assembly);
        var ids = registry.Policies.Select(p => p.Id).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Contains(WaiverValidity.PolicyId, registry.Packs["compliance"].Select(p => p.Id));
    }

    [Fact]
    public void Should_Group_Policies_By_Pack()
    {
        var registry = PolicyRegistry.From([new OwnerLabelPolicy("CMP002"), new OwnerLabelPolicy("CMP001"), new WaiverValidity()]);

        Assert.Equal(["compliance"], registry.Packs.Keys);
        Assert.Equal(["CMP001", "CMP002", "CMP050"], registry.Packs["compliance"].Select(p => p.Id));
    }

    [Fact]
    public void Should_Reject_Duplicate_Ids()
    {
        var e = Assert.Throws<InvalidOperationException>(() => PolicyRegistry.From([new OwnerLabelPolicy("CMP003"), new OwnerLabelPolicy("CMP003")]));

        Assert.Contains("policy id CMP003 is used by", e.Message);
    }

    [Theory]
    [InlineData("LIN003", "does not belong to pack 'compliance'")]
    [InlineData("CMP3", "must be a pack prefix")]
    [InlineData("CMP000", "outside its pack's range")]
    [InlineData("CMP050", "belongs to the engine's waiver-validity policy")]
    public void Should_Reject_Ids_That_Do_Not_Fit_Their_Pack(string id, string expected)
    {
        var e = Assert.Throws<InvalidOperationException>(() => PolicyRegistry.From([new OwnerLabelPolicy(id)]));

        Assert.Contains(expected, e.Message);
        Assert.Contains(nameof(OwnerLabelPolicy), e.Message);
    }

    [Fact]
    public void Should_Reject_Policies_With_Incomplete_Metadata()
    {
        // DescriptionPolicy's title is not in the "must" form
        var e = Assert.Throws<InvalidOperationException>(() => PolicyRegistry.From([new DescriptionPolicy()]));

        Assert.Contains("\"must\" form", e.Message);
    }

    [Fact]
    public void Should_Reject_A_Policy_Type_Without_A_Public_Parameterless_Constructor()
    {
        // FixedStackPolicy takes arguments: reflection could never instantiate it, so it would silently never run
        var e = Assert.Throws<InvalidOperationException>(() => PolicyRegistry.FromTypes([typeof(FixedStackPolicy)]));

        Assert.Contains("public parameterless constructor", e.Message);
    }
}
