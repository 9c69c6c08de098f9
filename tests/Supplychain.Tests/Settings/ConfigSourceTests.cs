using System.Text.Json.Nodes;
using Moq;
using Supplychain.Stacks.Settings;
using static Supplychain.Tests.Settings.SettingsHarness;

namespace Supplychain.Tests.Settings;

public sealed class ConfigSourceTests
{
    [Fact]
    public void Should_Return_No_Source_When_Pulumi_Stack_Is_Not_Set()
    {
        // Pulumi runs the compiler once without PULUMI_STACK, to find plugins
        var env = Environment(new Dictionary<string, string> { ["PULUMI_CONFIG"] = "{}" });

        Assert.Null(ConfigSource.FromCompilerEnvironment(env.Object));
    }

    [Fact]
    public void Should_Read_The_Compiler_Protocol_And_Ignore_Other_Namespaces()
    {
        // Given PULUMI_CONFIG with provider keys beside the project's
        var json = PulumiConfig(Valid(), ("kubernetes:context", "kind-dev"), ("aws:region", "us-east-1"));

        // When it is read
        var source = CompilerSource(json, stack: "staging");
        var settings = StackSettingsReader.Read(source);

        // Then
        Assert.Equal("PULUMI_CONFIG", source.Name);
        Assert.Equal(["kubernetes:context", "aws:region"], source.OtherNamespaceKeys);
        Assert.Equal("staging", settings.StackName);
        Assert.Equal("PULUMI_CONFIG", settings.SourceDescription);
        Assert.Equal(2, settings.Spec.Models.Count);
    }

    [Fact]
    public void Should_Parse_Numbers_And_Booleans_Passed_As_Strings()
    {
        // Given nested values that arrive as strings ("2500", "true"), as `pulumi config set --path` can store them
        var config = Valid();
        config["budget"] = new JsonObject { ["monthlyUsd"] = "2500" };
        config["gpuPools"]![1]!["spot"] = "true";
        config["gpuPools"]![1]!["gpusPerNode"] = "4";
        config["models"]![0]!["lineage"]!["metrics"]!["auc"] = "0.962";

        // When read through the compiler protocol
        var spec = ReadCompiler(config).Spec;

        // Then they are typed
        Assert.Equal(2500m, spec.Budget!.MonthlyUsd);
        Assert.True(spec.GpuPools[1].Spot);
        Assert.Equal(4, spec.GpuPools[1].GpusPerNode);
        Assert.Equal(0.962m, spec.Models[0].Lineage!.Metrics["auc"]);
    }

    [Fact]
    public void Should_Report_Pulumi_Config_That_Is_Not_Json()
    {
        var exception = Assert.Throws<ConfigurationException>(() => CompilerSource("{\"supplychain:target\": "));

        Assert.Equal("PULUMI_CONFIG", exception.Errors[0].Source);
        Assert.StartsWith("PULUMI_CONFIG: is not valid JSON (line 1, position", exception.Message);
    }

    [Fact]
    public void Should_Report_A_Repeated_Key_In_Pulumi_Config()
    {
        var exception = Assert.Throws<ConfigurationException>(() => CompilerSource("{\"supplychain:target\": \"local\", \"supplychain:target\": \"aws\"}"));

        Assert.StartsWith("PULUMI_CONFIG: is not valid JSON", exception.Message);
        Assert.Contains("Duplicate property", exception.Message);
    }

    [Fact]
    public void Should_Report_A_Nested_Json_Text_That_Does_Not_Parse()
    {
        var json = PulumiConfig(Valid(), ("supplychain:budget", "{\"monthlyUsd\": 25"));

        var exception = Assert.Throws<ConfigurationException>(() => CompilerSource(json));

        Assert.Equal("supplychain:budget", exception.Key);
        Assert.Contains("holds JSON text that does not parse", exception.Message);
    }

    [Fact]
    public void Should_Report_A_Foreign_Project()
    {
        var env = Environment(new Dictionary<string, string> { ["PULUMI_STACK"] = "dev", ["PULUMI_PROJECT"] = "other", ["PULUMI_CONFIG"] = "{}" });

        var exception = Assert.Throws<ConfigurationException>(() => ConfigSource.FromCompilerEnvironment(env.Object));

        Assert.Contains("\"other\"", exception.Message);
    }

    [Fact]
    public void Should_Report_A_Missing_Stack_File_With_The_Existing_Stacks()
    {
        // Given a project with dev and prod stacks
        var fs = FileSystem(new Dictionary<string, string>
        {
            ["Pulumi.yaml"] = ProjectFile,
            ["Pulumi.prod.yaml"] = "config: {}\n",
            ["Pulumi.dev.yaml"] = "config: {}\n",
        });

        // When the CLI asks for staging
        var exception = Assert.Throws<ConfigurationException>(() => ConfigSource.FromStackFile(ProjectDirectory, "staging", fs.Object));

        // Then the message names the missing file and lists the stacks that exist
        Assert.Equal("Pulumi.staging.yaml", exception.Errors[0].Source);
        Assert.EndsWith("existing stacks: dev, prod", exception.Message);
    }

    [Fact]
    public void Should_Require_Pulumi_Yaml_In_The_Project_Directory()
    {
        var fs = FileSystem(new Dictionary<string, string> { ["Pulumi.dev.yaml"] = "config: {}\n" });

        var exception = Assert.Throws<ConfigurationException>(() => ConfigSource.FromStackFile(ProjectDirectory, "dev", fs.Object));

        Assert.StartsWith("Pulumi.yaml: not found in /project", exception.Message);
    }

    [Fact]
    public void Should_Require_The_Supplychain_Project()
    {
        var fs = FileSystem(new Dictionary<string, string> { ["Pulumi.yaml"] = "name: webshop\nruntime: yaml\n", ["Pulumi.dev.yaml"] = "config: {}\n" });

        var exception = Assert.Throws<ConfigurationException>(() => ConfigSource.FromStackFile(ProjectDirectory, "dev", fs.Object));

        Assert.Equal("Pulumi.yaml: name: is \"webshop\"; expected \"supplychain\" (the config keys are supplychain:<key>)", exception.Message);
    }

    [Fact]
    public void Should_Report_Yaml_That_Does_Not_Parse_With_Line_And_Column()
    {
        var exception = YamlError("config:\n  supplychain:target: local\n  supplychain:teams: [fraud\n");

        Assert.StartsWith("Pulumi.dev.yaml: is not valid YAML: line 4, column 1", exception.Message);
    }

    [Fact]
    public void Should_Report_A_Duplicate_Yaml_Key()
    {
        var exception = YamlError("config:\n  supplychain:target: local\n  supplychain:target: aws\n");

        Assert.StartsWith("Pulumi.dev.yaml: is not valid YAML", exception.Message);
    }

    [Theory]
    [InlineData("../dev")]
    [InlineData("dev/../../etc")]
    [InlineData("")]
    public void Should_Reject_A_Stack_Name_That_Is_Not_A_Name(string stack)
    {
        var fs = FileSystem(new Dictionary<string, string> { ["Pulumi.yaml"] = ProjectFile });

        var exception = Assert.Throws<ConfigurationException>(() => ConfigSource.FromStackFile(ProjectDirectory, stack, fs.Object));

        Assert.Contains("is not a valid stack name", exception.Message);
    }

    [Fact]
    public void Should_Type_Plain_Yaml_Scalars_By_The_Core_Schema()
    {
        // Given nested plain scalars: numbers, booleans; and a quoted number that must stay a string
        var source = YamlSource("""
            config:
              supplychain:budget:
                monthlyUsd: 2500
                alertThresholdsPercent: [80, 1e2]
              supplychain:owner: 12345
              supplychain:gpuPools:
                - spot: true
                  name: "007"
            """);

        var budget = source.Entries.Single(e => e.Key == "budget").Value!;
        var pool = source.Entries.Single(e => e.Key == "gpuPools").Value![0]!;

        Assert.Equal("""{"monthlyUsd":2500,"alertThresholdsPercent":[80,100]}""", budget.ToJsonString());
        Assert.Equal("""{"spot":true,"name":"007"}""", pool.ToJsonString());
        // A top-level scalar is the text written, as Pulumi stores it
        Assert.Equal("\"12345\"", source.Entries.Single(e => e.Key == "owner").Value!.ToJsonString());
    }

    [Fact]
    public void Should_List_Every_Stack_Sorted_Ordinally()
    {
        var fs = new Mock<IFileSystem>(MockBehavior.Strict);
        fs.Setup(f => f.ListFileNames("/project", "Pulumi.*.yaml"))
            .Returns(["Pulumi.prod.yaml", "Pulumi.dev.yaml", "Pulumi.Staging.yaml", "Pulumi.yaml", "Pulumi.eu-west.yaml"]);

        var stacks = ConfigSource.DiscoverStacks("/project", fs.Object);

        Assert.Equal(["Staging", "dev", "eu-west", "prod"], stacks);
    }

    [Fact]
    public void Should_Discover_Stacks_On_Disk()
    {
        // Given a real directory (the physical file system implementation)
        var dir = Directory.CreateTempSubdirectory("supplychain-settings-");
        try
        {
            foreach (var name in new[] { "Pulumi.yaml", "Pulumi.prod.yaml", "Pulumi.dev.yaml", "README.md" })
                File.WriteAllText(Path.Combine(dir.FullName, name), "");

            Assert.Equal(["dev", "prod"], ConfigSource.DiscoverStacks(dir.FullName));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Should_Discover_No_Stacks_In_A_Missing_Directory()
    {
        Assert.Empty(ConfigSource.DiscoverStacks(Path.Combine(Path.GetTempPath(), "supplychain-no-such-dir-" + Guid.NewGuid())));
    }

    [Fact]
    public void Should_Read_The_Repository_Pulumi_Yaml_And_Dev_Stack_From_Disk()
    {
        var root = RepositoryRoot();

        Assert.Contains("dev", ConfigSource.DiscoverStacks(root));
        var settings = StackSettingsReader.Read(ConfigSource.FromStackFile(root, "dev"));
        Assert.Equal("Pulumi.dev.yaml", settings.SourceDescription);
    }
}
