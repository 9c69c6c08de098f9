using System.Text.Json.Nodes;
using Moq;
using Supplychain.Stacks.Cli;
using Supplychain.Stacks.Settings;
using YamlDotNet.RepresentationModel;

namespace Supplychain.Tests.CliTests;

/// <summary>
/// Runs the real CLI in-process against a temporary copy of the project (Pulumi.yaml, Pulumi.dev.yaml, the waivers file),
/// with the process environment and clock as doubles, and captures stdout and stderr separately.
/// </summary>
internal sealed class CliHarness : IDisposable
{
    public static readonly DateTimeOffset Today = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public CliHarness()
    {
        ProjectDirectory = Directory.CreateTempSubdirectory("supplychain-cli-").FullName;
        var repo = RepoRoot();
        File.Copy(Path.Combine(repo, "Pulumi.yaml"), Path.Combine(ProjectDirectory, "Pulumi.yaml"));
        File.Copy(Path.Combine(repo, "Pulumi.dev.yaml"), Path.Combine(ProjectDirectory, "Pulumi.dev.yaml"));
        Directory.CreateDirectory(Path.Combine(ProjectDirectory, "policies"));
        File.Copy(Path.Combine(repo, "policies", "waivers.yaml"), Path.Combine(ProjectDirectory, "policies", "waivers.yaml"));
        // The model catalog some example stacks serve from.
        foreach (var file in Directory.EnumerateFiles(Path.Combine(repo, "models"), "*.yaml", SearchOption.AllDirectories))
        {
            var target = Path.Combine(ProjectDirectory, Path.GetRelativePath(repo, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public string ProjectDirectory { get; }
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public static string RepoRoot()
    {
        for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
            if (File.Exists(Path.Combine(dir, "Infra.sln"))) return dir;
        throw new InvalidOperationException("repository root (Infra.sln) not found above the test binaries");
    }

    public (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        var env = new Mock<IEnvironment>();
        env.Setup(e => e.GetVariable(It.IsAny<string>())).Returns((string name) => Environment.GetValueOrDefault(name));
        var clock = new Mock<TimeProvider>();
        clock.Setup(c => c.GetUtcNow()).Returns(Today);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr, env.Object, PhysicalFileSystem.Instance, clock.Object, ProjectDirectory);
        var code = Entry.Run(args, context);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Sets PULUMI_STACK and PULUMI_CONFIG exactly as Pulumi would for the stack file's current content.</summary>
    public void UseCompilerProtocol(string stack = "dev", Action<JsonObject>? edit = null)
    {
        var (code, json, error) = Run("pulumi-config", "--stack", stack);
        Assert.True(code == 0, error);
        var config = JsonNode.Parse(json)!.AsObject();
        edit?.Invoke(config);
        Environment["PULUMI_STACK"] = stack;
        Environment["PULUMI_PROJECT"] = "supplychain";
        Environment["PULUMI_CONFIG"] = config.ToJsonString();
    }

    /// <summary>Edits the stack file's YAML tree (the config map) in place.</summary>
    public void EditStackFile(Action<YamlMappingNode> edit, string stack = "dev")
    {
        var path = Path.Combine(ProjectDirectory, $"Pulumi.{stack}.yaml");
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(path)));
        var config = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["config"];
        edit(config);
        using var writer = new StringWriter();
        yaml.Save(writer, assignAnchors: false);
        File.WriteAllText(path, writer.ToString());
    }

    public static YamlMappingNode Model(YamlMappingNode config, string name) =>
        (YamlMappingNode)((YamlSequenceNode)config["supplychain:models"]).Children.Cast<YamlMappingNode>()
            .First(m => ((YamlScalarNode)m["name"]).Value == name);

    public void WriteWaivers(string yaml) => File.WriteAllText(Path.Combine(ProjectDirectory, "policies", "waivers.yaml"), yaml);

    public void Dispose()
    {
        try { Directory.Delete(ProjectDirectory, recursive: true); } catch (IOException) { }
    }
}
