namespace Supplychain.Tests.Diff;

/// <summary>A side that is engine output, not a program, is refused (exit 2) instead of compared as an empty program.</summary>
public sealed class DiffInputShapeTests
{
    [Theory]
    [InlineData("dev-preview.json", "pulumi preview --json")]
    [InlineData("dev-state.json", "pulumi stack export")]
    public void Should_Refuse_Engine_Output_Given_As_A_Base_Program(string fixture, string named)
    {
        // Given engine output where a synthesized program is expected
        using var h = new DiffHarness();
        var file = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Engine", fixture);

        // When diffed against the head checkout
        var result = h.Run("diff", "--base", file, "--head", h.Head);

        // Then exit 2, naming the option, the file and what it is; nothing on stdout
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Contains("--base", result.Error, StringComparison.Ordinal);
        Assert.Contains(fixture, result.Error, StringComparison.Ordinal);
        Assert.Contains(named, result.Error, StringComparison.Ordinal);
    }
}
