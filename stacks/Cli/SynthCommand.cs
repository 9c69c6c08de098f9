using System.CommandLine;
using Supplychain.Components.Model;
using Supplychain.Components.Yaml;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Reports;
using Supplychain.Stacks.Pipeline;
using Supplychain.Stacks.Settings;

namespace Supplychain.Stacks.Cli;

/// <summary>
/// <c>synth</c>: the Pulumi YAML compiler. With PULUMI_STACK set (Pulumi's compiler protocol) it reads PULUMI_CONFIG;
/// with --stack it reads the stack file; with neither (Pulumi's plugin discovery) it emits the union of every stack.
/// stdout carries the program and nothing else.
/// </summary>
internal static class SynthCommand
{
    public static Command Create(CliContext context)
    {
        var stack = new Option<string?>("--stack", "-s") { Description = "Synthesize this stack from Pulumi.<stack>.yaml instead of the compiler environment." };
        var projectDir = CommonOptions.ProjectDir();
        var command = new Command("synth", "Print the stack's Pulumi YAML program on stdout (the compiler Pulumi.yaml runs). Exit 1 on a mandatory policy violation, 2 on bad config.");
        command.Options.Add(stack);
        command.Options.Add(projectDir);
        command.SetAction(parse => Run(context, parse.GetValue(stack), parse.GetValue(projectDir)));
        return command;
    }

    private static int Run(CliContext context, string? stackOption, string? projectDirOption)
    {
        var source = ConfigSource.FromCompilerEnvironment(context.Environment);
        var projectDir = context.ProjectDirectory(projectDirOption ?? context.Environment.GetVariable("PULUMI_ROOT_DIRECTORY"));
        if (source is null && stackOption is null) return Union(context, projectDir);

        source ??= ConfigSource.FromStackFile(projectDir, stackOption!, context.FileSystem);
        if (source.RootDirectory is null) source = source.WithRootDirectory(projectDir, context.FileSystem);
        if (context.Environment.GetVariable(ConfigSource.ConfigVariable) is { } config && ConfigSize.Bytes(config) > ConfigSize.WarningBytes)
            context.Error.WriteLine($"supplychain: warning: {ConfigSize.Warning(ConfigSource.ConfigVariable, ConfigSize.Bytes(config))}");
        var settings = StackSettingsReader.Read(source);
        var outcome = new SynthPipeline(projectDir, context.FileSystem, context.Clock).Run(settings);

        foreach (var change in outcome.Remediations)
            context.Error.WriteLine($"supplychain: remediated {change.PolicyId} on {change.Resource}: {change.Change}");
        if (!outcome.Report.Passed)
        {
            // Pulumi shows the compiler's stderr and stops: nothing is created or changed.
            context.Error.Write(BlockingReport.Render(outcome.Report));
            return Entry.PolicyFailure;
        }
        context.Error.WriteLine($"supplychain: {settings.StackName}: {outcome.Program.Resources.Count} resources; {BlockingReport.Summary(outcome.Report)}; " +
                                $"estimated {outcome.Cost.ExpectedUsd:0.00} USD/month (max {outcome.Cost.MaxUsd:0.00})");
        outcome.WriteYaml(context.Out);
        return Entry.Success;
    }

    /// <summary>
    /// Pulumi runs the compiler once without stack variables, only to learn which provider plugins to install.
    /// That must not fail: every stack that reads is synthesized (without policies) and the union is emitted.
    /// </summary>
    private static int Union(CliContext context, string projectDir)
    {
        var programs = new List<(string, PulumiProgram)>();
        foreach (var name in ConfigSource.DiscoverStacks(projectDir, context.FileSystem))
        {
            try
            {
                programs.Add((name, SynthPipeline.Render(StackSettingsReader.Read(ConfigSource.FromStackFile(projectDir, name, context.FileSystem)))));
            }
            catch (Exception e) when (e is ConfigurationException or NotSupportedException or ArgumentException)
            {
                context.Error.WriteLine($"supplychain: plugin discovery skips stack '{name}': {e.Message.Split('\n')[0]}");
            }
        }
        context.Error.WriteLine($"supplychain: plugin discovery: union of {programs.Count} stack(s)");
        context.Out.Write(PulumiYamlWriter.Write(PulumiProgram.Union(programs),
            "Plugin discovery: the union of every stack's resources. Pulumi reads only its resource types."));
        return Entry.Success;
    }
}
