using System.Text.Json;
using System.Text.Json.Nodes;
using Moq;
using Supplychain.Stacks.Settings;

namespace Supplychain.Tests.Settings;

/// <summary>Builds stack config both ways Pulumi passes it (a stack file, the compiler protocol) from one JSON tree.</summary>
internal static class SettingsHarness
{
    public const string ProjectDirectory = "/project";
    public const string ProjectFile = "name: supplychain\nruntime:\n  name: yaml\n";
    public static readonly string Digest = "sha256:" + new string('c', 64);
    public static readonly string Commit = new('4', 40);

    /// <summary>A small, valid config (keys without the project prefix).</summary>
    public static JsonObject Valid() => JsonNode.Parse($$"""
        {
          "target": "local",
          "environment": "dev",
          "owner": "ml-platform",
          "costCenter": "cc-4120",
          "teams": [
            { "name": "fraud", "gpuQuota": 2, "monthlyBudgetUsd": 1200 },
            { "name": "search" }
          ],
          "gpuPools": [
            { "name": "inference", "purpose": "inference", "instanceType": "nvidia-l4", "gpusPerNode": 1, "maxNodes": 2 },
            { "name": "training", "purpose": "training", "instanceType": "nvidia-a100", "gpusPerNode": 4, "maxNodes": 1, "spot": true }
          ],
          "models": [
            {
              "name": "fraud-detector", "team": "fraud", "version": "1.4.2",
              "image": "ghcr.io/acme-ml/fraud-detector:1.4.2",
              "artifact": { "uri": "s3://models/fraud-detector/1.4.2/model.onnx", "digest": "{{Digest}}" },
              "lineage": {
                "datasetDigest": "{{Digest}}", "datasetVersion": "transactions-2026-10-31", "trainingRun": "run-1",
                "codeCommit": "{{Commit}}", "hyperparameters": { "maxDepth": 8 }, "metrics": { "auc": 0.962 },
                "approval": { "status": "approved", "by": "risk-board", "at": "2026-11-02" }
              },
              "serving": { "replicas": 2 }
            },
            {
              "name": "query-ranker", "team": "search", "version": "2.0.1",
              "image": "ghcr.io/acme-ml/query-ranker@{{Digest}}",
              "artifact": { "uri": "s3://models/query-ranker/2.0.1/", "digest": "{{Digest}}" },
              "serving": { "gpus": 1, "gpuPool": "inference" }
            }
          ],
          "budget": { "monthlyUsd": 2500 }
        }
        """)!.AsObject();

    public static JsonNode Model(JsonObject config, int index) => config["models"]![index]!;

    /// <summary>The stack file as a user writes it. JSON is YAML, so the tree is written as the <c>config:</c> map.</summary>
    public static string StackFile(JsonObject config)
    {
        var prefixed = new JsonObject();
        foreach (var (key, value) in config) prefixed["supplychain:" + key] = value?.DeepClone();
        return "config: " + prefixed.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    public static Mock<IFileSystem> FileSystem(IReadOnlyDictionary<string, string> files)
    {
        var fs = new Mock<IFileSystem>(MockBehavior.Strict);
        fs.Setup(f => f.FileExists(It.IsAny<string>()))
            .Returns((string path) => Path.GetDirectoryName(path) == ProjectDirectory && files.ContainsKey(Path.GetFileName(path)));
        fs.Setup(f => f.ReadAllText(It.IsAny<string>())).Returns((string path) => files[Path.GetFileName(path)]);
        fs.Setup(f => f.ListFileNames(ProjectDirectory, "Pulumi.*.yaml")).Returns(files.Keys.ToArray());
        return fs;
    }

    public static ConfigSource YamlSource(string stackFileText, string stack = "dev") =>
        ConfigSource.FromStackFile(ProjectDirectory, stack, FileSystem(new Dictionary<string, string>
        {
            ["Pulumi.yaml"] = ProjectFile,
            [$"Pulumi.{stack}.yaml"] = stackFileText,
        }).Object);

    public static StackSettings ReadYaml(JsonObject config) => StackSettingsReader.Read(YamlSource(StackFile(config)));

    public static StackSettings ReadYaml(string stackFileText) => StackSettingsReader.Read(YamlSource(stackFileText));

    public static Mock<IEnvironment> Environment(IReadOnlyDictionary<string, string> variables)
    {
        var env = new Mock<IEnvironment>(MockBehavior.Strict);
        env.Setup(e => e.GetVariable(It.IsAny<string>())).Returns((string name) => variables.GetValueOrDefault(name));
        return env;
    }

    /// <summary>PULUMI_CONFIG as Pulumi builds it: every value a string; objects and lists as JSON text.</summary>
    public static string PulumiConfig(JsonObject config, params (string Key, string Value)[] extra)
    {
        var result = new JsonObject();
        foreach (var (key, value) in config)
            result["supplychain:" + key] = value switch
            {
                JsonObject or JsonArray => value.ToJsonString(),
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                _ => value?.ToJsonString() ?? "",
            };
        foreach (var (key, value) in extra) result[key] = value;
        return result.ToJsonString();
    }

    public static ConfigSource CompilerSource(string pulumiConfig, string stack = "dev", string? secretKeys = null)
    {
        var variables = new Dictionary<string, string>
        {
            ["PULUMI_STACK"] = stack,
            ["PULUMI_PROJECT"] = "supplychain",
            ["PULUMI_CONFIG"] = pulumiConfig,
        };
        if (secretKeys is not null) variables["PULUMI_CONFIG_SECRET_KEYS"] = secretKeys;
        return ConfigSource.FromCompilerEnvironment(Environment(variables).Object)!;
    }

    public static StackSettings ReadCompiler(JsonObject config) => StackSettingsReader.Read(CompilerSource(PulumiConfig(config)));

    /// <summary>Reads the config from a stack file and returns the configuration error it must raise.</summary>
    public static ConfigurationException YamlError(JsonObject config) =>
        Assert.Throws<ConfigurationException>(() => ReadYaml(config));

    public static ConfigurationException YamlError(string stackFileText) =>
        Assert.Throws<ConfigurationException>(() => ReadYaml(stackFileText));

    /// <summary>The single error the config raises, with its key path.</summary>
    public static ConfigurationError SingleError(JsonObject config) => Assert.Single(YamlError(config).Errors);

    /// <summary>Walks up from the test binaries to the repository root (the folder holding Infra.sln).</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Infra.sln"))) return dir.FullName;
        throw new InvalidOperationException("Infra.sln not found above " + AppContext.BaseDirectory);
    }
}
