using Supplychain.Components.Yaml;
using Supplychain.Policies.Cost.Catalog;
using Supplychain.Policies.Judging;
using Supplychain.Policies.Reports.Diff;
using Supplychain.Policies.View;
using Supplychain.Stacks.Pipeline;
using Supplychain.Stacks.Settings;

namespace Supplychain.Stacks.Diff;

/// <summary>Where one side of a diff comes from.</summary>
/// <param name="Option">The option that named it (<c>--base</c>), for error messages.</param>
/// <param name="Path">A project directory (synthesized with its own stack config) or a synthesized program YAML file.</param>
/// <param name="Stack">The stack to synthesize or whose config judges the file.</param>
/// <param name="ConfigDirectory">For a program file: the checkout whose stack config and waivers judge it (default: the head checkout, else the project).</param>
internal sealed record DiffSideSource(string Option, string Path, string Stack, string? ConfigDirectory);

/// <summary>
/// Judges one side of a diff offline, exactly as <c>preview</c> would: a directory is a project checkout whose stack is
/// synthesized by <see cref="SynthPipeline"/> (policies, remediation and cost included); a file is a synthesized program
/// that is read back and priced and judged with the stack config of <paramref name="configProject"/>. Both sides' programs
/// go through the YAML text, so they are compared in the same representation.
/// </summary>
internal sealed class DiffSideLoader(IFileSystem fileSystem, TimeProvider clock, string workingDirectory, Func<string?> configProject)
{
    public DiffSide Load(DiffSideSource source)
    {
        var full = System.IO.Path.GetFullPath(source.Path, workingDirectory);
        if (Directory.Exists(full)) return FromProject(source, full);
        if (fileSystem.FileExists(full)) return FromProgramFile(source, full);
        throw new DiffInputException($"{source.Option}: '{source.Path}' is neither a project directory nor a program file");
    }

    private DiffSide FromProject(DiffSideSource source, string dir)
    {
        var settings = StackSettingsReader.Read(ConfigSource.FromStackFile(dir, source.Stack, fileSystem));
        var outcome = new SynthPipeline(dir, fileSystem, clock).Run(settings);
        var waivers = new PolicyInputs(dir, fileSystem).Waivers(settings);
        var program = PulumiYamlReader.Read(outcome.Yaml, ConfigSource.StackFileName(source.Stack));
        return new DiffSide($"{Relative(dir)} (stack {settings.StackName})", ProgramViews.From(program), outcome.Report, outcome.Cost, waivers.Waivers);
    }

    private DiffSide FromProgramFile(DiffSideSource source, string file)
    {
        var projectDir = source.ConfigDirectory is { } explicitDir ? System.IO.Path.GetFullPath(explicitDir, workingDirectory) : configProject()
            ?? throw new DiffInputException($"{source.Option}: judging the program file '{source.Path}' needs the stack's config; pass {source.Option}-config DIR, give --head as a project directory, or pass --project-dir");
        if (!Directory.Exists(projectDir)) throw new DiffInputException($"{source.Option}-config: '{source.ConfigDirectory}' is not a directory");
        var settings = StackSettingsReader.Read(ConfigSource.FromStackFile(projectDir, source.Stack, fileSystem));
        Components.Model.PulumiProgram program;
        var text = fileSystem.ReadAllText(file);
        if (EngineOutputKind(text) is { } kind)
            throw new DiffInputException($"{source.Option}: {source.Path} is {kind}, not a synthesized program; diff compares programs or project checkouts (judge engine output with `audit`)");
        try { program = PulumiYamlReader.Read(text, source.Path); }
        catch (FormatException e) { throw new DiffInputException($"{source.Option}: {e.Message}"); }
        catch (InvalidCastException e) { throw new DiffInputException($"{source.Option}: {source.Path} is not a Pulumi YAML program ({e.Message})"); }
        var inputs = new PolicyInputs(projectDir, fileSystem);
        var waivers = inputs.Waivers(settings);
        var spec = settings.Spec;
        var judged = new StackJudge(PriceCatalog.Embedded()).Judge(ProgramViews.From(program), new JudgeRequest(
            spec.Stack, spec, settings.Policy, waivers, inputs.Policies(settings.Policy), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)));
        return new DiffSide($"{Relative(file)} (judged with {ConfigSource.StackFileName(source.Stack)} of {Relative(projectDir)})",
            judged.View.Resources, judged.Report, judged.Cost, waivers.Waivers);
    }

    /// <summary>What a JSON file of the Pulumi engine is (read as YAML it would pass for a program with no resources), else null.</summary>
    private static string? EngineOutputKind(string text)
    {
        if (!text.TrimStart().StartsWith('{')) return null;
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(text);
            if (json.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object) return null;
            var root = json.RootElement;
            if (root.TryGetProperty("steps", out _) || root.TryGetProperty("changeSummary", out _)) return "the output of `pulumi preview --json` (use `audit --preview`)";
            if (root.TryGetProperty("deployment", out _) || root.TryGetProperty("checkpoint", out _)) return "the output of `pulumi stack export` (use `audit --state`)";
            if (!root.TryGetProperty("resources", out _)) return "a JSON document with no top-level 'resources'";
            return null;
        }
        catch (System.Text.Json.JsonException) { return null; }
    }

    private string Relative(string path)
    {
        // Inside the working directory a relative path reads best; outside it, climbing "../../" hides where it is.
        var relative = System.IO.Path.GetRelativePath(workingDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}

/// <summary>A side of a diff that cannot be loaded (bad path, unreadable program): the CLI reports it as bad input (exit 2).</summary>
internal sealed class DiffInputException(string message) : Exception(message);
