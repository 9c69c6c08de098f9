using System.CommandLine;
using Spectre.Console;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Reports;
using Supplychain.Stacks.Pipeline;
using Supplychain.Stacks.Rendering;
using Supplychain.Stacks.Settings;

namespace Supplychain.Stacks.Cli;

/// <summary>
/// <c>preview</c>: the offline main job. Synthesizes a stack, writes the program to <c>out/&lt;stack&gt;/Main.yaml</c>, and prints
/// the components and resources, the policy results and the cost estimate. No cloud, no Pulumi CLI needed.
/// </summary>
internal static class PreviewCommand
{
    public static Command Create(CliContext context)
    {
        var stack = CommonOptions.Stack();
        var projectDir = CommonOptions.ProjectDir();
        var outDir = new Option<string>("--out") { Description = "Where to write <stack>/Main.yaml (default: out).", DefaultValueFactory = _ => "out" };
        var reportDir = new Option<string?>("--report-dir") { Description = "Also write policy-report.json, .sarif, .junit.xml, .md and .html into this directory." };
        var tree = new Option<bool>("--tree") { Description = "Show every resource in a tree instead of counts per component." };
        var command = new Command("preview", "Synthesize a stack offline and show its resources, policy results and monthly cost. Exit 1 on a mandatory policy violation.");
        foreach (var o in new Option[] { stack, projectDir, outDir, reportDir, tree }) command.Options.Add(o);
        command.SetAction(parse => Run(context, parse.GetValue(stack)!, parse.GetValue(projectDir), parse.GetValue(outDir)!, parse.GetValue(reportDir), parse.GetValue(tree)));
        return command;
    }

    private static int Run(CliContext context, string stack, string? projectDirOption, string outDir, string? reportDir, bool tree)
    {
        var projectDir = context.ProjectDirectory(projectDirOption);
        var source = ConfigSource.FromStackFile(projectDir, stack, context.FileSystem);
        // Pulumi would fail to start the compiler with an opaque "argument list too long": refuse first, and say what to do.
        var configBytes = ConfigSize.Bytes(PulumiConfigCommand.ToPulumiConfig(source, skipEncrypted: true));
        if (configBytes > ConfigSize.WarningBytes) throw new InputException($"{source.Name}: {ConfigSize.Warning(ConfigSource.ConfigVariable, configBytes)}");
        var settings = StackSettingsReader.Read(source);
        var outcome = new SynthPipeline(projectDir, context.FileSystem, context.Clock).Run(settings);

        // Every file is written before anything is printed: a path that cannot be written is exit 2 with nothing on stdout.
        OutputFiles.Directory(context, "--out", outDir);
        var programPath = OutputFiles.WriteFile(context, "--out", Path.Combine(outDir, settings.StackName, "Main.yaml"), outcome.Yaml);
        IReadOnlyList<string> reports = [];
        if (reportDir is not null)
        {
            var dir = OutputFiles.Directory(context, "--report-dir", reportDir);
            var inputs = new ReportInputs(outcome.Report, context.Clock.GetUtcNow(), outcome.Cost, outcome.Remediations,
                Provenance: ReportProvenanceReader.Read(projectDir, settings.StackName, context.FileSystem));
            reports = OutputFiles.Guard("--report-dir", reportDir, () => ReportSet.WriteAll(dir, inputs));
        }

        var console = context.Console();
        var spec = settings.Spec;
        console.MarkupLine($"[bold]Stack {Markup.Escape(settings.StackName)}[/]: target {spec.Stack.TargetName}, environment {spec.Stack.EnvironmentName}, " +
                           $"{spec.Teams.Count} teams, {spec.GpuPools.Count} GPU pools, {spec.Models.Count} models (from {Markup.Escape(settings.SourceDescription)})");
        console.Write(tree ? ProgramTree.Build(settings.StackName, outcome.Program) : ProgramTree.Summary(outcome.Program));
        console.WriteLine();
        foreach (var part in PolicyTables.Build(outcome.Report, outcome.Remediations)) console.Write(part);
        console.WriteLine();
        foreach (var part in CostTables.Build(outcome.Cost, spec.Budget?.MonthlyUsd)) console.Write(part);
        console.WriteLine();
        console.MarkupLine($"Program written to [bold]{Markup.Escape(Path.GetRelativePath(context.WorkingDirectory, programPath))}[/]");

        if (reportDir is not null)
            console.MarkupLine($"Reports written: {Markup.Escape(string.Join(", ", reports.Select(w => Path.GetRelativePath(context.WorkingDirectory, w))))}");

        console.MarkupLine(outcome.Report.Passed
            ? $"[green]PASS[/] {Markup.Escape(BlockingReport.Summary(outcome.Report))}"
            : $"[red]FAIL[/] {Markup.Escape(BlockingReport.Summary(outcome.Report))}: `pulumi up` would stop before changing anything.");
        return outcome.Report.Passed ? Entry.Success : Entry.PolicyFailure;
    }
}
