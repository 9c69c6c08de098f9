using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Reports.Diff;

/// <summary>
/// How the rules changed between base and head, so a reviewer sees that findings moved because the policy set moved:
/// the policy-set digests, policies added and removed, pack versions and settings or enforcement that differ.
/// </summary>
public sealed record PolicySetDelta(
    string? BaseDigest,
    string? HeadDigest,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> PackChanges,
    IReadOnlyList<string> Retuned)
{
    public bool Changed => BaseDigest != HeadDigest || Added.Count + Removed.Count + PackChanges.Count + Retuned.Count > 0;

    public static PolicySetDelta Compare(PolicyReport @base, PolicyReport head)
    {
        var baseIds = @base.Policies.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var headIds = head.Policies.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var basePacks = (@base.Provenance?.Packs ?? []).ToDictionary(p => p.Pack, p => p.Version, StringComparer.Ordinal);
        var packChanges = (head.Provenance?.Packs ?? [])
            .Where(p => basePacks.GetValueOrDefault(p.Pack) is { } old && old != p.Version)
            .Select(p => $"{p.Pack} {basePacks[p.Pack]} → {p.Version}").ToList();
        var retuned = headIds.Values.Where(h => baseIds.TryGetValue(h.Id, out var b)
                && (b.Enforcement != h.Enforcement || (b.Settings?.ToJsonString() ?? "") != (h.Settings?.ToJsonString() ?? "")))
            .Select(h => h.Id).Order(StringComparer.Ordinal).ToList();
        return new PolicySetDelta(
            @base.Provenance?.PolicySetDigest, head.Provenance?.PolicySetDigest,
            headIds.Keys.Except(baseIds.Keys).Order(StringComparer.Ordinal).ToList(),
            baseIds.Keys.Except(headIds.Keys).Order(StringComparer.Ordinal).ToList(),
            packChanges, retuned);
    }
}
