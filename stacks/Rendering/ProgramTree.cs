using Spectre.Console;
using Supplychain.Components.Model;

namespace Supplychain.Stacks.Rendering;

/// <summary>Renders a synthesized program for people: components, then their resources with types.</summary>
internal static class ProgramTree
{
    public static Tree Build(string stack, PulumiProgram program)
    {
        var tree = new Tree($"[bold]{Markup.Escape(stack)}[/] ({program.Resources.Count} resources)");
        foreach (var group in program.Resources.GroupBy(r => r.Component.Component).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var node = tree.AddNode($"[bold blue]{Markup.Escape(group.Key)}[/] ({group.Count()})");
            foreach (var sub in group.GroupBy(r => r.Component.Segments.Count > 2 ? r.Component.Segments[1] : "").OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var parent = sub.Key.Length == 0 ? node : node.AddNode($"[blue]{Markup.Escape(sub.Key)}[/]");
                foreach (var r in sub.OrderBy(r => r.Name, StringComparer.Ordinal))
                    parent.AddNode($"{Markup.Escape(r.Name)} [grey]{Markup.Escape(r.Type)}[/]");
            }
        }
        return tree;
    }

    /// <summary>Resource counts per component and type: the compact view for wide stacks.</summary>
    public static Table Summary(PulumiProgram program)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Resources by component");
        table.AddColumn("Component");
        table.AddColumn(new TableColumn("Resources").RightAligned());
        table.AddColumn("Types");
        foreach (var group in program.Resources.GroupBy(r => r.Component.Component).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var types = group.GroupBy(r => ShortType(r.Type)).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} ×{g.Count()}");
            table.AddRow(Markup.Escape(group.Key), group.Count().ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(string.Join(", ", types)));
        }
        table.AddRow("[bold]total[/]", $"[bold]{program.Resources.Count}[/]", "");
        return table;
    }

    public static string ShortType(string type)
    {
        var parts = type.Split(':');
        return parts.Length >= 3 ? parts[0] + ":" + parts[^1] : type;
    }
}
