using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Components.Naming;
using Supplychain.Components.Platform.Azure;

namespace Supplychain.Components.GpuNodePool;

/// <summary>
/// Azure: an AKS user agent pool per GPU pool, with the VM size from config, autoscaling between the pool's bounds
/// (user pools may scale to zero), spot priority (evicted nodes are deleted, capped at the on-demand price) when asked,
/// and the <see cref="GpuNodeContract"/> labels and taint, so the placement is the same as on every other target.
/// AKS installs the NVIDIA driver on GPU VM sizes; <see cref="GpuScheduling"/> adds the device plugin.
/// </summary>
public sealed partial class GpuNodePool
{
    /// <summary>The taint AKS puts on every spot node; spot pools' workloads must tolerate it too.</summary>
    public static Toleration AksSpotToleration { get; } = new("kubernetes.azure.com/scalesetpriority", Operator: "Equal", Value: "spot");

    /// <summary>The AKS agent pool name of <paramref name="pool"/> (<see cref="AzureNames.AgentPoolName"/>).</summary>
    public static string AgentPoolName(string pool) => AzureNames.AgentPoolName(pool);

    private partial void RenderAzure()
    {
        var azure = Scope.FoundationAs<AzureFoundation>();
        var p = Args.Pool;
        var props = new MapValue
        {
            ["resourceGroupName"] = azure.ResourceGroupName,
            ["resourceName"] = azure.Cluster.Ref("name"),
            ["agentPoolName"] = AgentPoolName(p.Name),
            ["mode"] = "User",
            ["vmSize"] = p.InstanceType,
            // Temp disks and caches hold model weights and images (CMP047).
            ["enableEncryptionAtHost"] = true,
            ["osType"] = "Linux",
            ["osSKU"] = "Ubuntu",
            ["type"] = "VirtualMachineScaleSets",
            ["vnetSubnetID"] = azure.NodeSubnetId,
            ["nodeLabels"] = MapValue.From(GpuNodeContract.NodeLabels(p)),
            ["nodeTaints"] = new ListValue { GpuNodeContract.Taint.ToString() },
            ["count"] = p.MinNodes,
            ["tags"] = Scope.Tags(new Dictionary<string, string> { ["gpu-pool"] = p.Name, ["purpose"] = p.Purpose.ToString().ToLowerInvariant() }),
        };
        if (p.MaxNodes is { } max)
        {
            props["enableAutoScaling"] = true;
            props["minCount"] = p.MinNodes;
            props["maxCount"] = max;
        }
        if (p.Spot)
        {
            props["scaleSetPriority"] = "Spot";
            // Delete, not Deallocate: deallocated spot VMs still count against quota and keep their disks billed.
            props["scaleSetEvictionPolicy"] = "Delete";
            // -1: pay up to the on-demand price, so nodes are only evicted for capacity, never for a price spike.
            props["spotMaxPrice"] = -1;
            Placement = Placement with { Tolerations = [.. Placement.Tolerations, AksSpotToleration] };
        }
        // The autoscaler owns the node count; Pulumi sets it only at creation.
        Scope.Add("agent-pool", "azure-native:containerservice:AgentPool", props,
            new ResourceOptions { IgnoreChanges = p.MaxNodes is null ? [] : ["count"] });
    }
}
