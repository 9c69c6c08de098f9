using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Platform;

namespace Supplychain.Components.GpuNodePool;

/// <summary>Arguments of <see cref="GpuScheduling"/>.</summary>
public sealed record GpuSchedulingArgs
{
    public required IReadOnlyList<TeamSpec> Teams { get; init; }
    public required IReadOnlyList<GpuPoolSpec> Pools { get; init; }
    /// <summary>Logical names of the team namespace resources, by team (quotas depend on them).</summary>
    public IReadOnlyDictionary<string, string> TeamNamespaceResources { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Cluster-wide GPU scheduling shared by every pool: the NVIDIA device plugin on GPU-pool nodes,
/// PriorityClasses for training and inference, and a per-team ResourceQuota on <c>nvidia.com/gpu</c>.
/// </summary>
public sealed partial class GpuScheduling
{
    public const string TrainingPriorityClass = "supplychain-training";
    public const string InferencePriorityClass = "supplychain-inference";

    public static string PriorityClassFor(GpuPoolPurpose purpose) =>
        purpose == GpuPoolPurpose.Training ? TrainingPriorityClass : InferencePriorityClass;

    public GpuScheduling(Scope parent, string id, GpuSchedulingArgs args)
    {
        Args = args;
        Scope = parent.Child(id);
        Scope.Stack.Target.Render(local: RenderLocal, aws: RenderAws, azure: RenderAzure);
    }

    public GpuSchedulingArgs Args { get; }
    public Scope Scope { get; }
    public string Namespace => PlatformNamespaces.GpuSystem;
    /// <summary>Logical name of the <c>gpu-system</c> namespace resource (pool contracts depend on it).</summary>
    public string NamespaceResource { get; private set; } = "";
    /// <summary>Logical name of the NVIDIA device plugin release.</summary>
    public string DevicePluginRelease { get; private set; } = "";

    private partial void RenderLocal();
    private partial void RenderAws();
    private partial void RenderAzure();
}
