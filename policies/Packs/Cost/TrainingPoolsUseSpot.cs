using Supplychain.Components.Domain;
using Supplychain.Policies.Cost;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Cost;

/// <summary>COST006: training GPU pools run on spot capacity unless a waiver says why not. Each node group is judged from its own
/// capacity type and purpose, so a partial preview is judged too (no IJudgesWholeStack).</summary>
public sealed class TrainingPoolsUseSpot : StackPolicy
{
    public override string Id => "COST006";
    public override string Pack => CostPack.Name;
    public override string Title => "Training GPU pools must use spot capacity unless waived";
    public override string Rationale =>
        "Training jobs checkpoint and retry, so they tolerate reclaimed nodes; spot GPU capacity is priced 65–70% below on-demand in the catalog. " +
        "Where a job cannot tolerate interruption (a long run without checkpoints, a deadline), record that in a waiver with a reason and an expiry.";
    public override string Remediation =>
        "Set spot: true on the training pool (capacityType: SPOT on EKS, scaleSetPriority: Spot on AKS), or add a waiver for COST006 " +
        "naming the pool's resource with the reason, approver and expiry.";
    public override Severity Severity => Severity.Medium;
    public override IReadOnlyList<FrameworkControl> Controls => [CostPack.IsoComputingResources, CostPack.NistManageResources];

    public override bool AppliesTo(StackView stack) => CostPack.HasGpuPools(stack);

    public override IEnumerable<Violation> Evaluate(StackView stack)
    {
        // Groups no declared pool accounts for (an audit without config, a pool added outside the components) are judged by their
        // own purpose tag.
        var declared = (stack.Spec?.GpuPools ?? []).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var g in NodeGroups.In(stack.Resources).Where(g => g.DeclaresGpu && !g.Spot && (g.GpuPool is null || !declared.Contains(g.GpuPool))))
            if (CostPack.PurposeTag(g) == "training")
                yield return new Violation(g.Resource.Name, g.SpotPath, null, $"Training GPU node group '{g.Name}' uses on-demand capacity.");
        foreach (var pool in (stack.Spec?.GpuPools ?? []).Where(p => p.Purpose == GpuPoolPurpose.Training))
        {
            var groups = CostPack.NodeGroupsOf(stack, pool.Name);
            if (groups.Count == 0)
            {
                if (!pool.Spot)
                    yield return new Violation(CostPack.PoolResource(stack, pool.Name), $"gpuPools[{pool.Name}].spot", "false",
                        $"Training GPU pool '{pool.Name}' uses on-demand capacity.");
                continue;
            }
            foreach (var g in groups.Where(g => !g.Spot))
                yield return new Violation(g.Resource.Name, g.SpotPath, null, $"Node group '{g.Name}' of training pool '{pool.Name}' uses on-demand capacity.");
        }
    }
}
