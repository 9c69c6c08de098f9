using System.CommandLine;
using Supplychain.Stacks.Settings;

namespace Supplychain.Stacks.Cli;

/// <summary>
/// The command line. Verbs are thin: parse, call the pipeline, render. Exit codes: 0 success, 1 a mandatory
/// policy violation, 2 bad input (configuration, arguments or unreadable files) with nothing on stdout.
/// </summary>
internal static class Entry
{
    public const int Success = 0;
    public const int PolicyFailure = 1;
    public const int InputError = 2;

    public static int Run(string[] args) => Run(args, CliContext.Process());

    public static int Run(string[] args, CliContext context)
    {
        var root = Build(context);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) context.Error.WriteLine($"supplychain: {e.Message}");
            context.Error.WriteLine("Run 'supplychain --help' for usage.");
            return InputError;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false });
        }
        catch (ConfigurationException e)
        {
            context.Error.WriteLine("supplychain: configuration error");
            foreach (var error in e.Errors) context.Error.WriteLine("  " + error);
            return InputError;
        }
        catch (InputException e)
        {
            context.Error.WriteLine($"supplychain: {e.Message}");
            return InputError;
        }
    }

    public static Command Build(CliContext context)
    {
        // Named explicitly: a RootCommand takes the host's name, which is "dotnet" or "testhost" depending on how it runs.
        var root = new Command("supplychain",
            "supplychain: the ML and software supply chain as code. Synthesizes a Pulumi YAML program per stack and enforces the lineage, cost and compliance policy packs on it.");
        root.Options.Add(new System.CommandLine.Help.HelpOption());
        root.Options.Add(new VersionOption());
        root.Subcommands.Add(SynthCommand.Create(context));
        root.Subcommands.Add(PreviewCommand.Create(context));
        root.Subcommands.Add(CostCommand.Create(context));
        root.Subcommands.Add(PolicyCommand.Create(context));
        root.Subcommands.Add(PulumiConfigCommand.Create(context));
        root.Subcommands.Add(AuditCommand.Create(context));
        root.Subcommands.Add(DiffCommand.Create(context));
        root.Subcommands.Add(EvaluateCommand.Create(context));
        root.Subcommands.Add(DriftCommand.Create(context));
        return root;
    }
}

/// <summary>Bad input that is not stack configuration (a file that cannot be read, an unusable option value): exit 2.</summary>
internal sealed class InputException(string message) : Exception(message);

/// <summary>Options several verbs share.</summary>
internal static class CommonOptions
{
    public static Option<string> Stack(string description = "The stack to use (reads Pulumi.yaml and Pulumi.<stack>.yaml, as Pulumi would).") =>
        new("--stack", "-s") { Description = description, DefaultValueFactory = _ => "dev" };

    public static Option<string?> ProjectDir() =>
        new("--project-dir") { Description = "The Pulumi project directory (default: the nearest directory upwards holding Pulumi.yaml)." };

    public static Option<string> Format(params string[] allowed)
    {
        var o = new Option<string>("--format", "-f") { Description = $"Output format: {string.Join(" | ", allowed)}.", DefaultValueFactory = _ => allowed[0] };
        o.AcceptOnlyFromAmong(allowed);
        return o;
    }
}
