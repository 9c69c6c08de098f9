using YamlDotNet.RepresentationModel;

namespace Supplychain.Tests.CliTests;

/// <summary>
/// Pulumi passes the whole stack config in one environment variable that Linux caps at 128 KiB: past 100 KiB, `preview`
/// refuses the stack and the compiler warns, both pointing to model catalogs.
/// </summary>
public sealed class ConfigSizeTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>Copies of the dev stack's fraud-detector under new names, enough to pass 100 KiB of PULUMI_CONFIG.</summary>
    private void AddModelCopies(int copies)
    {
        _cli.EditStackFile(config =>
        {
            var models = (YamlSequenceNode)config["supplychain:models"];
            var template = CliHarness.Model(config, "fraud-detector");
            var yaml = new YamlStream(new YamlDocument(template));
            using var writer = new StringWriter();
            yaml.Save(writer, assignAnchors: false);
            for (var i = 0; i < copies; i++)
            {
                var copy = new YamlStream();
                copy.Load(new StringReader(writer.ToString().Replace("fraud-detector", $"fraud-detector-{i}")));
                models.Add(copy.Documents[0].RootNode);
            }
        });
    }

    [Fact]
    public void Should_Refuse_To_Preview_A_Stack_Whose_Config_Passes_100_KiB()
    {
        AddModelCopies(120);

        var (code, stdout, stderr) = _cli.Run("preview", "--stack", "dev");

        Assert.Equal(2, code);
        Assert.Contains("Pulumi.dev.yaml: the stack config is", stderr);
        Assert.Contains("over 100 KiB", stderr);
        Assert.Contains("docs/catalogs.md", stderr);
        Assert.Empty(stdout);
    }

    [Fact]
    public void Should_Warn_On_Stderr_When_The_Compiler_Gets_More_Than_100_KiB_Of_Config()
    {
        AddModelCopies(120);
        _cli.UseCompilerProtocol();

        var (_, _, stderr) = _cli.Run("synth");

        Assert.Contains("supplychain: warning: the stack config is", stderr);
        Assert.Contains("supplychain:catalog", stderr);
    }

    [Fact]
    public void Should_Not_Warn_About_The_Dev_Stack()
    {
        _cli.UseCompilerProtocol();

        var (code, _, stderr) = _cli.Run("synth");

        Assert.Equal(0, code);
        Assert.DoesNotContain("warning", stderr);
    }
}
