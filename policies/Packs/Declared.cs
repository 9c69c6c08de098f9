using System.Runtime.CompilerServices;
using Supplychain.Components.Domain;

namespace Supplychain.Policies.Packs;

/// <summary>
/// The declared models and teams of a stack by name, indexed once per spec: policies look one up for every served
/// workload, and a scan per lookup is quadratic in the size of a fleet. Finds the first of a name, as a scan would.
/// </summary>
internal static class Declared
{
    private static readonly ConditionalWeakTable<SupplyChainSpec, Index> Indexes = new();

    public static ModelSpec? Model(SupplyChainSpec spec, string? name) =>
        name is null ? null : IndexOf(spec).Models.GetValueOrDefault(name);

    public static TeamSpec? Team(SupplyChainSpec spec, string? name) =>
        name is null ? null : IndexOf(spec).Teams.GetValueOrDefault(name);

    private static Index IndexOf(SupplyChainSpec spec)
    {
        if (Indexes.TryGetValue(spec, out var index) && index.Matches(spec)) return index;
        index = new Index(spec);
        Indexes.AddOrUpdate(spec, index);
        return index;
    }

    private sealed class Index
    {
        public Index(SupplyChainSpec spec)
        {
            foreach (var m in spec.Models) Models.TryAdd(m.Name, m);
            foreach (var t in spec.Teams) Teams.TryAdd(t.Name, t);
            (modelCount, teamCount) = (spec.Models.Count, spec.Teams.Count);
        }

        private readonly int modelCount;
        private readonly int teamCount;

        public Dictionary<string, ModelSpec> Models { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, TeamSpec> Teams { get; } = new(StringComparer.Ordinal);

        public bool Matches(SupplyChainSpec spec) => spec.Models.Count == modelCount && spec.Teams.Count == teamCount;
    }
}
