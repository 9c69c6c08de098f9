using Supplychain.Policies.Cost;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Waivers;

namespace Supplychain.Policies.Reports.Diff;

/// <summary>One side of a comparison, judged: its resources, policy report, cost estimate and the waivers declared for it.</summary>
/// <param name="Label">Where it came from, for the heading (<c>main @ Pulumi.dev.yaml</c>, <c>base.yaml</c>).</param>
public sealed record DiffSide(string Label, IReadOnlyList<ResourceView> Resources, PolicyReport Report, MonthlyCostEstimate Cost, IReadOnlyList<Waiver> Waivers);

/// <summary>Monthly figures of one scope (stack, team or resource) on both sides, USD.</summary>
public sealed record CostFigures(decimal BaseExpected, decimal HeadExpected, decimal BaseMax, decimal HeadMax)
{
    public decimal DeltaExpected => HeadExpected - BaseExpected;
    public decimal DeltaMax => HeadMax - BaseMax;
    public bool Moved => DeltaExpected != 0 || DeltaMax != 0;
}

/// <summary>The cost delta: the stack's, per team, and the resources that moved most (largest |Δ expected|, then |Δ max|).</summary>
public sealed record CostDelta(CostFigures Stack, IReadOnlyDictionary<string, CostFigures> ByTeam, IReadOnlyList<KeyValuePair<string, CostFigures>> Movers);

/// <summary>Findings matched across sides by policy id + resource + property (the same identity SARIF fingerprints use, less the message).</summary>
/// <param name="New">Open (unwaived) on head, not on base.</param>
/// <param name="Fixed">Open on base, not on head (fixed, removed with its resource, or now waived).</param>
/// <param name="StillOpen">Open on both sides (the head's finding).</param>
public sealed record FindingDelta(IReadOnlyList<Finding> New, IReadOnlyList<Finding> Fixed, IReadOnlyList<Finding> StillOpen);

/// <summary>Waivers declared on head and not on base (new or renewed), removed, and head's waivers ending within the warning window.</summary>
public sealed record WaiverDelta(IReadOnlyList<Waiver> Added, IReadOnlyList<Waiver> Removed, IReadOnlyList<Waiver> Expiring, int WindowDays);

/// <summary>Everything a pull-request preview says: resource, cost, policy and waiver deltas between base and head.</summary>
public sealed record StackDiff(DiffSide Base, DiffSide Head, IReadOnlyList<ResourceChange> Resources, CostDelta Cost, FindingDelta Findings, WaiverDelta Waivers, DateOnly Today)
{
    public const int ExpiryWindowDays = 30;

    /// <summary>Whether and how the policy set changed between base and head.</summary>
    public PolicySetDelta PolicySet => PolicySetDelta.Compare(Base.Report, Head.Report);
    public const int MoverCount = 5;

    /// <summary>Data the change destroys and protection it takes away (<see cref="Importers.SafetySignals.Between"/>).</summary>
    public IReadOnlyList<Importers.SafetySignal> Safety { get; init; } = [];

    public static StackDiff Compute(DiffSide @base, DiffSide head, DateOnly today) => new(
        @base, head,
        ResourceDiff.Compare(@base.Resources, head.Resources),
        CompareCost(@base.Cost, head.Cost),
        CompareFindings(@base.Report, head.Report),
        CompareWaivers(@base.Waivers, head.Waivers, today),
        today)
    {
        Safety = Importers.SafetySignals.Between(@base.Resources, head.Resources,
            Enum.TryParse<Components.Domain.EnvironmentTier>(head.Report.Stack.Environment, ignoreCase: true, out var tier) ? tier : Components.Domain.EnvironmentTier.Dev),
    };

    public static CostDelta CompareCost(MonthlyCostEstimate @base, MonthlyCostEstimate head)
    {
        var stack = new CostFigures(@base.ExpectedUsd, head.ExpectedUsd, @base.MaxUsd, head.MaxUsd);
        var teams = @base.ExpectedByTeam.Keys.Union(head.ExpectedByTeam.Keys).Order(StringComparer.Ordinal)
            .ToDictionary(t => t, t => new CostFigures(@base.ExpectedByTeam.GetValueOrDefault(t), head.ExpectedByTeam.GetValueOrDefault(t),
                @base.MaxByTeam.GetValueOrDefault(t), head.MaxByTeam.GetValueOrDefault(t)));
        var b = @base.ByResource;
        var h = head.ByResource;
        var movers = b.Keys.Union(h.Keys)
            .Select(r => new KeyValuePair<string, CostFigures>(r, new CostFigures(
                b.TryGetValue(r, out var x) ? x.Expected : 0, h.TryGetValue(r, out var y) ? y.Expected : 0, x.Max, y.Max)))
            .Where(kv => kv.Value.Moved)
            .OrderByDescending(kv => Math.Abs(kv.Value.DeltaExpected)).ThenByDescending(kv => Math.Abs(kv.Value.DeltaMax)).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(MoverCount)
            .ToList();
        return new CostDelta(stack, teams, movers);
    }

    public static FindingDelta CompareFindings(PolicyReport @base, PolicyReport head)
    {
        var baseOpen = Open(@base);
        var headOpen = Open(head);
        List<Finding> added = [], fixedOnes = [], still = [];
        foreach (var (key, list) in headOpen)
        {
            var before = baseOpen.GetValueOrDefault(key)?.Count ?? 0;
            still.AddRange(list.Take(before));
            added.AddRange(list.Skip(before));
        }
        foreach (var (key, list) in baseOpen)
            fixedOnes.AddRange(list.Skip(headOpen.GetValueOrDefault(key)?.Count ?? 0));
        return new FindingDelta(Sorted(added), Sorted(fixedOnes), Sorted(still));
    }

    public static WaiverDelta CompareWaivers(IReadOnlyList<Waiver> @base, IReadOnlyList<Waiver> head, DateOnly today)
    {
        // Identity without the source line: moving an entry within the file is not a change; a new expiry or approver is.
        static (string, string?, string?, string, string, DateOnly) Key(Waiver w) => (w.Policy, w.Resource, w.Component, w.Reason, w.Approver, w.Expires);
        var baseKeys = @base.Select(Key).ToHashSet();
        var headKeys = head.Select(Key).ToHashSet();
        var horizon = today.AddDays(ExpiryWindowDays);
        return new WaiverDelta(
            head.Where(w => !baseKeys.Contains(Key(w))).ToList(),
            @base.Where(w => !headKeys.Contains(Key(w))).ToList(),
            head.Where(w => w.Expires <= horizon).OrderBy(w => w.Expires).ThenBy(w => w.Policy, StringComparer.Ordinal).ToList(),
            ExpiryWindowDays);
    }

    private static Dictionary<(string, string?, string?), List<Finding>> Open(PolicyReport report) =>
        report.Findings.Where(f => !f.IsWaived)
            .GroupBy(f => (f.PolicyId, f.Resource, f.PropertyPath))
            .ToDictionary(g => g.Key, g => g.ToList());

    private static List<Finding> Sorted(List<Finding> findings) =>
        findings.OrderByDescending(f => f.Severity).ThenBy(f => f.PolicyId, StringComparer.Ordinal)
            .ThenBy(f => f.Resource, StringComparer.Ordinal).ThenBy(f => f.PropertyPath, StringComparer.Ordinal).ToList();
}
