using System.Globalization;
using Spectre.Console;
using Supplychain.Policies.Cost;

namespace Supplychain.Stacks.Rendering;

/// <summary>The monthly cost estimate for people: by component and team, the largest items, the assumptions.</summary>
internal static class CostTables
{
    public static string Usd(decimal v) => v.ToString("#,##0.00", CultureInfo.InvariantCulture);

    public static IEnumerable<Spectre.Console.Rendering.IRenderable> Build(MonthlyCostEstimate cost, decimal? budget, int topItems = 10)
    {
        var header = $"Monthly cost estimate (USD, catalog of {cost.CatalogDate}): expected [bold]{Usd(cost.ExpectedUsd)}[/], min {Usd(cost.MinUsd)}, max {Usd(cost.MaxUsd)}";
        if (budget is { } b) header += $"; budget {Usd(b)}" + (cost.MaxUsd > b ? " [red](max exceeds budget)[/]" : " [green](within budget at max)[/]");
        yield return new Markup(header + "\n");

        var byComponent = new Table().Border(TableBorder.Rounded).Title("By component");
        byComponent.AddColumn("Component"); byComponent.AddColumn(new TableColumn("Min").RightAligned());
        byComponent.AddColumn(new TableColumn("Expected").RightAligned()); byComponent.AddColumn(new TableColumn("Max").RightAligned());
        foreach (var g in cost.Lines.GroupBy(l => l.Component).OrderBy(g => g.Key, StringComparer.Ordinal))
            byComponent.AddRow(Markup.Escape(g.Key), Usd(g.Sum(l => l.MinUsd)), Usd(g.Sum(l => l.ExpectedUsd)), Usd(g.Sum(l => l.MaxUsd)));
        yield return byComponent;

        if (cost.Lines.Any(l => l.Team is not null))
        {
            var byTeam = new Table().Border(TableBorder.Rounded).Title("By team");
            byTeam.AddColumn("Team"); byTeam.AddColumn(new TableColumn("Expected").RightAligned()); byTeam.AddColumn(new TableColumn("Max").RightAligned());
            foreach (var g in cost.Lines.Where(l => l.Team is not null).GroupBy(l => l.Team!).OrderBy(g => g.Key, StringComparer.Ordinal))
                byTeam.AddRow(Markup.Escape(g.Key), Usd(g.Sum(l => l.ExpectedUsd)), Usd(g.Sum(l => l.MaxUsd)));
            yield return byTeam;
        }

        var top = new Table().Border(TableBorder.Rounded).Title($"Largest items (top {topItems})");
        top.AddColumn("Resource"); top.AddColumn("Item"); top.AddColumn(new TableColumn("Expected").RightAligned()); top.AddColumn("Basis");
        foreach (var l in cost.Lines.OrderByDescending(l => l.ExpectedUsd).ThenBy(l => l.Resource, StringComparer.Ordinal).Take(topItems))
            top.AddRow(Markup.Escape(l.Resource), Markup.Escape(l.Item), Usd(l.ExpectedUsd), Markup.Escape(l.Basis));
        yield return top;

        if (cost.Unpriced.Count > 0)
            yield return new Markup("[yellow]Not priced:[/]\n" + string.Join("\n", cost.Unpriced.Select(u => $"  - {Markup.Escape(u.Resource)}: {Markup.Escape(u.Reason)}")) + "\n");
        yield return new Markup("[grey]Assumptions:[/]\n" + string.Join("\n", cost.Assumptions.Select(a => "  - " + Markup.Escape(a))) + "\n");
    }
}
