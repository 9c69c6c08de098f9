namespace Supplychain.Stacks.Settings;

/// <summary>The process environment, behind a seam so tests can supply <c>PULUMI_*</c> variables.</summary>
public interface IEnvironment
{
    string? GetVariable(string name);
}

/// <summary>The few file-system operations settings need, behind a seam so tests can supply stack files.</summary>
public interface IFileSystem
{
    bool FileExists(string path);
    string ReadAllText(string path);

    /// <summary>File names (not paths) in <paramref name="directory"/> matching <paramref name="pattern"/>; empty when the directory does not exist.</summary>
    IEnumerable<string> ListFileNames(string directory, string pattern);

    /// <summary>Names (not paths) of the directories in <paramref name="directory"/>; empty when it does not exist.</summary>
    IEnumerable<string> ListDirectoryNames(string directory);

    bool DirectoryExists(string path);
}

public sealed class ProcessEnvironment : IEnvironment
{
    public static ProcessEnvironment Instance { get; } = new();

    public string? GetVariable(string name) => Environment.GetEnvironmentVariable(name);
}

public sealed class PhysicalFileSystem : IFileSystem
{
    public static PhysicalFileSystem Instance { get; } = new();

    public bool FileExists(string path) => File.Exists(path);

    public string ReadAllText(string path) => File.ReadAllText(path);

    public IEnumerable<string> ListFileNames(string directory, string pattern) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, pattern, SearchOption.TopDirectoryOnly).Select(Path.GetFileName).OfType<string>()
            : [];

    public IEnumerable<string> ListDirectoryNames(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateDirectories(directory).Select(Path.GetFileName).OfType<string>()
            : [];

    public bool DirectoryExists(string path) => Directory.Exists(path);
}
