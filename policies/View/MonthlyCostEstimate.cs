namespace Supplychain.Policies.View;

/// <summary>
/// The monthly cost of one priced item of one resource, at the autoscaling bounds: minimum nodes,
/// the expected (average) point, and maximum nodes. Fixed-size items have the same three figures.
/// </summary>
/// <param name="Resource">Logical resource name.</param>
/// <param name="Component">Top-level component (mlflow, models, gpu-pools...).</param>
/// <param name="Team">Owning team when the resource belongs to one (model serving, team quotas), else null.</param>
/// <param name="Item">What is priced, e.g. "g5.2xlarge × 2 nodes (spot)" or "cpu 0.5 core × 2 replicas".</param>
/// <param name="Basis">The catalog entry or rate used, e.g. "aws us-east-1 g5.2xlarge 1.212 USD/h, spot −65%".</param>
public sealed record CostLine(string Resource, string Component, string? Team, string Item, decimal MinUsd, decimal ExpectedUsd, decimal MaxUsd, string Basis);

/// <summary>A stack's estimated monthly cost, priced from a dated catalog, with the assumptions stated.</summary>
/// <param name="CatalogDate">The date of the price catalog used.</param>
/// <param name="HoursPerMonth">Hours billed per month (730).</param>
/// <param name="Lines">Every priced item.</param>
/// <param name="Assumptions">The assumptions, in plain sentences, printed with every estimate.</param>
/// <param name="Unpriced">Items that could not be priced (e.g. an instance type missing from the catalog): resource, reason and kind.</param>
public sealed record MonthlyCostEstimate(
    string CatalogDate,
    decimal HoursPerMonth,
    IReadOnlyList<CostLine> Lines,
    IReadOnlyList<string> Assumptions,
    IReadOnlyList<UnpricedItem> Unpriced)
{
    public decimal MinUsd => Lines.Sum(l => l.MinUsd);
    public decimal ExpectedUsd => Lines.Sum(l => l.ExpectedUsd);
    public decimal MaxUsd => Lines.Sum(l => l.MaxUsd);

    public IReadOnlyDictionary<string, decimal> ExpectedByComponent =>
        Lines.GroupBy(l => l.Component).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(l => l.ExpectedUsd));

    public IReadOnlyDictionary<string, decimal> ExpectedByTeam =>
        Lines.Where(l => l.Team is not null).GroupBy(l => l.Team!).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(l => l.ExpectedUsd));

    public IReadOnlyDictionary<string, decimal> MaxByComponent =>
        Lines.GroupBy(l => l.Component).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(l => l.MaxUsd));

    /// <summary>Per resource: (min, expected, max), resources in ordinal order.</summary>
    public IReadOnlyDictionary<string, (decimal Min, decimal Expected, decimal Max)> ByResource =>
        Lines.GroupBy(l => l.Resource).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (g.Sum(l => l.MinUsd), g.Sum(l => l.ExpectedUsd), g.Sum(l => l.MaxUsd)));

    /// <summary>The worst case (every pool at its maximum) per team: what a budget must cover.</summary>
    public IReadOnlyDictionary<string, decimal> MaxByTeam =>
        Lines.Where(l => l.Team is not null).GroupBy(l => l.Team!).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(l => l.MaxUsd));
}

/// <summary>Why an item has no price.</summary>
public enum UnpricedKind
{
    /// <summary>The instance type, VM size or SKU is not in the catalog: a catalog gap, never a silent $0.</summary>
    NotInCatalog,
    /// <summary>The value that decides the price (instance type, size) is only known after apply (a reference or secret config).</summary>
    NotKnownUntilApply,
    /// <summary>A Helm chart's workloads set their resources inside the chart, which the program cannot see into.</summary>
    InsideChart,
}

/// <summary>An item the estimate could not price: which resource, why, and what kind of gap it is.</summary>
public sealed record UnpricedItem(string Resource, string Reason, UnpricedKind Kind)
{
    public void Deconstruct(out string resource, out string reason) => (resource, reason) = (Resource, Reason);
}
