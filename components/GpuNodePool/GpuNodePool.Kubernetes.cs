using System.Globalization;
using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Components.Platform;

namespace Supplychain.Components.GpuNodePool;

/// <summary>
/// The pool's contract, published as a ConfigMap <c>gpu-pool-NAME</c> in <c>gpu-system</c> that the cost model,
/// dashboards and operators read (local and EKS; the AKS rendering publishes none).
/// </summary>
public sealed partial class GpuNodePool
{
    public string ContractConfigMapName => "gpu-pool-" + Args.Pool.Name;

    private void RenderContract()
    {
        var p = Args.Pool;
        var data = new MapValue
        {
            ["name"] = p.Name,
            ["purpose"] = p.Purpose.ToString().ToLowerInvariant(),
            ["instanceType"] = p.InstanceType,
            ["gpusPerNode"] = Text(p.GpusPerNode),
            ["minNodes"] = Text(p.MinNodes),
            ["spot"] = p.Spot ? "true" : "false",
            ["nodeLabels"] = string.Join(",", GpuNodeContract.NodeLabels(p).Select(kv => $"{kv.Key}={kv.Value}")),
            ["nodeTaint"] = GpuNodeContract.Taint.ToString(),
            ["priorityClass"] = Placement.PriorityClassName,
            ["gpuResource"] = ComputeResources.GpuResource,
        };
        // An undeclared maximum stays absent, so the cost pack sees the gap rather than an invented number.
        if (p.MaxNodes is { } max) data["maxNodes"] = Text(max);

        var dependsOn = SystemNamespaceResource() is { } ns ? new[] { ns } : [];
        Kube.ConfigMap(Scope, "contract", PlatformNamespaces.GpuSystem, ContractConfigMapName, data,
            new Dictionary<string, string> { [Labels.GpuPool] = p.Name }, new ResourceOptions { DependsOn = dependsOn });
    }

    /// <summary>The gpu-system namespace resource: given by the caller, or the one GpuScheduling already added to the program.</summary>
    private string? SystemNamespaceResource() =>
        Args.SystemNamespaceResource ?? Scope.Program.Resources
            .FirstOrDefault(r => r.Type == KubeTypes.Namespace && r.Properties.At("metadata.name") is StringValue { Text: PlatformNamespaces.GpuSystem })
            ?.Name;

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);
}
