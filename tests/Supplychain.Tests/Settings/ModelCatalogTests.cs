using System.Text.Json.Nodes;
using Supplychain.Stacks.Settings;

namespace Supplychain.Tests.Settings;

/// <summary>
/// Model catalogs (<c>supplychain:catalog</c>): one file per model under <c>&lt;catalog&gt;/&lt;team&gt;/</c>, a release per
/// environment or stack. Each test writes a small project into a temporary directory and reads a stack of it.
/// </summary>
public sealed class ModelCatalogTests : IDisposable
{
    private static readonly string Digest = SettingsHarness.Digest;
    private readonly string root = Directory.CreateTempSubdirectory("supplychain-catalog-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static string Release(string version, int replicas = 2, string digest = "") => $"""
            version: {version}
            image: ghcr.io/acme-ml/fraud-detector:{version}
            artifact:
              uri: s3://models/fraud-detector/{version}/model.onnx
              digest: {(digest.Length > 0 ? digest : Digest)}
            serving:
              replicas: {replicas}
        """;

    private static string FraudDetector(string releases) => $"""
        name: fraud-detector
        team: fraud
        serving:
          canarySteps: [20, 60]
        releases:
        {releases}
        """;

    private void WriteModel(string team, string name, string text)
    {
        Directory.CreateDirectory(Path.Combine(root, "models", team));
        File.WriteAllText(Path.Combine(root, "models", team, name + ".yaml"), text);
    }

    private StackSettings Read(JsonObject config, string stack = "dev")
    {
        File.WriteAllText(Path.Combine(root, "Pulumi.yaml"), SettingsHarness.ProjectFile);
        File.WriteAllText(Path.Combine(root, $"Pulumi.{stack}.yaml"), SettingsHarness.StackFile(config));
        return StackSettingsReader.Read(ConfigSource.FromStackFile(root, stack));
    }

    private static JsonObject CatalogConfig(string environment = "dev", JsonNode? catalog = null)
    {
        var config = SettingsHarness.Valid();
        config.Remove("models");
        config["environment"] = environment;
        config["catalog"] = catalog ?? new JsonObject { ["path"] = "models" };
        return config;
    }

    [Fact]
    public void Should_Serve_The_Release_Of_The_Stack_Environment()
    {
        WriteModel("fraud", "fraud-detector", FraudDetector($"  dev:\n{Release("1.5.0", 1)}\n  prod:\n{Release("1.4.2", 3)}"));

        var dev = Read(CatalogConfig("dev")).Spec.Models.Single();
        var prod = Read(CatalogConfig("prod"), "prod").Spec.Models.Single();

        Assert.Equal(("fraud-detector", "fraud", "1.5.0", 1), (dev.Name, dev.Team, dev.Version, dev.Serving.Replicas));
        Assert.Equal(("1.4.2", 3), (prod.Version, prod.Serving.Replicas));
        Assert.Equal([20, 60], prod.Serving.CanarySteps!); // inherited from the file's shared serving fields
    }

    [Fact]
    public void Should_Prefer_The_Release_Named_After_The_Stack()
    {
        WriteModel("fraud", "fraud-detector", FraudDetector($"  prod:\n{Release("1.4.2")}\n  prod-eu:\n{Release("1.4.1")}"));

        var model = Read(CatalogConfig("prod"), "prod-eu").Spec.Models.Single();

        Assert.Equal("1.4.1", model.Version);
    }

    [Fact]
    public void Should_Not_Serve_A_Model_Without_A_Release_For_The_Stack()
    {
        WriteModel("fraud", "fraud-detector", FraudDetector($"  dev:\n{Release("1.5.0")}"));

        var settings = Read(CatalogConfig("prod"), "prod");

        Assert.Empty(settings.Spec.Models);
    }

    [Fact]
    public void Should_Reject_A_Listed_Model_Without_The_Release()
    {
        WriteModel("fraud", "fraud-detector", FraudDetector($"  dev:\n{Release("1.5.0")}"));
        var catalog = new JsonObject { ["models"] = new JsonArray("fraud-detector") };

        var error = Assert.Throws<ConfigurationException>(() => Read(CatalogConfig("prod", catalog), "prod"));

        Assert.Equal("supplychain:catalog.models[0]", error.Key);
        Assert.Contains("has no release \"prod\" in models/fraud/fraud-detector.yaml (releases: dev)", error.Message);
    }

    [Fact]
    public void Should_Serve_The_Release_A_Listed_Model_Names()
    {
        WriteModel("fraud", "fraud-detector", FraudDetector($"  dev:\n{Release("1.5.0")}\n  staging:\n{Release("1.4.9")}"));
        var catalog = new JsonObject { ["models"] = new JsonArray("fraud-detector@staging") };

        var model = Read(CatalogConfig("dev", catalog)).Spec.Models.Single();

        Assert.Equal("1.4.9", model.Version);
    }

    [Fact]
    public void Should_Name_The_File_And_Line_Of_A_Bad_Release_Field()
    {
        WriteModel("fraud", "fraud-detector", FraudDetector($"  dev:\n{Release("1.5.0", digest: "sha256:abc")}"));

        var error = Assert.Throws<ConfigurationException>(() => Read(CatalogConfig()));

        var only = Assert.Single(error.Errors);
        Assert.Equal("models/fraud/fraud-detector.yaml:11", only.Source);
        Assert.Equal("releases.dev.artifact.digest", only.Key);
        Assert.StartsWith("models/fraud/fraud-detector.yaml:11: releases.dev.artifact.digest: \"sha256:abc\" is not a valid digest", error.Message);
    }

    [Fact]
    public void Should_Report_A_Shared_Serving_Field_At_Its_Own_Line()
    {
        WriteModel("fraud", "fraud-detector", FraudDetector($"  dev:\n{Release("1.5.0")}").Replace("[20, 60]", "[60, 20]"));

        var error = Assert.Throws<ConfigurationException>(() => Read(CatalogConfig()));

        Assert.Equal(("models/fraud/fraud-detector.yaml:4", "serving.canarySteps"), (error.Errors[0].Source, error.Key));
    }

    [Fact]
    public void Should_Reject_A_File_Whose_Team_Differs_From_Its_Directory()
    {
        WriteModel("search", "fraud-detector", FraudDetector($"  dev:\n{Release("1.5.0")}"));

        var error = Assert.Throws<ConfigurationException>(() => Read(CatalogConfig()));

        Assert.Equal(("models/search/fraud-detector.yaml:2", "team"), (error.Errors[0].Source, error.Key));
        Assert.Contains("differs from the team directory \"search\"", error.Message);
    }

    [Fact]
    public void Should_Reject_A_Model_Declared_Inline_And_In_The_Catalog()
    {
        WriteModel("fraud", "fraud-detector", FraudDetector($"  dev:\n{Release("1.5.0")}"));
        var config = CatalogConfig();
        config["models"] = SettingsHarness.Valid()["models"]!.DeepClone();

        var error = Assert.Throws<ConfigurationException>(() => Read(config));

        Assert.Equal(("models/fraud/fraud-detector.yaml:1", "name"), (error.Errors[0].Source, error.Key));
        Assert.Contains("is also declared inline in supplychain:models", error.Message);
    }

    [Fact]
    public void Should_Reject_A_Missing_Catalog_Directory()
    {
        var error = Assert.Throws<ConfigurationException>(() => Read(CatalogConfig(catalog: new JsonObject { ["path"] = "catalog" })));

        Assert.Equal(("Pulumi.dev.yaml", "supplychain:catalog.path"), (error.Errors[0].Source, error.Key));
    }

    [Fact]
    public void Should_Reject_A_Catalog_Path_Leaving_The_Project()
    {
        var error = Assert.Throws<ConfigurationException>(() => Read(CatalogConfig(catalog: new JsonObject { ["path"] = "../models" })));

        Assert.Equal("supplychain:catalog.path", error.Key);
    }

    [Fact]
    public void Should_Read_The_Catalog_Under_The_Compiler_Protocol_From_The_Root_Directory()
    {
        WriteModel("fraud", "fraud-detector", FraudDetector($"  dev:\n{Release("1.5.0")}"));
        var env = SettingsHarness.Environment(new Dictionary<string, string>
        {
            ["PULUMI_STACK"] = "dev",
            ["PULUMI_CONFIG"] = SettingsHarness.PulumiConfig(CatalogConfig()),
            ["PULUMI_ROOT_DIRECTORY"] = root,
        });

        var settings = StackSettingsReader.Read(ConfigSource.FromCompilerEnvironment(env.Object)!);

        Assert.Equal("1.5.0", settings.Spec.Models.Single().Version);
        Assert.Equal(["models/fraud/fraud-detector.yaml"], settings.CatalogFiles);
    }
}
