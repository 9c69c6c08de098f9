using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Judging;
using Supplychain.Stacks.Pipeline;
using Supplychain.Stacks.Settings;

namespace Supplychain.Stacks.Cli;

/// <summary>
/// <c>policy list</c>: every policy (built-in and the project's custom ones) with its pack, severity, default enforcement,
/// framework controls and settings (JSON Schema and the values a stack runs it at). <c>policy test [DIR]</c>: runs each
/// policy on its PASSED/FAILED fixtures and exits 1 on any mismatch.
/// </summary>
internal static class PolicyCommand
{
    public static Command Create(CliContext context)
    {
        var format = CommonOptions.Format("table", "json");
        var listStack = new Option<string?>("--stack", "-s") { Description = "Show the settings and enforcement this stack runs each policy at (default: the policies' defaults)." };
        var projectDir = CommonOptions.ProjectDir();
        var list = new Command("list", "List every policy of every pack, custom policies included.");
        list.Options.Add(format);
        list.Options.Add(listStack);
        list.Options.Add(projectDir);
        list.SetAction(parse => List(context, parse.GetValue(format)!, parse.GetValue(listStack), parse.GetValue(projectDir)));

        var dir = new Argument<string?>("DIR") { Description = "The fixtures folder: <ID>/…-PASSED.* and <ID>/…-FAILED.* (default: <customPoliciesDir>/tests).", Arity = ArgumentArity.ZeroOrOne };
        var testStack = CommonOptions.Stack("The stack whose config judges fixtures directly under <ID>/ (fixtures under <ID>/<stack>/ use that stack).");
        var testProjectDir = CommonOptions.ProjectDir();
        var test = new Command("test", "Run each policy (built-in or custom) on its fixtures; exit 1 on any mismatch.");
        test.Arguments.Add(dir);
        test.Options.Add(testStack);
        test.Options.Add(testProjectDir);
        test.SetAction(parse => Test(context, parse.GetValue(dir), parse.GetValue(testStack)!, parse.GetValue(testProjectDir)));

        var input = new Option<string>("--input", "-i") { Description = "The resources as JSON ({\"resources\": [{type, name|urn, props}]}); '-' reads stdin.", DefaultValueFactory = _ => "-" };
        var judgeStack = CommonOptions.Stack("The stack whose config, waivers and custom policies judge the resources.");
        var judgeProjectDir = CommonOptions.ProjectDir();
        var judge = new Command("judge", "Judge resources given as JSON (e.g. by a CrossGuard policy pack) and print the findings as JSON; exit 1 on a blocking finding.");
        judge.Options.Add(input);
        judge.Options.Add(judgeStack);
        judge.Options.Add(judgeProjectDir);
        judge.SetAction(parse => Judge(context, parse.GetValue(input)!, parse.GetValue(judgeStack)!, parse.GetValue(judgeProjectDir)));

        var command = new Command("policy", "Inspect, test and run the policy packs.");
        command.Subcommands.Add(list);
        command.Subcommands.Add(test);
        command.Subcommands.Add(judge);
        return command;
    }

    private static int List(CliContext context, string format, string? stack, string? projectDir)
    {
        var (policies, config) = PoliciesOf(context, stack, projectDir);
        if (format == "json")
        {
            var array = new JsonArray(policies.Policies.Select(p => (JsonNode)new JsonObject
            {
                ["id"] = p.Id,
                ["pack"] = p.Pack,
                ["title"] = p.Title,
                ["severity"] = ReportNames.Of(p.Severity),
                ["enforcement"] = ReportNames.Of(p.DefaultEnforcement),
                ["effectiveEnforcement"] = ReportNames.Of(PolicyEngine.EffectiveEnforcement(p, config)),
                ["frameworks"] = new JsonArray(p.Controls.Select(c => (JsonNode)new JsonObject { ["framework"] = c.Framework, ["control"] = c.Control }).ToArray()),
                ["peerEquivalents"] = new JsonArray(p.PeerEquivalents.Select(e => (JsonNode)JsonValue.Create(e)).ToArray()),
                ["rationale"] = p.Rationale,
                ["remediation"] = p.Remediation,
                ["settingsSchema"] = PolicySetting.SchemaOf(p.Settings),
                ["settings"] = p.EffectiveSettings(config),
            }).ToArray());
            context.Out.WriteLine(array.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return Entry.Success;
        }
        var table = new Table().Border(TableBorder.Rounded).Title($"{policies.Policies.Count} policies");
        foreach (var c in new[] { "Id", "Pack", "Title", "Severity", "Enforcement", "Frameworks" }) table.AddColumn(c);
        foreach (var p in policies.Policies)
            table.AddRow(p.Id, p.Pack, Markup.Escape(p.Title), ReportNames.Of(p.Severity), ReportNames.Of(PolicyEngine.EffectiveEnforcement(p, config)),
                Markup.Escape(string.Join("; ", p.Controls.Select(c => c.ToString()))));
        context.Console().Write(table);
        return Entry.Success;
    }

    /// <summary>The built-ins, plus the project's custom policies when a project is found; with a stack, its settings.</summary>
    private static (PolicySet Policies, PolicyConfig Config) PoliciesOf(CliContext context, string? stack, string? projectDir)
    {
        string project;
        try { project = context.ProjectDirectory(projectDir); }
        catch (ConfigurationException) when (stack is null && projectDir is null) { return (PolicySet.BuiltIn, PolicyConfig.Default); }
        var config = stack is null ? PolicyConfig.Default : StackSettingsReader.Read(ConfigSource.FromStackFile(project, stack, context.FileSystem)).Policy;
        return (new PolicyInputs(project, context.FileSystem).Policies(config), config);
    }

    private static int Test(CliContext context, string? dir, string stack, string? projectDir)
    {
        var project = context.ProjectDirectory(projectDir);
        var fixtures = dir is not null ? Path.GetFullPath(dir, context.WorkingDirectory)
            : Path.Combine(project, StackSettingsReader.Read(ConfigSource.FromStackFile(project, stack, context.FileSystem)).Policy.CustomPoliciesDirectory, "tests");
        if (!Directory.Exists(fixtures)) throw new InputException($"policy test: fixtures folder '{dir ?? fixtures}' does not exist");

        var results = new PolicyFixtureRunner(project, context.FileSystem, context.Clock).Run(fixtures, stack);
        foreach (var r in results)
        {
            var expected = r.ExpectedToFail ? "FAILED" : "PASSED";
            var detail = r.Error ?? $"expected {expected}, {r.Findings} finding(s)";
            context.Out.WriteLine($"{(r.Passed ? "ok  " : "FAIL")} {r.PolicyId} {r.File}: {detail}");
        }
        var failed = results.Count(r => !r.Passed);
        context.Out.WriteLine($"{results.Count} fixture(s), {results.Count - failed} ok, {failed} failed");
        if (results.Count == 0) throw new InputException($"policy test: no <ID>/…-PASSED.* or …-FAILED.* fixtures under '{dir ?? fixtures}'");
        return failed == 0 ? Entry.Success : Entry.PolicyFailure;
    }

    private static int Judge(CliContext context, string input, string stack, string? projectDir)
    {
        var project = context.ProjectDirectory(projectDir);
        string json;
        try { json = input == "-" ? Console.In.ReadToEnd() : context.FileSystem.ReadAllText(Path.GetFullPath(input, context.WorkingDirectory)); }
        catch (IOException e) { throw new InputException($"--input: cannot read '{input}' ({e.Message})"); }
        Policies.Judging.Judgement judged;
        try { judged = new ResourceJudgePipeline(project, context.FileSystem, context.Clock).Run(json, input == "-" ? "stdin" : input, stack); }
        catch (FormatException e) { throw new InputException(e.Message); }

        var report = judged.Report;
        var findings = new JsonArray(report.Findings.Select(f => (JsonNode)new JsonObject
        {
            ["policyId"] = f.PolicyId,
            ["pack"] = f.Pack,
            ["severity"] = ReportNames.Of(f.Severity),
            ["enforcement"] = ReportNames.Of(f.Enforcement),
            ["resource"] = f.Resource,
            ["urn"] = f.Resource is null ? null : judged.View.Find(f.Resource)?.Urn,
            ["propertyPath"] = f.PropertyPath,
            ["message"] = f.Message,
            ["remediation"] = f.Remediation,
            ["waived"] = f.IsWaived,
            ["blocking"] = f.IsBlocking,
        }).ToArray());
        var output = new JsonObject
        {
            ["tool"] = new JsonObject
            {
                ["name"] = report.Provenance?.ToolName,
                ["version"] = report.Provenance?.ToolVersion,
                ["policySetDigest"] = report.Provenance?.PolicySetDigest,
            },
            ["stack"] = report.Stack.Name,
            ["blocking"] = report.BlockingCount,
            ["findings"] = findings,
        };
        context.Out.WriteLine(output.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return report.Passed ? Entry.Success : Entry.PolicyFailure;
    }
}
