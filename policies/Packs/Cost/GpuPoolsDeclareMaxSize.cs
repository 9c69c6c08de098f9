using Supplychain.Policies.Cost;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Cost;

/// <summary>
/// COST004: every GPU pool — declared in config or rendered as a node group — has a maximum size, and a declared pool's
/// maximum GPUs (maximum nodes × GPUs per node) stays within the stack's <c>maxGpusPerPool</c> setting.
/// </summary>
public sealed class GpuPoolsDeclareMaxSize : StackPolicy, IJudgesWholeStack
{
    public override string Id => "COST004";
    public override string Pack => CostPack.Name;
    public override string Title => "Every GPU pool must declare a maximum size";
    public override string Rationale =>
        "A GPU node costs from about 1 USD to over 50 USD an hour; a pool without a maximum lets the autoscaler buy GPUs without bound, and no budget " +
        "can be checked against it. The maximum is also the figure the budget gates price.";
    public override string Remediation =>
        "Set maxNodes on the pool in supplychain:gpuPools; on rendered node groups, set scalingConfig.maxSize (EKS) or maxCount with autoscaling (AKS).";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [CostPack.Soc2Capacity, CostPack.IsoComputingResources, CostPack.NistManageResources];

    public override bool AppliesTo(StackView stack) => CostPack.HasGpuPools(stack);

    public override IReadOnlyList<PolicySetting> Settings { get; } =
    [
        PolicySetting.Integer("maxGpusPerPool", 64, "The most GPUs one declared pool may scale to (maximum nodes × GPUs per node).", 1, 4096),
    ];

    public override IEnumerable<Violation> Evaluate(StackView stack)
    {
        var groups = NodeGroups.In(stack.Resources).ToList();
        foreach (var pool in stack.Spec?.GpuPools ?? [])
            if (pool.MaxNodes is null && groups.All(g => g.GpuPool != pool.Name))
                yield return new Violation(CostPack.PoolResource(stack, pool.Name), $"gpuPools[{pool.Name}].maxNodes", null,
                    $"GPU pool '{pool.Name}' declares no maximum number of nodes.");
        var ceiling = IntegerSetting(stack, "maxGpusPerPool");
        foreach (var pool in stack.Spec?.GpuPools ?? [])
            if (pool.MaxNodes is { } max && max * pool.GpusPerNode > ceiling)
                yield return new Violation(CostPack.PoolResource(stack, pool.Name), $"gpuPools[{pool.Name}].maxNodes", max.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"GPU pool '{pool.Name}' can scale to {max * pool.GpusPerNode} GPUs ({max} nodes × {pool.GpusPerNode}), above the stack's limit of {ceiling} (policy.settings.COST004.maxGpusPerPool).");
        foreach (var g in groups.Where(g => g.DeclaresGpu && g.MaxNodes is null))
            yield return new Violation(g.Resource.Name, g.MaxNodesPath, null, $"GPU node group '{g.Name}' declares no maximum size.");
    }
}
