using Supplychain.Components.Domain;
using Supplychain.Policies.Cost.Catalog;
using Supplychain.Policies.Engine;
using static Supplychain.Policies.Cost.ViewValues;

namespace Supplychain.Policies.Cost;

/// <summary>Knobs of the estimate that no resource property states.</summary>
/// <param name="ObjectStorageGbPerBucket">Data assumed stored in each bucket / storage account (GB); a bucket's size is not declared anywhere.</param>
/// <param name="RegistryStorageGbPerRepository">Image data assumed in each ECR repository (GB).</param>
/// <param name="LocalDaemonSetNodes">Nodes a DaemonSet is assumed to run on in a local cluster (the program cannot see the cluster's nodes).</param>
public sealed record CostModelOptions(decimal ObjectStorageGbPerBucket = 100m, decimal RegistryStorageGbPerRepository = 10m, int LocalDaemonSetNodes = 1)
{
    public static CostModelOptions Default { get; } = new();
}

/// <summary>
/// Estimates a stack's monthly cost from its resource views and the dated price catalog.
/// <list type="bullet">
/// <item><c>local</c>: no cloud bill, so workloads' Kubernetes requests (CPU, memory, GPU, volumes) are priced at
/// per-unit rates, the OpenCost approach;</item>
/// <item><c>aws</c> / <c>azure</c>: cloud resources are priced by type (node groups, control planes, databases, caches,
/// storage, NAT, load balancers, registries) at on-demand list prices; workloads run on the priced nodes and are not
/// priced again.</item>
/// </list>
/// Anything that cannot be priced is listed in <see cref="MonthlyCostEstimate.Unpriced"/>, never counted as $0.
/// </summary>
public static partial class CostModel
{
    public static MonthlyCostEstimate Estimate(
        IReadOnlyList<ResourceView> resources,
        StackContext stack,
        SupplyChainSpec? spec,
        PriceCatalog catalog,
        KubernetesRates? rates,
        CostModelOptions? options = null)
    {
        var e = new EstimateBuilder(catalog, options ?? CostModelOptions.Default);
        e.Assume($"Monthly figures use {Format(catalog.HoursPerMonth)} hours per month, priced from the catalog dated {catalog.Date}.");
        switch (stack.Target)
        {
            case DeploymentTarget.Local: PriceLocal(e, resources, spec, rates ?? catalog.DefaultKubernetesRates, rates is null); break;
            case DeploymentTarget.Aws: PriceCloud(e, resources, "aws", spec?.Aws?.Region); break;
            case DeploymentTarget.Azure: PriceCloud(e, resources, "azure", spec?.Azure?.Location); break;
            default: throw new ArgumentOutOfRangeException(nameof(stack), stack.Target, "unknown deployment target");
        }
        return e.Build();
    }

    /// <summary>Collects lines, assumptions (in first-said order, once each) and unpriced items.</summary>
    internal sealed class EstimateBuilder(PriceCatalog catalog, CostModelOptions options)
    {
        private readonly List<CostLine> _lines = [];
        private readonly List<string> _assumptions = [];
        private readonly List<UnpricedItem> _unpriced = [];

        public PriceCatalog Catalog { get; } = catalog;
        public CostModelOptions Options { get; } = options;
        public decimal Hours => Catalog.HoursPerMonth;

        /// <summary>The cloud region being priced (from the program); null when the program does not state one.</summary>
        public string? Region { get; set; }

        /// <summary>The region lookups use: an unknown region matches no catalog entry.</summary>
        public string PriceRegion => Region ?? "(unknown region)";

        public void Assume(string sentence)
        {
            if (!_assumptions.Contains(sentence)) _assumptions.Add(sentence);
        }

        /// <summary>A line above this (USD a month) comes from a quantity, count or rate out of any real range; it is listed as unpriced.</summary>
        public const decimal MaxLineUsd = 1e15m;

        public void Line(ResourceView r, string? team, string item, decimal min, decimal expected, decimal max, string basis)
        {
            if (Math.Abs(min) > MaxLineUsd || Math.Abs(expected) > MaxLineUsd || Math.Abs(max) > MaxLineUsd)
            {
                Unpriced(r.Name, $"{item}: priced above {MaxLineUsd:0} USD a month ({basis}); a quantity, count or rate is out of range", UnpricedKind.NotInCatalog);
                return;
            }
            _lines.Add(new CostLine(r.Name, r.Component, team is null ? null : Shared(team), Shared(item), min, expected, max, Shared(basis)));
        }

        /// <summary>
        /// Lines repeat a few texts (a 1 GB preview's 70,182 lines name 56 items and 4 bases, each text made anew per line):
        /// one instance of each is held, up to <see cref="SharedTexts"/> distinct ones.
        /// </summary>
        private string Shared(string text)
        {
            if (_texts.TryGetValue(text, out var shared)) return shared;
            if (_texts.Count < SharedTexts) _texts.Add(text, text);
            return text;
        }

        private const int SharedTexts = 4096;
        private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

        /// <summary>Prices one resource; arithmetic that overflows (absurd counts or sizes in audited engine output) makes it unpriced, not a crash.</summary>
        public void Price(ResourceView r, Action price)
        {
            try { price(); }
            catch (OverflowException)
            {
                Unpriced(r.Name, "its quantities, counts or rates are too large to price (the arithmetic overflows)", UnpricedKind.NotInCatalog);
            }
        }

        /// <summary>A fixed monthly amount (same at every bound).</summary>
        public void Fixed(ResourceView r, string? team, string item, decimal monthly, string basis) => Line(r, team, item, monthly, monthly, monthly, basis);

        public void Unpriced(string resource, string reason, UnpricedKind kind) => _unpriced.Add(new UnpricedItem(resource, reason, kind));

        public MonthlyCostEstimate Build() => new(Catalog.Date, Hours, _lines, _assumptions, _unpriced);
    }
}
