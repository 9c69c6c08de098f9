using System.CommandLine;
using Supplychain.Policies.Reports.Diff;
using Supplychain.Stacks.Diff;
using Supplychain.Stacks.Settings;

namespace Supplychain.Stacks.Cli;

/// <summary>
/// <c>diff</c>: the pull-request preview, offline and without cloud credentials. Judges two versions of a stack (a base
/// and a head: project checkouts, synthesized program files, or two stacks of one project) and writes Markdown for a PR
/// comment: resources added / changed / removed, the monthly cost delta, policy findings new / fixed / still open and
/// waiver changes. Gates exit 1 with the reason at the end of the Markdown and on stderr; bad arguments exit 2.
/// </summary>
internal static class DiffCommand
{
    public static Command Create(CliContext context)
    {
        var @base = new Option<string?>("--base") { Description = "The target branch's version: a project directory (a checkout) or a synthesized program YAML file. Default: the project." };
        var head = new Option<string?>("--head") { Description = "The pull request's version: a project directory or a synthesized program YAML file. Default: the project." };
        var stack = CommonOptions.Stack("The stack to compare on both sides (and whose config judges a program file).");
        var baseStack = new Option<string?>("--base-stack") { Description = "The base side's stack, when it differs from --stack (compare two stacks of one project)." };
        var headStack = new Option<string?>("--head-stack") { Description = "The head side's stack, when it differs from --stack." };
        var projectDir = CommonOptions.ProjectDir();
        var baseConfig = new Option<string?>("--base-config") { Description = "When --base is a program file: the checkout whose stack config and waivers judge it (default: the --head checkout, else the project)." };
        var headConfig = new Option<string?>("--head-config") { Description = "When --head is a program file: the checkout whose stack config and waivers judge it (default: the project)." };
        var output = new Option<string?>("--output", "-o") { Description = "Write the Markdown to this file instead of stdout." };
        var failOnCost = new Option<string?>("--fail-on-cost-increase") { Description = "Exit 1 when the stack's maximum monthly cost grows by more than USD (e.g. 100) or a percentage of the base's (e.g. 10%)." };
        var failOnFindings = new Option<string?>("--fail-on-new-findings") { Description = "Exit 1 on any new unwaived policy finding at or above this severity: low | medium | high | critical." };
        var command = new Command("diff",
            "Compare two versions of a stack offline and write a Markdown PR comment: resource, cost, policy finding and waiver deltas. " +
            "Give --base and --head, or --base-stack and --head-stack.");
        foreach (var o in new Option[] { @base, head, stack, baseStack, headStack, projectDir, baseConfig, headConfig, output, failOnCost, failOnFindings })
            command.Options.Add(o);
        command.SetAction(parse => Run(context, new Request(
            parse.GetValue(@base), parse.GetValue(head), parse.GetValue(stack)!, parse.GetValue(baseStack), parse.GetValue(headStack),
            parse.GetValue(projectDir), parse.GetValue(baseConfig), parse.GetValue(headConfig), parse.GetValue(output),
            parse.GetValue(failOnCost), parse.GetValue(failOnFindings))));
        return command;
    }

    private sealed record Request(string? Base, string? Head, string Stack, string? BaseStack, string? HeadStack, string? ProjectDir,
        string? BaseConfig, string? HeadConfig, string? Output, string? FailOnCost, string? FailOnFindings);

    private static int Run(CliContext context, Request r)
    {
        var gates = ParseGates(r);
        if (r.Base is null && r.Head is null && r.BaseStack is null && r.HeadStack is null)
            throw new InputException("diff: give --base and --head (directories or program files), or --base-stack and --head-stack");

        string? project = null;
        string Project() => project ??= context.ProjectDirectory(r.ProjectDir);
        // A program file is judged with the stack config of the head checkout, else of the project.
        string? ConfigProject()
        {
            var headPath = r.Head is null ? null : Path.GetFullPath(r.Head, context.WorkingDirectory);
            if (headPath is not null && Directory.Exists(headPath)) return headPath;
            try { return Project(); }
            catch (ConfigurationException) { return null; }
        }

        var loader = new DiffSideLoader(context.FileSystem, context.Clock, context.WorkingDirectory, ConfigProject);
        DiffSide baseSide, headSide;
        try
        {
            baseSide = loader.Load(new DiffSideSource("--base", r.Base ?? Project(), r.BaseStack ?? r.Stack, r.BaseConfig));
            headSide = loader.Load(new DiffSideSource("--head", r.Head ?? Project(), r.HeadStack ?? r.Stack, r.HeadConfig));
        }
        catch (DiffInputException e) { throw new InputException(e.Message); }
        var diff = StackDiff.Compute(baseSide, headSide, DateOnly.FromDateTime(context.Clock.GetUtcNow().UtcDateTime));
        var failures = gates.Check(diff);
        var markdown = DiffMarkdown.Write(diff, failures, gates);

        if (r.Output is null) context.Out.Write(markdown);
        else
        {
            var path = OutputFiles.WriteFile(context, "--output", r.Output, markdown);
            context.Error.WriteLine($"supplychain: diff written to {Path.GetRelativePath(context.WorkingDirectory, path)}");
        }
        foreach (var reason in failures) context.Error.WriteLine($"supplychain: gate failed: {reason}");
        return failures.Count == 0 ? Entry.Success : Entry.PolicyFailure;
    }

    private static DiffGates ParseGates(Request r)
    {
        CostGate? cost = null;
        FindingGate? findings = null;
        if (r.FailOnCost is not null && (cost = CostGate.Parse(r.FailOnCost, out var costError)) is null)
            throw new InputException($"--fail-on-cost-increase: {costError}");
        if (r.FailOnFindings is not null && (findings = FindingGate.Parse(r.FailOnFindings, out var findingError)) is null)
            throw new InputException($"--fail-on-new-findings: {findingError}");
        return new DiffGates(cost, findings);
    }
}
