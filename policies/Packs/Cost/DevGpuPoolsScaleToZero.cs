using Supplychain.Components.Domain;
using Supplychain.Policies.Cost;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Cost;

/// <summary>COST005: in dev, GPU pools have a minimum of zero nodes.</summary>
public sealed class DevGpuPoolsScaleToZero : StackPolicy, IJudgesWholeStack
{
    public override string Id => "COST005";
    public override string Pack => CostPack.Name;
    public override string Title => "GPU pools in dev must be able to scale to zero nodes";
    public override string Rationale =>
        "Dev GPU pools sit idle most of the day; a minimum above zero pays for at least one GPU node around the clock (a g5.2xlarge kept up is " +
        "about 885 USD a month) whether or not anyone trains or serves.";
    public override string Remediation => "Set minNodes: 0 on dev GPU pools (scalingConfig.minSize: 0 on EKS, minCount: 0 with autoscaling on AKS).";
    public override Severity Severity => Severity.Medium;
    public override IReadOnlyList<FrameworkControl> Controls => [CostPack.IsoComputingResources, CostPack.NistManageResources];

    public override bool AppliesTo(StackView stack) => stack.Stack.Environment == EnvironmentTier.Dev && CostPack.HasGpuPools(stack);

    public override IEnumerable<Violation> Evaluate(StackView stack)
    {
        var groups = NodeGroups.In(stack.Resources).ToList();
        foreach (var pool in stack.Spec?.GpuPools ?? [])
            if (pool.MinNodes > 0 && groups.All(g => g.GpuPool != pool.Name))
                yield return new Violation(CostPack.PoolResource(stack, pool.Name), $"gpuPools[{pool.Name}].minNodes",
                    pool.MinNodes.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Dev GPU pool '{pool.Name}' keeps {pool.MinNodes} node(s) running.");
        foreach (var g in groups.Where(g => g.DeclaresGpu && g.MinNodes is not 0))
            yield return new Violation(g.Resource.Name, g.MinNodesPath, g.MinNodes?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"Dev GPU node group '{g.Name}' does not scale to zero.");
    }
}
