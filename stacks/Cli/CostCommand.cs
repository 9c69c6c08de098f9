using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Supplychain.Stacks.Pipeline;
using Supplychain.Stacks.Rendering;
using Supplychain.Stacks.Settings;

namespace Supplychain.Stacks.Cli;

/// <summary><c>cost</c>: the stack's monthly estimate by component, team and item, with its assumptions.</summary>
internal static class CostCommand
{
    public static Command Create(CliContext context)
    {
        var stack = CommonOptions.Stack();
        var projectDir = CommonOptions.ProjectDir();
        var format = CommonOptions.Format("table", "json");
        var command = new Command("cost", "Print the stack's monthly cost estimate, priced from the dated catalog.");
        foreach (var o in new Option[] { stack, projectDir, format }) command.Options.Add(o);
        command.SetAction(parse => Run(context, parse.GetValue(stack)!, parse.GetValue(projectDir), parse.GetValue(format)!));
        return command;
    }

    private static int Run(CliContext context, string stack, string? projectDirOption, string format)
    {
        var projectDir = context.ProjectDirectory(projectDirOption);
        var settings = StackSettingsReader.Read(ConfigSource.FromStackFile(projectDir, stack, context.FileSystem));
        var outcome = new SynthPipeline(projectDir, context.FileSystem, context.Clock).Run(settings);
        var cost = outcome.Cost;
        // GPU pools no DCGM exporter reports on: their spend cannot be checked against use (COST012).
        var blindPools = Supplychain.Policies.Packs.Cost.GpuPoolsHaveUtilisationTelemetry.PoolsWithoutTelemetry(
            new Supplychain.Policies.View.StackView(settings.Spec.Stack, Supplychain.Policies.View.ProgramViews.From(outcome.Program), settings.Spec, settings.Policy));
        if (format == "json")
        {
            var json = new JsonObject
            {
                ["stack"] = settings.StackName,
                ["catalogDate"] = cost.CatalogDate,
                ["hoursPerMonth"] = cost.HoursPerMonth,
                ["budgetMonthlyUsd"] = settings.Spec.Budget?.MonthlyUsd,
                ["monthlyUsd"] = new JsonObject { ["min"] = cost.MinUsd, ["expected"] = cost.ExpectedUsd, ["max"] = cost.MaxUsd },
                ["byComponent"] = new JsonObject(cost.ExpectedByComponent.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
                ["byTeam"] = new JsonObject(cost.ExpectedByTeam.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
                ["lines"] = new JsonArray(cost.Lines.Select(l => (JsonNode)new JsonObject
                {
                    ["resource"] = l.Resource, ["component"] = l.Component, ["team"] = l.Team, ["item"] = l.Item,
                    ["minUsd"] = l.MinUsd, ["expectedUsd"] = l.ExpectedUsd, ["maxUsd"] = l.MaxUsd, ["basis"] = l.Basis,
                }).ToArray()),
                ["unpriced"] = new JsonArray(cost.Unpriced.Select(u => (JsonNode)new JsonObject { ["resource"] = u.Resource, ["reason"] = u.Reason, ["kind"] = u.Kind.ToString() }).ToArray()),
                ["assumptions"] = new JsonArray(cost.Assumptions.Select(a => (JsonNode)a).ToArray()),
                ["gpuPoolsWithoutUtilisationData"] = new JsonArray(blindPools.Select(p => (JsonNode)p).ToArray()),
            };
            context.Out.WriteLine(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return Entry.Success;
        }
        var console = context.Console();
        foreach (var part in CostTables.Build(cost, settings.Spec.Budget?.MonthlyUsd, topItems: 20)) console.Write(part);
        if (blindPools.Count > 0)
            console.Write(new Spectre.Console.Text($"GPU pools with no utilisation data (no DCGM exporter scraped on their nodes): {string.Join(", ", blindPools)}\n"));
        return Entry.Success;
    }
}
