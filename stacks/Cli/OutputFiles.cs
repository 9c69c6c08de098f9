namespace Supplychain.Stacks.Cli;

/// <summary>
/// Files and directories a verb writes because an option named them (<c>--out</c>, <c>--report-dir</c>, <c>--evidence</c>,
/// <c>--output</c>). A path that cannot be used — a file where a directory is expected, a directory where a file is, no
/// permission, a full disk — is bad input: exit 2 naming the option and the path, never a stack trace.
/// </summary>
internal static class OutputFiles
{
    /// <summary>The full path of the directory <paramref name="value"/>, created if missing.</summary>
    public static string Directory(CliContext context, string option, string value)
    {
        var full = Path.GetFullPath(value, context.WorkingDirectory);
        if (File.Exists(full)) throw new InputException($"{option} {value}: is a file; expected a directory (it is created when missing)");
        return Guard(option, value, () => System.IO.Directory.CreateDirectory(full).FullName);
    }

    /// <summary>Writes one file named by an option, creating its directory.</summary>
    public static string WriteFile(CliContext context, string option, string value, string text)
    {
        var full = Path.GetFullPath(value, context.WorkingDirectory);
        if (System.IO.Directory.Exists(full)) throw new InputException($"{option} {value}: is a directory; expected a file path");
        return Guard(option, value, () =>
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text, new System.Text.UTF8Encoding(false));
            return full;
        });
    }

    /// <summary>Runs a write into the place <paramref name="option"/> named, turning an I/O failure into bad input.</summary>
    public static T Guard<T>(string option, string value, Func<T> write)
    {
        try { return write(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new InputException($"{option} {value}: cannot write there: {e.Message}");
        }
    }
}
