namespace Supplychain.Policies.Engine;

/// <summary>
/// A policy pack as data: its name (as reports and enforcement overrides spell it), the prefix its built-in policy ids
/// carry (null for the custom pack, whose ids carry an organisation prefix), its rank in every listing, and its version,
/// bumped when a policy of the pack is added, removed or changes what it accepts.
/// </summary>
public sealed record PolicyPack(string Name, string? IdPrefix, int Order, string Version, string Description);

/// <summary>The packs, declared once: the registry, the stack settings reader and every report take names, prefixes and order from here.</summary>
public static class PolicyPacks
{
    // 1.2.0: lineage LIN014–LIN018 (evaluation evidence); cost COST011–COST012 (warm large GPUs, GPU telemetry); compliance
    // CMP024–CMP049 (depth of the peer scanners) and CMP051–CMP053 (Argo workflows). 1.3.0: compliance CMP054–CMP061 (Kubernetes
    // references resolve, the remaining Checkov Azure checks, chart pods judged through their values).
    public static readonly PolicyPack Lineage = new("lineage", "LIN", 0, "1.2.0", "every served model carries its lineage and meets its release criteria");
    public static readonly PolicyPack Cost = new("cost", "COST", 1, "1.2.0", "budgets, estimates and GPU spending rules");
    public static readonly PolicyPack Compliance = new("compliance", "CMP", 2, "1.3.0", "security and governance controls");
    /// <summary>Policies a platform team declares in YAML (policies/custom/*.yaml); its version is the digest of their files.</summary>
    public static readonly PolicyPack Custom = new("custom", null, 3, "files", "the organisation's own policies, declared in YAML");

    public static readonly IReadOnlyList<PolicyPack> All = [Lineage, Cost, Compliance, Custom];

    /// <summary>The packs whose policies are compiled in.</summary>
    public static readonly IReadOnlyList<PolicyPack> BuiltIn = [Lineage, Cost, Compliance];

    public static IReadOnlyList<string> Names { get; } = All.Select(p => p.Name).ToList();

    public static PolicyPack? Named(string name) => All.FirstOrDefault(p => p.Name == name);

    /// <summary>The built-in pack an id belongs to by its prefix (<c>CMP014</c> → compliance), else the custom pack.</summary>
    public static PolicyPack OfId(string id) =>
        BuiltIn.FirstOrDefault(p => id.StartsWith(p.IdPrefix!, StringComparison.Ordinal) && id.Length == p.IdPrefix!.Length + 3
                                    && id[p.IdPrefix.Length..].All(char.IsAsciiDigit)) ?? Custom;

    /// <summary>The rank of a pack in listings (unknown names last).</summary>
    public static int Rank(string name) => Named(name)?.Order ?? All.Count;
}
