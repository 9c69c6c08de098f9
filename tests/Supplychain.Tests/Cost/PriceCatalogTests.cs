using Moq;
using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Policies.Cost;
using Supplychain.Policies.Cost.Catalog;
using Supplychain.Tests.Support;

namespace Supplychain.Tests.Cost;

public sealed class PriceCatalogTests
{
    [Fact]
    public void Should_Load_The_Embedded_Catalog_With_Its_Date_And_Sources()
    {
        // When the catalog shipped in the assembly is loaded
        var catalog = PriceCatalog.Embedded();

        // Then it states its date, its sources and the families the issue names
        Assert.Equal(new DateOnly(2026, 11, 1), catalog.ValidOn);
        Assert.Contains(catalog.Sources, s => s.Id == "opencost-default-pricing" && s.Url.StartsWith("https://", StringComparison.Ordinal));
        foreach (var type in new[] { "p4d.24xlarge", "p5.48xlarge", "g5.2xlarge", "g6.xlarge" }) Assert.NotNull(catalog.Instance("aws", "us-east-1", type));
        foreach (var type in new[] { "Standard_NC24ads_A100_v4", "Standard_ND96isr_H100_v5" }) Assert.NotNull(catalog.Instance("azure", "eastus", type));
        Assert.Equal(0.95m, catalog.DefaultKubernetesRates.GpuHourUsd);
    }

    [Fact]
    public void Should_Return_Null_Never_Zero_For_A_Missing_Entry()
    {
        var catalog = PriceCatalog.Embedded();
        Assert.Null(catalog.Instance("aws", "us-east-1", "p9.mega"));
        Assert.Null(catalog.Instance("azure", "eastus", "g5.2xlarge")); // right type, wrong provider
        Assert.Null(catalog.Instance("aws", "sa-east-1", "g5.2xlarge")); // right type, a region the catalog does not price
        Assert.Null(catalog.Postgres("aws", "us-east-1", "db.x9.huge"));
        Assert.Null(catalog.Redis("azure", "eastus", "Enterprise_E10"));
        Assert.Null(catalog.SpotDiscount("gcp"));
    }

    [Fact]
    public void Should_Estimate_From_A_Catalog_Supplied_By_Any_Source()
    {
        // Given a source (a double of the seam) holding a one-instance catalog at 2 USD/h and 100 h per month
        var source = new Mock<IPriceCatalogSource>();
        source.SetupGet(s => s.Description).Returns("test catalog");
        source.Setup(s => s.ReadJson()).Returns(MinimalCatalog(hourly: "2.0"));

        // When a 0..3 node group of that type is estimated
        var catalog = PriceCatalog.Load(source.Object);
        var group = new ResourceView("pool", "aws:eks:NodeGroup", ["gpu-pools"], new MapValue
        {
            ["instanceTypes"] = new ListValue { "x1.test" }, ["scalingConfig"] = new MapValue { ["minSize"] = 0, ["maxSize"] = 3 },
        });
        var line = Assert.Single(CostModel.Estimate([group, .. CostHarness.RegionOf(DeploymentTarget.Aws)], SampleSpecs.Context(DeploymentTarget.Aws), null, catalog, null).Lines);

        // Then the source's prices and hours are used
        Assert.Equal((0m, 300m, 600m), (line.MinUsd, line.ExpectedUsd, line.MaxUsd));
        source.Verify(s => s.ReadJson(), Times.Once);
    }

    [Theory]
    [InlineData("0", "hourlyUsd 0")]
    [InlineData("-1", "hourlyUsd -1")]
    public void Should_Reject_A_Catalog_With_A_Non_Positive_Price(string hourly, string expected)
    {
        var e = Assert.Throws<FormatException>(() => PriceCatalog.Parse(MinimalCatalog(hourly), "bad.json"));
        Assert.Contains("bad.json", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Name_A_Missing_Catalog_File()
    {
        var e = Assert.Throws<FileNotFoundException>(() => PriceCatalog.Load(new FilePriceCatalogSource("/nonexistent/price-catalog.json")));
        Assert.Contains("/nonexistent/price-catalog.json", e.Message, StringComparison.Ordinal);
    }

    private static string MinimalCatalog(string hourly) => $$"""
        {
          "schemaVersion": 1, "date": "2026-01-01", "currency": "USD", "hoursPerMonth": 100,
          "sources": [], "defaultSpotDiscount": { "aws": 0.5 },
          "instances": [ { "provider": "aws", "region": "us-east-1", "type": "x1.test", "vcpu": 4, "memoryGiB": 16, "gpus": 1, "gpuModel": "T", "hourlyUsd": {{hourly}} } ],
          "blockStorage": [], "objectStorage": [], "managedPostgres": [], "managedRedis": [], "loadBalancers": [], "natGateways": [],
          "managedKubernetes": [], "containerRegistry": [], "kms": [],
          "kubernetesRates": { "cpuCoreHourUsd": 0.03, "memoryGiBHourUsd": 0.004, "gpuHourUsd": 1, "storageGbMonthUsd": 0.04 }
        }
        """;
}
