using Spectre.Console;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Importers;

namespace Supplychain.Stacks.Rendering;

/// <summary>The audit's own tables: safety signals, and the policy events another pack reported in an engine event log.</summary>
internal static class AuditTables
{
    public static void WriteSafety(IAnsiConsole console, IReadOnlyList<SafetySignal> signals)
    {
        if (signals.Count == 0)
        {
            console.MarkupLine("[green]Safety[/]: no data-holding resource is replaced or deleted, no protection is removed, no engine error, no pending operation.");
            console.WriteLine();
            return;
        }
        console.MarkupLine($"[yellow]Safety signals[/] ({signals.Count}; reported, they do not change the exit code):");
        var (shown, leftOut) = ConsoleRows.Select(signals, s => s.KindName, "safety signals");
        var table = new Table().RoundedBorder().AddColumns("Signal", "Severity", "Resource", "Type", "What");
        foreach (var s in shown)
            table.AddRow(s.KindName, ReportNames.Of(s.Severity), Markup.Escape(s.Resource ?? "(stack)"), Markup.Escape(s.Type ?? ""), Markup.Escape(s.Message));
        console.Write(table);
        if (leftOut is not null) console.MarkupLine($"[dim]{Markup.Escape(leftOut)}[/]");
        console.WriteLine();
    }

    public static void WriteEnginePolicyEvents(IAnsiConsole console, IReadOnlyList<EnginePolicyEvent> events)
    {
        if (events.Count == 0) return;
        console.MarkupLine($"Policy violations another policy pack reported in the event log ({events.Count}; shown, not judged again):");
        var table = new Table().RoundedBorder().AddColumns("Pack", "Policy", "Enforcement", "Resource", "Message");
        foreach (var e in events)
            table.AddRow(Markup.Escape(e.Pack), Markup.Escape(e.Policy), Markup.Escape(e.Enforcement),
                Markup.Escape(e.Urn is null ? "(stack)" : EngineImporter.NameOf(e.Urn)), Markup.Escape(e.Message));
        console.Write(table);
        console.WriteLine();
    }
}
