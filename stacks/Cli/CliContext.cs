using Spectre.Console;
using Supplychain.Stacks.Settings;

namespace Supplychain.Stacks.Cli;

/// <summary>
/// What a verb may touch: the two output streams, the process environment, the file system and the clock.
/// Real ones in production; tests pass writers and doubles, so every verb is testable end to end.
/// </summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error, IEnvironment Environment, IFileSystem FileSystem, TimeProvider Clock, string WorkingDirectory)
{
    public static CliContext Process() => new(System.Console.Out, System.Console.Error, ProcessEnvironment.Instance, PhysicalFileSystem.Instance,
        TimeProvider.System, Directory.GetCurrentDirectory()) { Interactive = !System.Console.IsOutputRedirected };

    /// <summary>True when stdout is a terminal (kept when <see cref="Out"/> is swapped for a buffer).</summary>
    public bool Interactive { get; init; }

    /// <summary>A Spectre console over <see cref="Out"/>; colours only when stdout is a terminal.</summary>
    public IAnsiConsole Console()
    {
        var interactive = Interactive;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Out),
            // Out is a buffer the verb's output waits in (see Entry.Run), so the terminal cannot be detected from it:
            // the process's own stdout decided Interactive.
            Ansi = interactive ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = interactive ? TerminalWidth() : 160;
        return console;
    }

    private static int TerminalWidth()
    {
        try { return System.Console.WindowWidth is > 0 and var w ? w : 160; }
        catch (IOException) { return 160; }
    }

    /// <summary>The Pulumi project directory: the nearest directory upwards holding Pulumi.yaml.</summary>
    public string ProjectDirectory(string? explicitDirectory)
    {
        if (explicitDirectory is not null) return Path.GetFullPath(explicitDirectory, WorkingDirectory);
        for (var dir = WorkingDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
            if (FileSystem.FileExists(Path.Combine(dir, "Pulumi.yaml"))) return dir;
        throw new ConfigurationException("Pulumi.yaml", "", $"no Pulumi.yaml in {WorkingDirectory} or any directory above it; run from the project or pass --project-dir");
    }
}
