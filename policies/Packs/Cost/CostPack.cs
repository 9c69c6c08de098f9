using Supplychain.Policies.Cost;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Cost;

/// <summary>The cost pack's name, the framework controls its policies share, and helpers to name a GPU pool's resources.</summary>
public static class CostPack
{
    public static readonly string Name = PolicyPacks.Cost.Name;

    /// <summary>ISO/IEC 42001 A.4.5 (system and computing resources) and NIST AI RMF MANAGE 2.1 (resources to manage AI risks are taken into account).</summary>
    public static readonly FrameworkControl IsoComputingResources = new("ISO/IEC 42001", "A.4.5");
    public static readonly FrameworkControl IsoResourceDocumentation = new("ISO/IEC 42001", "A.4.2");
    public static readonly FrameworkControl NistManageResources = new("NIST AI RMF", "MANAGE 2.1");
    public static readonly FrameworkControl NistManageMonitoring = new("NIST AI RMF", "MANAGE 4.1");
    /// <summary>SOC 2 A1.1: current processing capacity and use are maintained, monitored and evaluated to manage capacity demand.</summary>
    public static readonly FrameworkControl Soc2Capacity = new("SOC 2", "A1.1");
    /// <summary>SOC 2 CC7.2: system components are monitored for anomalies.</summary>
    public static readonly FrameworkControl Soc2Monitoring = new("SOC 2", "CC7.2");

    /// <summary>The node groups that implement a declared GPU pool (node label <c>supplychain.dev/gpu-pool</c>).</summary>
    public static IReadOnlyList<NodeGroup> NodeGroupsOf(StackView stack, string pool) =>
        NodeGroups.In(stack.Resources).Where(g => g.GpuPool == pool).ToList();

    /// <summary>A resource of the pool's component (<c>gpu-pools/NAME</c>), so a finding about the pool's config can still name (and be waived by) a resource.</summary>
    /// <summary>GPU pools the stack declares or GPU node groups it has: a GPU-pool policy with neither judges nothing (not applicable).</summary>
    public static bool HasGpuPools(StackView stack) =>
        stack.Spec?.GpuPools.Count > 0 || NodeGroups.In(stack.Resources).Any(g => g.DeclaresGpu);

    /// <summary>A node group's purpose read from the resource (<c>purpose</c> tag), for audits without the stack config.</summary>
    public static string? PurposeTag(NodeGroup group) => (group.Resource.Properties.At("tags.purpose") as Components.Model.StringValue)?.Text;

    public static string? PoolResource(StackView stack, string pool) =>
        stack.Resources.FirstOrDefault(r => r.ComponentPath.Count >= 2 && r.ComponentPath[0] == "gpu-pools" && r.ComponentPath[1] == pool)?.Name;

    public static string Usd(decimal amount) => amount.ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture) + " USD";
}
