using System.Text.RegularExpressions;
using Supplychain.Components.Domain;
using Supplychain.Policies.Cost;
using Supplychain.Policies.Cost.Catalog;
using Supplychain.Policies.View;
using Supplychain.Stacks.Pipeline;
using Supplychain.Stacks.Settings;
using Supplychain.Tests.CliTests;
using static Supplychain.Tests.Cost.CostHarness;

namespace Supplychain.Tests.Cost;

/// <summary>
/// Every cloud example stack, moved to each region the docs accept, is priced from that region's catalog entries only;
/// whatever stays unpriced there is a hole the catalog README lists (and the catalog really lacks).
/// </summary>
public sealed partial class RegionCoverageTests
{
    public static readonly string[] AwsRegions = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"];
    public static readonly string[] AzureRegions = ["eastus", "westus2", "westeurope", "northeurope"];

    public static TheoryData<string, string> StacksInRegions()
    {
        var data = new TheoryData<string, string>();
        foreach (var stack in new[] { "staging-aws", "prod-aws" }) foreach (var region in AwsRegions) data.Add(stack, region);
        foreach (var stack in new[] { "staging-azure", "prod-azure" }) foreach (var region in AzureRegions) data.Add(stack, region);
        return data;
    }

    [Theory]
    [MemberData(nameof(StacksInRegions))]
    public void Should_Price_An_Example_Stack_Moved_To_Each_Accepted_Region_From_That_Regions_Entries_Only(string stack, string region)
    {
        // Given the example stack, moved to the region
        var (spec, resources) = Moved(stack, region);
        var provider = spec.Stack.Target == DeploymentTarget.Aws ? "aws" : "azure";

        // When it is estimated with the whole catalog, and with a catalog cut down to that region's entries
        var estimate = CostModel.Estimate(resources, spec.Stack, spec, Catalog, null);
        var regionOnly = CostModel.Estimate(resources, spec.Stack, spec, OnlyRegion(Catalog, region), null);

        // Then both give the same lines: no other region's entry contributed a price
        Assert.Equal(Describe(regionOnly.Lines), Describe(estimate.Lines));
        Assert.NotEmpty(estimate.Lines);
        Assert.Contains(estimate.Assumptions, a => a.Contains($"{provider} {region} on-demand", StringComparison.Ordinal));
        Assert.DoesNotContain(estimate.Lines, l => OtherRegionNamed(l.Basis, region));

        // And whatever is left unpriced is a hole the catalog README documents for this region
        var holes = DocumentedHoles().Where(h => h.Region == region).ToList();
        var undocumented = estimate.Unpriced
            .Where(u => !holes.Any(h => u.Reason.Contains($"'{h.Type}'", StringComparison.Ordinal) || u.Reason.Contains($" {h.Type} ", StringComparison.Ordinal)))
            .Select(u => $"{u.Resource}: {u.Reason}").ToList();
        Assert.True(undocumented.Count == 0, $"{stack} in {region} leaves items unpriced that the catalog README does not list as holes:\n" + string.Join("\n", undocumented));
    }

    [Fact]
    public void Should_List_Only_Holes_The_Catalog_Really_Has()
    {
        // Given the holes the catalog README documents
        var holes = DocumentedHoles();
        Assert.NotEmpty(holes);

        // Then each names an accepted region, and the catalog holds no price for it there (a filled hole must leave the list)
        foreach (var hole in holes)
        {
            Assert.Contains(hole.Region, AwsRegions.Concat(AzureRegions));
            var provider = AwsRegions.Contains(hole.Region) ? "aws" : "azure";
            object? entry = hole.Section switch
            {
                "instances" => Catalog.Instance(provider, hole.Region, hole.Type),
                "managedPostgres" => Catalog.Postgres(provider, hole.Region, hole.Type),
                "managedRedis" => Catalog.Redis(provider, hole.Region, hole.Type),
                "blockStorage" => Catalog.BlockStorageOf(provider, hole.Region, hole.Type),
                "objectStorage" => Catalog.ObjectStorageOf(provider, hole.Region, hole.Type),
                "loadBalancers" => Catalog.LoadBalancer(provider, hole.Region, hole.Type),
                "natGateways" => Catalog.NatGateway(provider, hole.Region),
                _ => throw new Xunit.Sdk.XunitException($"the README lists a hole in unknown section '{hole.Section}'"),
            };
            Assert.True(entry is null, $"the README lists {hole.Section} {hole.Type} in {hole.Region} as a hole, but the catalog prices it");
        }
    }

    [Fact]
    public void Should_Agree_With_The_Regions_The_Docs_Name()
    {
        // Given the regions this test moves stacks to, the catalog's regions and the config docs
        var root = CliHarness.RepoRoot();
        var awsDoc = File.ReadAllText(Path.Combine(root, "stacks", "Settings", "CONFIG-AWS.md"));
        var azureDoc = File.ReadAllText(Path.Combine(root, "stacks", "Settings", "CONFIG-AZURE.md"));

        // Then every accepted region is in the catalog and named in its target's config doc
        foreach (var region in AwsRegions) { Assert.Contains(region, Catalog.RegionsOf("aws")); Assert.Contains($"`{region}`", awsDoc, StringComparison.Ordinal); }
        foreach (var region in AzureRegions) { Assert.Contains(region, Catalog.RegionsOf("azure")); Assert.Contains($"`{region}`", azureDoc, StringComparison.Ordinal); }
    }

    internal sealed record Hole(string Region, string Section, string Type);

    /// <summary>The rows of the README's holes table: <c>| region | section | type | why |</c>.</summary>
    internal static IReadOnlyList<Hole> DocumentedHoles()
    {
        var readme = File.ReadAllText(Path.Combine(CliHarness.RepoRoot(), "policies", "Cost", "Catalog", "README.md"));
        var start = readme.IndexOf("## Holes", StringComparison.Ordinal);
        Assert.True(start >= 0, "the catalog README has no '## Holes' section");
        var section = readme[start..];
        var end = section.IndexOf("\n## ", 3, StringComparison.Ordinal);
        if (end > 0) section = section[..end];
        return HoleRow().Matches(section).Select(m => new Hole(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value)).ToList();
    }

    [GeneratedRegex(@"^\| `([a-z0-9-]+)` \| `([A-Za-z]+)` \| `([^`]+)` \|", RegexOptions.Multiline)]
    private static partial Regex HoleRow();

    private static (SupplyChainSpec Spec, IReadOnlyList<ResourceView> Resources) Moved(string stack, string region)
    {
        var settings = StackSettingsReader.Read(ConfigSource.FromStackFile(CliHarness.RepoRoot(), stack));
        var spec = settings.Spec;
        spec = spec.Stack.Target == DeploymentTarget.Aws
            ? spec with { Aws = spec.Aws! with { Region = region, AvailabilityZones = [] } }
            : spec with { Azure = spec.Azure! with { Location = region } };
        var program = SynthPipeline.Render(settings with { Spec = spec });
        return (spec, ProgramViews.From(program));
    }

    private static PriceCatalog OnlyRegion(PriceCatalog c, string region) => c with
    {
        Instances = [.. c.Instances.Where(e => e.Region == region)],
        BlockStorage = [.. c.BlockStorage.Where(e => e.Region == region)],
        ObjectStorage = [.. c.ObjectStorage.Where(e => e.Region == region)],
        ManagedPostgres = [.. c.ManagedPostgres.Where(e => e.Region == region)],
        ManagedRedis = [.. c.ManagedRedis.Where(e => e.Region == region)],
        LoadBalancers = [.. c.LoadBalancers.Where(e => e.Region == region)],
        NatGateways = [.. c.NatGateways.Where(e => e.Region == region)],
        ManagedKubernetes = [.. c.ManagedKubernetes.Where(e => e.Region == region)],
        ContainerRegistry = [.. c.ContainerRegistry.Where(e => e.Region == region)],
        Kms = [.. c.Kms.Where(e => e.Region == region)],
    };

    private static bool OtherRegionNamed(string basis, string region) =>
        AwsRegions.Concat(AzureRegions).Append("westus").Any(r => r != region && basis.Contains($" {r} ", StringComparison.Ordinal));

    private static string Describe(IReadOnlyList<CostLine> lines) =>
        string.Join("\n", lines.Select(l => $"{l.Resource} {l.Item} {l.MinUsd} {l.ExpectedUsd} {l.MaxUsd} {l.Basis}"));
}
