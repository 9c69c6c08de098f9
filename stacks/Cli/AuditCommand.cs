using System.CommandLine;
using System.Text;
using Spectre.Console;
using Supplychain.Policies.Importers;
using Supplychain.Policies.Reports;
using Supplychain.Stacks.Pipeline;
using Supplychain.Stacks.Rendering;

namespace Supplychain.Stacks.Cli;

/// <summary>
/// <c>audit</c>: judges the real engine's output (<c>pulumi preview --json</c> or <c>pulumi stack export</c>) with the same
/// packs, waivers and cost model as <c>preview</c>, writes the same reports, reports drift of a deployed state from the
/// current config, and can export the evidence package an auditor files. Exit 1 on a mandatory violation, 2 on unreadable input.
/// </summary>
internal static class AuditCommand
{
    public static Command Create(CliContext context)
    {
        var preview = new Option<string?>("--preview") { Description = "A `pulumi preview --json` output (run it with --show-sames for a complete audit) or an engine event log (JSON or JSON lines) to judge." };
        var state = new Option<string?>("--state") { Description = "A `pulumi stack export` file (deployment v3 or v4) or a backend checkpoint to judge and compare with the current config (drift). With --preview: the stack as the update will leave it." };
        var stack = new Option<string?>("--stack", "-s") { Description = "The stack whose config gives the lineage, budgets, policy settings and the program to compare with. Without it, config-level policies are not applicable." };
        var projectDir = CommonOptions.ProjectDir();
        var reportDir = new Option<string?>("--report-dir") { Description = "Also write policy-report.json, .sarif, .junit.xml and .md into this directory." };
        var evidence = new Option<string?>("--evidence") { Description = "Write the evidence package into DIR/<stack>/: policy-report.json, Main.yaml, config-digest.txt, mlbom.cdx.json (needs --stack)." };
        var command = new Command("audit", "Judge what the Pulumi engine wrote (`pulumi preview --json`, `pulumi stack export`, a backend checkpoint, an engine event log; a preview with the export: the stack after the update) with the policy packs and cost model; state the coverage, safety signals and drift of a deployed state. Exit 1 on a mandatory violation, 2 on unreadable input.");
        foreach (var o in new Option[] { preview, state, stack, projectDir, reportDir, evidence }) command.Options.Add(o);
        command.SetAction(parse => Run(context, parse.GetValue(preview), parse.GetValue(state), parse.GetValue(stack), parse.GetValue(projectDir),
            parse.GetValue(reportDir), parse.GetValue(evidence)));
        return command;
    }

    private static int Run(CliContext context, string? previewFile, string? stateFile, string? stack, string? projectDirOption, string? reportDir, string? evidenceDir)
    {
        if (previewFile is null && stateFile is null)
            throw new InputException("audit needs --preview FILE (`pulumi preview --json` or an engine event log), --state FILE (`pulumi stack export` or a backend checkpoint), or both (the stack as the update will leave it)");
        if (evidenceDir is not null && stack is null)
            throw new InputException("--evidence needs --stack: the evidence package holds the stack's synthesized program and config digest");

        // The project directory is needed for a stack's config; without one, waivers are used when a project is found.
        string? projectDir;
        try { projectDir = context.ProjectDirectory(projectDirOption); }
        catch (Settings.ConfigurationException) when (stack is null && projectDirOption is null) { projectDir = null; }

        var previewPath = previewFile is null ? null : Path.GetFullPath(previewFile, context.WorkingDirectory);
        var statePath = stateFile is null ? null : Path.GetFullPath(stateFile, context.WorkingDirectory);
        var pipeline = new AuditPipeline(projectDir, context.FileSystem, context.Clock);
        // One file, no drift, no evidence: judged as it streams, so memory does not grow with the file (null: it needs the batch audit).
        // The checks are kept only for the JUnit report (--report-dir), the one output that lists them.
        var outcome = (previewPath is null) != (statePath is null) && evidenceDir is null
            ? Streamed(pipeline, previewPath is not null ? EngineFormat.Preview : EngineFormat.State, (previewPath ?? statePath)!, stack, keepChecks: reportDir is not null)
            : null;
        EngineImport? preview = null, state = null;
        IReadOnlyList<string> combineNotes = [];
        if (outcome is null)
        {
            preview = previewPath is null ? null : Import(EngineFormat.Preview, previewPath);
            state = statePath is null ? null : Import(EngineFormat.State, statePath);
            EngineImport combined;
            try { combined = preview is not null && state is not null ? PlannedState.Combine(state, preview, out combineNotes) : (preview ?? state)!; }
            catch (EngineImportException e) { throw new InputException($"cannot audit {e.Message}"); }
            outcome = pipeline.Run(combined, stack);
        }
        var import = outcome.Import;
        var console = context.Console();
        var c = import.Counts;
        var input = string.Join(" + ", new[] { previewPath, statePath }.OfType<string>().Select(p => Path.GetRelativePath(context.WorkingDirectory, p)));
        console.MarkupLine($"[bold]Audit of {Markup.Escape(input)}[/] ({Markup.Escape(import.Describe)}{(preview is not null && state is not null ? " with the export: the stack after the update" : "")}): " +
                           $"stack {Markup.Escape(outcome.View.Stack.StackName)}, target {outcome.View.Stack.TargetName}, environment {outcome.View.Stack.EnvironmentName}; {c.Judged} resources judged " +
                           $"({c.Elements} {(import.Format == EngineFormat.Preview ? "steps or events" : "resources")} read; not judged: {c.Components} components, {c.Providers} providers, {c.Stack} stack, {c.Deleted} being deleted, {c.External} read-only)");
        if (import.ManifestVersion is not null || import.ManifestTime is not null)
            console.MarkupLine($"State written by Pulumi {Markup.Escape(import.ManifestVersion ?? "(version unknown)")} at {Markup.Escape(import.ManifestTime ?? "(time unknown)")}.");
        console.MarkupLine(import.Coverage.IsComplete
            ? $"Coverage: {Markup.Escape(import.Coverage.Sentence)}"
            : $"[yellow]Coverage: {Markup.Escape(import.Coverage.Sentence)}[/]");
        foreach (var note in combineNotes.Concat(outcome.Notes)) console.MarkupLine($"[dim]Note:[/] {Markup.Escape(note)}");
        foreach (var error in import.Errors) console.MarkupLine($"[red]Engine error[/]{(error.Urn is null ? "" : $" ({Markup.Escape(error.Urn)})")}: {Markup.Escape(error.Message)}");
        console.WriteLine();
        AuditTables.WriteSafety(console, outcome.Safety);
        AuditTables.WriteEnginePolicyEvents(console, import.PolicyEvents);
        foreach (var part in PolicyTables.Build(outcome.Report, [])) console.Write(part);
        console.WriteLine();
        if (import.Coverage.IsComplete)
            foreach (var part in CostTables.Build(outcome.Cost, outcome.View.Spec?.Budget?.MonthlyUsd)) console.Write(part);
        else
            console.MarkupLine($"[yellow]Cost total: {PartialInput.Reason}[/]: {outcome.Cost.Lines.Count} cost line(s) for the resources in the input; the unchanged ones are not in it.");
        console.WriteLine();
        if (outcome.Drift is { } drift) WriteDrift(console, drift);

        var now = context.Clock.GetUtcNow();
        var provenance = projectDir is not null && stack is not null ? ReportProvenanceReader.Read(projectDir, stack, context.FileSystem) : null;
        var scope = new AuditScope(input, import.Describe, import.Coverage, outcome.NotApplicable, outcome.Safety, import.IsEmpty);
        var inputs = new ReportInputs(outcome.Report, now, outcome.Cost, null, outcome.Drift, provenance, scope);
        if (reportDir is not null)
        {
            var dir = OutputFiles.Directory(context, "--report-dir", reportDir);
            var written = OutputFiles.Guard("--report-dir", reportDir, () => ReportSet.WriteAll(dir, inputs));
            console.MarkupLine($"Reports written: {Markup.Escape(string.Join(", ", written.Select(w => Path.GetRelativePath(context.WorkingDirectory, w))))}");
        }
        if (evidenceDir is not null)
        {
            var dir = OutputFiles.Directory(context, "--evidence", evidenceDir);
            var written = OutputFiles.Guard("--evidence", evidenceDir, () => EvidenceExport.Write(dir, outcome, inputs, previewPath ?? statePath!));
            console.MarkupLine($"Evidence written: {Markup.Escape(string.Join(", ", written.Select(w => Path.GetRelativePath(context.WorkingDirectory, w))))}");
        }

        console.MarkupLine(outcome.Report.Passed
            ? $"[green]PASS[/] {Markup.Escape(BlockingReport.Summary(outcome.Report))}"
            : $"[red]FAIL[/] {Markup.Escape(BlockingReport.Summary(outcome.Report))}");
        return outcome.Report.Passed ? Entry.Success : Entry.PolicyFailure;
    }

    private static AuditOutcome? Streamed(AuditPipeline pipeline, EngineFormat format, string path, string? stack, bool keepChecks)
    {
        try { return pipeline.RunStreaming(format, path, stack, keepChecks: keepChecks); }
        catch (EngineImportException e) { throw new InputException($"cannot read {(format == EngineFormat.Preview ? "--preview" : "--state")} input {e.Message}"); }
    }

    private static EngineImport Import(EngineFormat format, string path)
    {
        try { return EngineImporter.ReadFile(format, path); }
        catch (EngineImportException e) { throw new InputException($"cannot read {(format == EngineFormat.Preview ? "--preview" : "--state")} input {e.Message}"); }
    }

    private static void WriteDrift(IAnsiConsole console, DriftReport drift)
    {
        var added = drift.Of(DriftKind.Added).Count();
        var missing = drift.Of(DriftKind.Missing).Count();
        var changed = drift.Of(DriftKind.Changed).Count();
        if (!drift.HasDrift)
        {
            console.MarkupLine($"[green]No drift[/]: the {drift.Compared} deployed resources match what the current config synthesizes, in every property policies judge.");
            console.WriteLine();
            return;
        }
        console.MarkupLine($"[yellow]Drift[/] from the current config: {added} added, {missing} missing, {changed} changed properties ({drift.Compared} resources compared)");
        var table = new Table().RoundedBorder().AddColumns("Kind", "Resource", "Property", "Deployed", "Synthesized");
        foreach (var i in drift.Items)
            table.AddRow(i.Kind.ToString().ToLowerInvariant(), Markup.Escape(i.Resource), Markup.Escape(i.PropertyPath ?? ""),
                Markup.Escape(i.Deployed ?? (i.Kind == DriftKind.Missing ? "(not deployed)" : "")),
                Markup.Escape(i.Synthesized ?? (i.Kind == DriftKind.Added ? "(not synthesized)" : "")));
        console.Write(table);
        console.WriteLine();
    }
}

/// <summary>The evidence package of one stack: what an auditor files to show what was enforced on what was deployed.</summary>
internal static class EvidenceExport
{
    public const string ConfigDigestFile = "config-digest.txt";
    public const string ProgramFile = "Main.yaml";

    public static IReadOnlyList<string> Write(string directory, AuditOutcome outcome, ReportInputs inputs, string sourcePath)
    {
        var synth = outcome.Synth ?? throw new InvalidOperationException("evidence needs the stack's synthesis");
        var config = outcome.Config ?? throw new InvalidOperationException("evidence needs the stack's config");
        var dir = Path.Combine(directory, outcome.View.Stack.StackName);
        Directory.CreateDirectory(dir);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var configDigest = AuditPipeline.ConfigDigest(config);
        var files = new List<(string Name, string Text)>
        {
            (JsonReport.FileName, JsonReport.Write(inputs)),
            (ProgramFile, synth.Yaml),
            (ConfigDigestFile, configDigest + "\n"),
            (MlBom.FileName, MlBom.Write(outcome.View.Spec!, outcome.View.Resources, inputs.GeneratedAt,
            [
                ("supplychain:policy-report-digest", outcome.Report.Digest),
                ("supplychain:policy-result", outcome.Report.Passed ? "pass" : "fail"),
                ("supplychain:config-digest", configDigest),
                ("supplychain:config-source", config.Name),
                ("supplychain:audited-input", Path.GetFileName(sourcePath)),
                ("supplychain:audited-format", outcome.Import.Shape switch
                {
                    EngineShape.PreviewJson => "pulumi-preview-json",
                    EngineShape.Export => $"pulumi-stack-export-v{outcome.Import.Version}",
                    EngineShape.Checkpoint => $"pulumi-checkpoint-v{outcome.Import.Version}",
                    _ => "pulumi-engine-events",
                }),
                ("supplychain:audit-coverage", outcome.Import.Coverage.KindName),
            ])),
        };
        var written = new List<string>();
        foreach (var (name, text) in files)
        {
            var path = Path.Combine(dir, name);
            File.WriteAllText(path, text, utf8);
            written.Add(path);
        }
        return written;
    }
}
