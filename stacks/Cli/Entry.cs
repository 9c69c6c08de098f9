using System.CommandLine;
using Supplychain.Stacks.Settings;

namespace Supplychain.Stacks.Cli;

/// <summary>
/// The command line. Verbs are thin: parse, call the pipeline, render. Exit codes: 0 success, 1 a mandatory
/// policy violation, 2 bad input (configuration, arguments, unreadable or unwritable files, numbers out of range) with nothing
/// on stdout, 3 an internal error (a bug; no stack trace unless SUPPLYCHAIN_DEBUG=1).
/// </summary>
internal static class Entry
{
    public const int Success = 0;
    public const int PolicyFailure = 1;
    public const int InputError = 2;
    public const int InternalError = 3;

    public static int Run(string[] args) => Run(args, CliContext.Process());

    public static int Run(string[] args, CliContext context) => Run(args, context, Build);

    /// <summary>Runs <paramref name="args"/> against the command line <paramref name="build"/> makes (the full CLI, or the compiler's synth alone).</summary>
    public static int Run(string[] args, CliContext context, Func<CliContext, Command> build)
    {
        // stdout is held until the verb has finished: a verb that fails (exit 2, or an unexpected error) prints nothing
        // there, so a failed write is never preceded by a printed success and the compiler never emits half a program.
        var stdout = new StringWriter { NewLine = context.Out.NewLine };
        var code = RunBuffered(args, context with { Out = stdout }, build);
        if (code is Success or PolicyFailure)
        {
            context.Out.Write(stdout.GetStringBuilder()); // chunk by chunk: a fleet's program is not copied into one more string
            context.Out.Flush();
        }
        return code;
    }

    private static int RunBuffered(string[] args, CliContext context, Func<CliContext, Command> build)
    {
        var root = build(context);
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
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            // .NET's message names the path ("Could not find a part of the path '/x/y'", "Access to the path '/x' is denied.").
            context.Error.WriteLine($"supplychain: cannot read or write a file: {e.Message}");
            return Debug(context, e, InputError);
        }
        catch (OverflowException e)
        {
            context.Error.WriteLine($"supplychain: a number in the input is too large to compute with ({e.Message})");
            return Debug(context, e, InputError);
        }
        catch (Exception e)
        {
            // A bug, not bad input: still no stack trace unless asked for, and a distinct exit code.
            context.Error.WriteLine($"supplychain: internal error ({e.GetType().Name}): {e.Message}");
            context.Error.WriteLine($"supplychain: please report it; set {DebugVariable}=1 to print the stack trace");
            return Debug(context, e, InternalError);
        }
    }

    /// <summary>Set to 1 to print the stack trace of an error (for bug reports).</summary>
    public const string DebugVariable = "SUPPLYCHAIN_DEBUG";

    private static int Debug(CliContext context, Exception e, int code)
    {
        if (context.Environment.GetVariable(DebugVariable) == "1") context.Error.WriteLine(e.ToString());
        return code;
    }

    public static Command Build(CliContext context)
    {
        var root = Root();
        root.Subcommands.Add(SynthCommand.Create(context));
        root.Subcommands.Add(PreviewCommand.Create(context));
        root.Subcommands.Add(CostCommand.Create(context));
        root.Subcommands.Add(PolicyCommand.Create(context));
        root.Subcommands.Add(PulumiConfigCommand.Create(context));
        root.Subcommands.Add(AuditCommand.Create(context));
        root.Subcommands.Add(DiffCommand.Create(context));
        root.Subcommands.Add(AffectedCommand.Create(context));
        root.Subcommands.Add(EvaluateCommand.Create(context));
        root.Subcommands.Add(DriftCommand.Create(context));
        return root;
    }

    /// <summary>
    /// The command line of the native build (compiler/, what bin/synth and bin/audit run): <c>synth</c>, which Pulumi runs
    /// on every preview, and <c>audit</c>, which reads engine output of any size; nothing else (ML.NET evaluation, the
    /// report-only verbs) is reachable and compiled ahead of time. Same name, errors and exit codes as the full CLI.
    /// </summary>
    public static Command BuildCompiler(CliContext context)
    {
        var root = Root();
        root.Subcommands.Add(SynthCommand.Create(context));
        root.Subcommands.Add(AuditCommand.Create(context));
        return root;
    }

    private static Command Root()
    {
        // Named explicitly: a RootCommand takes the host's name, which is "dotnet" or "testhost" depending on how it runs.
        var root = new Command("supplychain",
            "supplychain: the ML and software supply chain as code. Synthesizes a Pulumi YAML program per stack and enforces the lineage, cost and compliance policy packs on it.");
        root.Options.Add(new System.CommandLine.Help.HelpOption());
        root.Options.Add(new VersionOption());
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
