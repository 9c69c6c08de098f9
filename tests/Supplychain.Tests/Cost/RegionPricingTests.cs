using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Policies.Cost;
using Supplychain.Policies.Packs.Cost;
using Supplychain.Tests.Support;
using static Supplychain.Tests.Cost.CostHarness;

namespace Supplychain.Tests.Cost;

/// <summary>A stack is priced at its own region's prices; a region or item the catalog does not price is a finding, never another region's price.</summary>
public sealed class RegionPricingTests
{
    private static Policies.View.ResourceView Pool(string instanceType) => Resource("platform-system-nodegroup", "aws:eks:NodeGroup", new MapValue
    {
        ["instanceTypes"] = new ListValue { instanceType }, ["scalingConfig"] = new MapValue { ["minSize"] = 2, ["maxSize"] = 2 },
    }, "platform");

    [Theory]
    [InlineData("us-east-1", 0.096)]
    [InlineData("us-west-2", 0.096)]
    [InlineData("eu-west-1", 0.107)]
    [InlineData("eu-central-1", 0.115)]
    [InlineData("ap-southeast-2", 0.12)]
    public void Should_Price_A_Node_Group_At_Its_Own_Region_And_Say_So(string region, decimal hourly)
    {
        // Given two m6i.large nodes in a program whose AWS provider names the region
        var estimate = CostModel.Estimate([Pool("m6i.large"), .. RegionOf(DeploymentTarget.Aws, region)], SampleSpecs.Context(DeploymentTarget.Aws), null, Catalog, null);

        // Then they are priced at that region's list price, and the assumptions name the region priced
        Assert.Equal(hourly * 730 * 2, Assert.Single(estimate.Lines).MaxUsd);
        Assert.Contains(estimate.Assumptions, a => a.Contains($"aws {region} on-demand", StringComparison.Ordinal));
        Assert.Empty(estimate.Unpriced);
    }

    [Fact]
    public void Should_Prefer_The_Configured_Region_Over_The_Program()
    {
        var spec = SampleSpecs.Dev(DeploymentTarget.Aws) with { Aws = new AwsTargetSpec("eu-central-1") };

        var estimate = CostModel.Estimate([Pool("m6i.large"), .. RegionOf(DeploymentTarget.Aws, "us-east-1")], spec.Stack, spec, Catalog, null);

        Assert.Equal(0.115m * 730 * 2, Assert.Single(estimate.Lines).MaxUsd);
    }

    [Fact]
    public void Should_Leave_An_Item_The_Region_Lacks_Unpriced_Never_At_Another_Regions_Price()
    {
        // Given a GPU node group in eu-central-1 of a type the catalog prices only in us-east-1 (a documented hole)
        Assert.NotNull(Catalog.Instance("aws", "us-east-1", "p4d.24xlarge"));
        Assert.Null(Catalog.Instance("aws", "eu-central-1", "p4d.24xlarge"));
        var view = View([Pool("p4d.24xlarge"), .. RegionOf(DeploymentTarget.Aws, "eu-central-1")], SampleSpecs.Context(DeploymentTarget.Aws), null);

        // Then it has no cost line, it is unpriced, and COST008 fails on it
        Assert.Empty(view.Cost!.Lines);
        Assert.Contains(view.Cost.Unpriced, u => u.Resource == "platform-system-nodegroup");
        Assert.Contains("platform-system-nodegroup", Violating(new PricedFromCatalog(), view)!);
    }

    [Theory]
    [InlineData(DeploymentTarget.Aws, "sa-east-1")]
    [InlineData(DeploymentTarget.Azure, "japaneast")]
    public void Should_Report_A_Region_The_Catalog_Does_Not_Price_As_A_Finding(DeploymentTarget target, string region)
    {
        var view = View([.. RegionOf(target, region)], SampleSpecs.Context(target), null);

        var violation = Assert.Single(Violations(new PricedFromCatalog(), view));
        Assert.Contains($"for region {region}", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Price_Nothing_When_No_Region_Is_Known()
    {
        // Given engine output judged without a stack and with no explicit provider region
        var estimate = CostModel.Estimate([Pool("m6i.large")], SampleSpecs.Context(DeploymentTarget.Aws), null, Catalog, null);

        // Then nothing is priced at a guessed region, and the gap is a finding
        Assert.Empty(estimate.Lines);
        Assert.Contains(estimate.Unpriced, u => u.Resource == "stack" && u.Reason.Contains("region is not known", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Hold_Every_Region_The_Docs_Accept()
    {
        var aws = Catalog.RegionsOf("aws");
        var azure = Catalog.RegionsOf("azure");
        foreach (var r in new[] { "us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2" }) Assert.Contains(r, aws);
        foreach (var r in new[] { "eastus", "westus2", "westeurope", "northeurope" }) Assert.Contains(r, azure);
    }
}
