using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using static Supplychain.Policies.Cost.ViewValues;

namespace Supplychain.Policies.Cost;

/// <summary>
/// One cloud node group, read the same way whatever renders it: an EKS managed node group, an AKS agent pool,
/// or one of a managed cluster's <c>agentPoolProfiles</c>.
/// </summary>
/// <param name="Resource">The resource that declares it.</param>
/// <param name="Provider"><c>aws</c> or <c>azure</c> (the catalog's provider names).</param>
/// <param name="Name">The node group's name for reports (the resource name, or resource/profile for a cluster's profile).</param>
/// <param name="PropertyPath">Where its sizing lives (<c>scalingConfig</c>, <c>agentPoolProfiles[0]</c>, or empty for an agent pool).</param>
/// <param name="InstanceType">The instance type / VM size as declared (may be computed or missing).</param>
/// <param name="InstanceTypePath">The property path of the instance type.</param>
/// <param name="MinNodes">Minimum nodes, when declared.</param>
/// <param name="DesiredNodes">Desired / initial nodes, when declared.</param>
/// <param name="MinNodesPath">The property path of the minimum.</param>
/// <param name="MaxNodes">Maximum nodes; null when undeclared.</param>
/// <param name="MaxNodesPath">The property path a maximum belongs at.</param>
/// <param name="Spot">Runs on spot / low-priority capacity.</param>
/// <param name="SpotPath">The property path deciding spot capacity.</param>
/// <param name="GpuPool">The supply chain GPU pool it implements (node label <c>supplychain.dev/gpu-pool</c>), if any.</param>
/// <param name="DeclaresGpu">GPU AMI type, <c>nvidia.com/gpu</c> taint or a GPU-pool label say it is a GPU group.</param>
/// <param name="HasLaunchTemplate">EKS: the instance type may come from a launch template.</param>
public sealed record NodeGroup(
    ResourceView Resource,
    string Provider,
    string Name,
    string PropertyPath,
    Value? InstanceType,
    string InstanceTypePath,
    int? MinNodes,
    string MinNodesPath,
    int? DesiredNodes,
    int? MaxNodes,
    string MaxNodesPath,
    bool Spot,
    string SpotPath,
    string? GpuPool,
    bool DeclaresGpu,
    bool HasLaunchTemplate = false)
{
    /// <summary>True when the group runs GPUs: declared so, or its instance type has GPUs in the catalog.</summary>
    public bool IsGpu(Catalog.PriceCatalog? catalog) =>
        DeclaresGpu || (catalog is not null && Text(InstanceType) is { } t && catalog.Hardware(Provider, t) is { Gpus: > 0 });
}

public static class NodeGroups
{
    public const string EksNodeGroup = "aws:eks:NodeGroup";
    public const string AksAgentPool = "azure-native:containerservice:AgentPool";
    public const string AksManagedCluster = "azure-native:containerservice:ManagedCluster";

    /// <summary>Whether resources of this type can declare node groups (<see cref="In"/> finds none in others).</summary>
    public static bool MayDeclare(string type) => NormalizedType(type) is EksNodeGroup or AksAgentPool or AksManagedCluster;

    /// <summary>Every node group the resources declare, in resource order.</summary>
    public static IEnumerable<NodeGroup> In(IEnumerable<ResourceView> resources)
    {
        foreach (var r in resources)
        {
            switch (NormalizedType(r.Type))
            {
                case EksNodeGroup: yield return Eks(r); break;
                case AksAgentPool: yield return Aks(r, r.Properties, r.Name, ""); break;
                case AksManagedCluster when r.Properties.At("agentPoolProfiles") is ListValue profiles:
                    for (var i = 0; i < profiles.Count; i++)
                        if (profiles[i] is MapValue p)
                            yield return Aks(r, p, $"{r.Name}/{Text(p.At("name")) ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture)}", $"agentPoolProfiles[{i}]");
                    break;
            }
        }
    }

    private static NodeGroup Eks(ResourceView r)
    {
        var p = r.Properties;
        var first = p.At("instanceTypes") is ListValue { Count: > 0 } types ? types[0] : null;
        var labels = p.At("labels") as MapValue;
        var amiType = Text(p.At("amiType")) ?? "";
        var gpuTaint = p.At("taints") is ListValue taints && taints.OfType<MapValue>().Any(t => Text(t.At("key")) == ComputeResources.GpuResource);
        var pool = labels is not null && labels.TryGetValue(Labels.GpuPool, out var l) ? Text(l) : null;
        return new NodeGroup(r, "aws", r.Name, "scalingConfig", first, "instanceTypes[0]",
            Int(p.At("scalingConfig.minSize")), "scalingConfig.minSize", Int(p.At("scalingConfig.desiredSize")), Int(p.At("scalingConfig.maxSize")), "scalingConfig.maxSize",
            string.Equals(Text(p.At("capacityType")), "SPOT", StringComparison.OrdinalIgnoreCase), "capacityType",
            pool, pool is not null || gpuTaint || amiType.Contains("GPU", StringComparison.OrdinalIgnoreCase) || amiType.Contains("NVIDIA", StringComparison.OrdinalIgnoreCase)
                  || IsGpuInstanceType("aws", Text(first)),
            p.ContainsKey("launchTemplate"));
    }

    private static NodeGroup Aks(ResourceView r, MapValue p, string name, string prefix)
    {
        string At(string key) => prefix.Length == 0 ? key : prefix + "." + key;
        var autoscaling = Flag(p.At("enableAutoScaling"));
        var count = Int(p.At("count"));
        var labels = p.At("nodeLabels") as MapValue;
        var pool = labels is not null && labels.TryGetValue(Labels.GpuPool, out var l) ? Text(l) : null;
        var gpuTaint = p.At("nodeTaints") is ListValue taints && taints.Any(t => Text(t)?.StartsWith(ComputeResources.GpuResource, StringComparison.Ordinal) == true);
        // Without autoscaling the pool is fixed at `count` (AKS defaults it to 1), so count is its minimum and maximum.
        var min = autoscaling ? Int(p.At("minCount")) : count ?? 1;
        var max = autoscaling ? Int(p.At("maxCount")) : count ?? 1;
        return new NodeGroup(r, "azure", name, prefix, p.At("vmSize"), At("vmSize"), min, At(autoscaling ? "minCount" : "count"), count,
            max, At(autoscaling ? "maxCount" : "count"),
            string.Equals(Text(p.At("scaleSetPriority")), "Spot", StringComparison.OrdinalIgnoreCase), At("scaleSetPriority"),
            pool, pool is not null || gpuTaint || IsGpuInstanceType("azure", Text(p.At("vmSize"))));
    }

    /// <summary>
    /// GPU instance families by name, so GPU groups are recognised even when the catalog lacks the type:
    /// AWS <c>g*</c>/<c>p*</c> families (g5, g6, g6e, p4d, p5...), Azure N-series (<c>Standard_N*</c>).
    /// </summary>
    public static bool IsGpuInstanceType(string provider, string? type)
    {
        if (string.IsNullOrEmpty(type)) return false;
        return provider switch
        {
            "aws" => type.Length > 2 && type[0] is 'g' or 'p' && char.IsDigit(type[1]),
            "azure" => type.StartsWith("Standard_N", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
    }
}
