using Supplychain.Components.Model;
using Supplychain.Components.Platform.Aws;

namespace Supplychain.Components.GpuNodePool;

/// <summary>
/// On EKS a pool is a managed node group on the NVIDIA AMI (drivers and container toolkit included), in the private
/// subnets, with the pool's instance type, bounds and capacity type, and the <see cref="GpuNodeContract"/> labels and
/// taint, so <see cref="GpuPlacement"/> is the same as on any cluster. Nodes use the foundation's node role (worker and
/// registry read-only policies only; the CNI policy is on the vpc-cni add-on's IRSA role). The pool's contract ConfigMap
/// is published as on the local target.
/// </summary>
public sealed partial class GpuNodePool
{
    /// <summary>Amazon Linux 2023 with the NVIDIA driver and container toolkit (AL2 GPU AMIs stop with AL2's end of support).</summary>
    public const string GpuAmiType = "AL2023_x86_64_NVIDIA";
    /// <summary>Root volume size: GPU images (CUDA, frameworks, model weights) are large.</summary>
    public const int DiskSizeGb = 200;

    private partial void RenderAws()
    {
        var aws = Scope.FoundationAs<AwsFoundation>();
        var p = Args.Pool;
        if (p.MaxNodes is null)
            throw new ArgumentException($"GpuNodePoolArgs.Pool.MaxNodes: an EKS node group needs a maximum size, pool '{p.Name}' declares none");
        var taint = GpuNodeContract.Taint;
        NodeGroup = Scope.Add("node-group", AwsTypes.EksNodeGroup, new MapValue
        {
            ["clusterName"] = aws.Cluster.Ref("name"),
            ["nodeRoleArn"] = aws.NodeRole.Ref("arn"),
            ["subnetIds"] = new ListValue(aws.PrivateSubnetIds),
            ["instanceTypes"] = new ListValue { p.InstanceType },
            ["amiType"] = GpuAmiType,
            ["capacityType"] = p.Spot ? "SPOT" : "ON_DEMAND",
            ["diskSize"] = DiskSizeGb,
            // EKS requires maxSize >= 1 even for a pool that scales to zero.
            ["scalingConfig"] = new MapValue { ["minSize"] = p.MinNodes, ["desiredSize"] = p.DesiredNodes, ["maxSize"] = Math.Max(1, p.MaxNodes.Value) },
            ["updateConfig"] = new MapValue { ["maxUnavailable"] = 1 },
            ["labels"] = MapValue.From(GpuNodeContract.NodeLabels(p)),
            // EKS spells the effect NO_SCHEDULE; the node gets nvidia.com/gpu=present:NoSchedule.
            ["taints"] = new ListValue
            {
                new MapValue { ["key"] = taint.Key, ["value"] = taint.Value, ["effect"] = EksEffect(taint.Effect) },
            },
            // The purpose tag lets an audit judge the group from the resource alone (COST006), as on AKS.
            ["tags"] = Scope.Tags(new Dictionary<string, string> { ["gpu-pool"] = p.Name, ["purpose"] = p.Purpose.ToString().ToLowerInvariant() }),
        }, new ResourceOptions
        {
            DependsOn = [aws.SystemNodeGroup.Name],
            // The cluster autoscaler moves the desired size between min and max.
            IgnoreChanges = ["scalingConfig.desiredSize"],
        });
        RenderContract();
    }

    /// <summary>The EKS node group that implements the pool (aws target only).</summary>
    public Resource? NodeGroup { get; private set; }

    private static string EksEffect(string effect) => effect switch
    {
        "NoSchedule" => "NO_SCHEDULE",
        "NoExecute" => "NO_EXECUTE",
        "PreferNoSchedule" => "PREFER_NO_SCHEDULE",
        _ => throw new ArgumentException($"unknown taint effect '{effect}'"),
    };
}
