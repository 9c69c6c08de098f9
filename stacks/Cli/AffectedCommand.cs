using System.CommandLine;
using Supplychain.Stacks.Settings;

namespace Supplychain.Stacks.Cli;

/// <summary>
/// <c>affected</c>: which stacks a set of changed files (e.g. <c>git diff --name-only</c>) can change, so a pull request previews
/// and diffs only those. A stack file affects its stack; a model catalog file affects the stacks that serve from it (the ones
/// listing the model, or serving every model of that catalog); any other file (code, policies, waivers) affects every stack.
/// A stack whose config does not read is listed, so its error shows in the preview.
/// </summary>
internal static class AffectedCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Option<string[]>("--files")
        {
            Description = "Changed files, relative to the project root (as git diff --name-only prints them).",
            AllowMultipleArgumentsPerToken = true,
            Arity = ArgumentArity.ZeroOrMore,
        };
        var projectDir = CommonOptions.ProjectDir();
        var command = new Command("affected", "Print the stacks (one per line) that the changed files can change: a stack file its stack, a catalog file the stacks serving that model, anything else every stack.");
        command.Options.Add(files);
        command.Options.Add(projectDir);
        command.SetAction(parse =>
        {
            var dir = context.ProjectDirectory(parse.GetValue(projectDir));
            foreach (var stack in Affected(dir, parse.GetValue(files) ?? [], context.FileSystem)) context.Out.WriteLine(stack);
            return Entry.Success;
        });
        return command;
    }

    public static IReadOnlyList<string> Affected(string projectDirectory, IReadOnlyList<string> changed, IFileSystem fileSystem)
    {
        var stacks = ConfigSource.DiscoverStacks(projectDirectory, fileSystem);
        var dependencies = stacks.ToDictionary(s => s, s => Dependencies(projectDirectory, s, fileSystem), StringComparer.Ordinal);
        var catalogDirectories = dependencies.Values.SelectMany(d => d?.Directories ?? []).ToHashSet(StringComparer.Ordinal);
        var affected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var raw in changed)
        {
            var file = raw.Replace('\\', '/').TrimStart('.', '/');
            var stackFile = stacks.FirstOrDefault(s => file == ConfigSource.StackFileName(s));
            if (stackFile is not null) { affected.Add(stackFile); continue; }
            if (file.StartsWith("Pulumi.", StringComparison.Ordinal) && file.EndsWith(".yaml", StringComparison.Ordinal) && !file.Contains('/') && file != "Pulumi.yaml")
                continue; // a deleted stack: nothing left to preview
            var directory = catalogDirectories.FirstOrDefault(d => file.StartsWith(d + "/", StringComparison.Ordinal));
            if (directory is null) return stacks; // code, policies, waivers, the project file: every stack may change
            foreach (var (stack, deps) in dependencies)
                if (deps is null || deps.Files.Contains(file) || deps.OpenDirectories.Contains(directory)) affected.Add(stack);
        }
        return affected.ToArray();
    }

    private sealed record StackDependencies(HashSet<string> Files, HashSet<string> OpenDirectories, IEnumerable<string> Directories);

    /// <summary>The catalog files a stack reads; null when its config does not read (then any change may matter to it).</summary>
    private static StackDependencies? Dependencies(string projectDirectory, string stack, IFileSystem fileSystem)
    {
        try
        {
            var settings = StackSettingsReader.Read(ConfigSource.FromStackFile(projectDirectory, stack, fileSystem));
            var files = settings.CatalogFiles.ToHashSet(StringComparer.Ordinal);
            var open = settings.OpenCatalogDirectory is { } d ? new HashSet<string>(StringComparer.Ordinal) { d } : [];
            var directories = files.Select(f => f[..f.LastIndexOf('/', f.LastIndexOf('/') - 1)]).Concat(open).Distinct().ToArray();
            return new StackDependencies(files, open, directories);
        }
        catch (ConfigurationException)
        {
            return null;
        }
    }
}
