using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Supplychain.Policies.Engine;

namespace Supplychain.Stacks.Cli;

/// <summary><c>policy list</c>: every policy with its pack, severity, default enforcement and framework controls.</summary>
internal static class PolicyCommand
{
    public static Command Create(CliContext context)
    {
        var format = CommonOptions.Format("table", "json");
        var list = new Command("list", "List every policy of every pack.");
        list.Options.Add(format);
        list.SetAction(parse => List(context, parse.GetValue(format)!));
        var command = new Command("policy", "Inspect the policy packs.");
        command.Subcommands.Add(list);
        return command;
    }

    private static int List(CliContext context, string format)
    {
        var policies = PolicyRegistry.Load().Policies;
        if (format == "json")
        {
            var array = new JsonArray(policies.Select(p => (JsonNode)new JsonObject
            {
                ["id"] = p.Id,
                ["pack"] = p.Pack,
                ["title"] = p.Title,
                ["severity"] = ReportNames.Of(p.Severity),
                ["enforcement"] = ReportNames.Of(p.DefaultEnforcement),
                ["frameworks"] = new JsonArray(p.Controls.Select(c => (JsonNode)new JsonObject { ["framework"] = c.Framework, ["control"] = c.Control }).ToArray()),
                ["peerEquivalents"] = new JsonArray(p.PeerEquivalents.Select(e => (JsonNode)JsonValue.Create(e)).ToArray()),
                ["rationale"] = p.Rationale,
                ["remediation"] = p.Remediation,
            }).ToArray());
            context.Out.WriteLine(array.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return Entry.Success;
        }
        var table = new Table().Border(TableBorder.Rounded).Title($"{policies.Count} policies");
        foreach (var c in new[] { "Id", "Pack", "Title", "Severity", "Enforcement", "Frameworks" }) table.AddColumn(c);
        foreach (var p in policies)
            table.AddRow(p.Id, p.Pack, Markup.Escape(p.Title), ReportNames.Of(p.Severity), ReportNames.Of(p.DefaultEnforcement),
                Markup.Escape(string.Join("; ", p.Controls.Select(c => c.ToString()))));
        context.Console().Write(table);
        return Entry.Success;
    }
}
