using System.Text.Json.Nodes;
using Moq;
using Supplychain.Stacks.Cli;
using Supplychain.Stacks.Settings;
using YamlDotNet.RepresentationModel;

namespace Supplychain.Tests.CliTests;

/// <summary>
/// No input makes a verb crash: unusable paths, numbers out of range and unexpected errors end with a message naming
/// the path or key, exit 2 (3 for a bug), nothing on stdout and no stack trace (unless SUPPLYCHAIN_DEBUG=1).
/// One test per crash class.
/// </summary>
public sealed class NeverCrashTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private string FileInProject(string name = "a-file.txt")
    {
        var path = Path.Combine(_cli.ProjectDirectory, name);
        File.WriteAllText(path, "not a directory");
        return path;
    }

    private static void AssertCleanInputError((int ExitCode, string Out, string Error) run, params string[] named)
    {
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Error}");
        Assert.Equal("", run.Out);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        foreach (var n in named) Assert.Contains(n, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Exit_2_When_The_Report_Dir_Is_A_File()
    {
        var file = FileInProject();
        AssertCleanInputError(_cli.Run("preview", "--report-dir", file), "--report-dir", file);
    }

    [Fact]
    public void Should_Exit_2_When_The_Out_Dir_Parent_Is_A_File()
    {
        var underFile = Path.Combine(FileInProject(), "out");
        AssertCleanInputError(_cli.Run("preview", "--out", underFile), "--out", underFile);
    }

    [Fact]
    public void Should_Exit_2_When_The_Out_Stack_Folder_Is_A_File()
    {
        // Given out/dev is a file, so out/dev/Main.yaml cannot be written
        var outDir = Path.Combine(_cli.ProjectDirectory, "out");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "dev"), "a file");
        AssertCleanInputError(_cli.Run("preview", "--out", outDir), "--out", Path.Combine(outDir, "dev"));
    }

    [Fact]
    public void Should_Exit_2_When_The_Diff_Output_Is_A_Directory()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_cli.ProjectDirectory, "comment")).FullName;
        AssertCleanInputError(_cli.Run("diff", "--base-stack", "dev", "--head-stack", "dev", "-o", dir), "--output", dir);
    }

    [Fact]
    public void Should_Exit_2_When_The_Evidence_Dir_Is_A_File()
    {
        var preview = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Engine", "dev-preview.json");
        var file = FileInProject();
        AssertCleanInputError(_cli.Run("audit", "--preview", preview, "--stack", "dev", "--evidence", file), "--evidence", file);
    }

    [Fact]
    public void Should_Exit_2_When_The_Audited_File_Is_Missing()
    {
        var missing = Path.Combine(_cli.ProjectDirectory, "no-such-preview.json");
        AssertCleanInputError(_cli.Run("audit", "--preview", missing), missing);
    }

    [Fact]
    public void Should_Exit_2_When_The_Stack_File_Is_A_Directory()
    {
        // Given a folder where Pulumi.staging.yaml is expected (the file exists as a name, but cannot be read)
        Directory.CreateDirectory(Path.Combine(_cli.ProjectDirectory, "Pulumi.staging.yaml"));
        var run = _cli.Run("cost", "--stack", "staging");
        Assert.True(run.ExitCode == 2, run.Error);
        Assert.Equal("", run.Out);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("memory", "9999999999999999999Ei")]
    [InlineData("memory", "65Ti")]
    [InlineData("cpu", "99999999999999999999999999999")]
    [InlineData("cpu", "1025")]
    public void Should_Exit_2_Naming_A_Quantity_Out_Of_Range(string field, string quantity)
    {
        _cli.EditStackFile(c => ((YamlMappingNode)((YamlMappingNode)CliHarness.Model(c, "fraud-detector")["serving"])["resources"])
            .Children[new YamlScalarNode(field)] = new YamlScalarNode(quantity));
        foreach (var verb in new[] { "preview", "cost", "synth" })
            AssertCleanInputError(_cli.Run(verb, "--stack", "dev"), $"supplychain:models[0].serving.resources.{field}");
    }

    [Theory]
    [InlineData("1e26")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("10001")]
    public void Should_Exit_2_Naming_A_Rate_Out_Of_Range(string rate)
    {
        _cli.EditStackFile(c =>
        {
            var policy = (YamlMappingNode)c["supplychain:policy"];
            policy.Children[new YamlScalarNode("kubernetesRates")] = new YamlMappingNode(
                new YamlScalarNode("cpuCoreHourUsd"), new YamlScalarNode(rate),
                new YamlScalarNode("memoryGiBHourUsd"), new YamlScalarNode("0.004"),
                new YamlScalarNode("gpuHourUsd"), new YamlScalarNode("0.9"),
                new YamlScalarNode("storageGbMonthUsd"), new YamlScalarNode("0.1"));
        });
        AssertCleanInputError(_cli.Run("cost", "--stack", "dev"), "supplychain:policy.kubernetesRates.cpuCoreHourUsd");
    }

    [Fact]
    public void Should_Exit_2_With_Nothing_On_Stdout_When_The_Compiler_Config_Overflows()
    {
        // Given the compiler protocol with an overflowing memory quantity
        _cli.UseCompilerProtocol(edit: config =>
        {
            var models = JsonNode.Parse(config["supplychain:models"]!.GetValue<string>())!.AsArray();
            models[0]!["serving"]!["resources"]!["memory"] = "9999999999999999999Ei";
            config["supplychain:models"] = models.ToJsonString();
        });

        // When synth runs, Then exit 2, no program printed
        AssertCleanInputError(_cli.Run("synth"), "memory");
    }

    [Fact]
    public void Should_Price_An_Audited_Preview_With_An_Overflowing_Quantity_As_Unpriced()
    {
        // Given a real preview in which one workload requests an absurd amount of memory
        var preview = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Engine", "dev-preview.json")))!;
        var edited = 0;
        foreach (var step in preview["steps"]!.AsArray())
            if (step?["newState"]?["type"]?.GetValue<string>() is "kubernetes:apps/v1:Deployment" or "kubernetes:apps/v1:StatefulSet"
                && step["newState"]!["inputs"]?["spec"]?["template"]?["spec"]?["containers"] is JsonArray containers && edited == 0)
                foreach (var c in containers)
                    if (c?["resources"]?["requests"] is JsonObject requests) { requests["memory"] = "9999999999999999999Ei"; edited++; }
        Assert.True(edited > 0);
        var file = Path.Combine(_cli.ProjectDirectory, "overflow-preview.json");
        File.WriteAllText(file, preview.ToJsonString());

        // When audited (with the cost pack judging the estimate)
        var run = _cli.Run("audit", "--preview", file, "--stack", "dev");

        // Then no crash: it reports the quantity as not priceable
        Assert.True(run.ExitCode is 0 or 1, run.Error);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        var audit = Supplychain.Tests.Audit.AuditHarness.RunAudit(Supplychain.Policies.Importers.EngineFormat.Preview, file);
        Assert.Contains(audit.Cost.Unpriced, u => u.Reason.Contains("9999999999999999999Ei", StringComparison.Ordinal) && u.Reason.Contains("beyond 10^18", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("100000000000000000000")]
    [InlineData("2147483647")]
    public void Should_Judge_An_Audited_Preview_With_An_Absurd_Replica_Count_Without_Crashing(string replicas)
    {
        // Given a real preview in which one Deployment runs an absurd number of replicas
        var preview = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Engine", "dev-preview.json")))!;
        var step = preview["steps"]!.AsArray().First(s => s?["newState"]?["type"]?.GetValue<string>() == "kubernetes:apps/v1:Deployment")!;
        step["newState"]!["inputs"]!["spec"]!["replicas"] = JsonNode.Parse(replicas);
        var file = Path.Combine(_cli.ProjectDirectory, "replicas-preview.json");
        File.WriteAllText(file, preview.ToJsonString());

        // When audited, Then it is judged (pass or fail), never a crash or stack trace
        var run = _cli.Run("audit", "--preview", file, "--stack", "dev");
        Assert.True(run.ExitCode is 0 or 1, run.Error);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Exit_3_Without_A_Stack_Trace_On_An_Unexpected_Error_Unless_Debugging()
    {
        // Given a file system that fails in a way no verb expects (a bug, not bad input)
        var fs = new Mock<IFileSystem>();
        fs.Setup(f => f.FileExists(It.IsAny<string>())).Throws(new InvalidOperationException("boom"));
        foreach (var debug in new[] { false, true })
        {
            var env = new Mock<IEnvironment>();
            env.Setup(e => e.GetVariable(Entry.DebugVariable)).Returns(debug ? "1" : null);
            var stdout = new StringWriter();
            var stderr = new StringWriter();

            // When a verb runs
            var code = Entry.Run(["cost"], new CliContext(stdout, stderr, env.Object, fs.Object, TimeProvider.System, _cli.ProjectDirectory));

            // Then exit 3, a one-line reason, and the stack trace only when SUPPLYCHAIN_DEBUG=1
            Assert.Equal(Entry.InternalError, code);
            Assert.Equal("", stdout.ToString());
            Assert.Contains("internal error (InvalidOperationException): boom", stderr.ToString(), StringComparison.Ordinal);
            Assert.Equal(debug, stderr.ToString().Contains("   at ", StringComparison.Ordinal));
        }
    }
}
