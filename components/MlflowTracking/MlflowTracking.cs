using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Components.Platform;

namespace Supplychain.Components.MlflowTracking;

/// <summary>Arguments of <see cref="MlflowTracking"/>.</summary>
public sealed record MlflowTrackingArgs
{
    /// <summary>Where artifacts go: the repository's model bucket, through the client <c>mlflow</c>.</summary>
    public required ArtifactRepository.ArtifactRepository Artifacts { get; init; }
    /// <summary>Tracking server replicas (default 2 outside dev, 1 in dev).</summary>
    public int? Replicas { get; init; }
    /// <summary>PostgreSQL volume size (default 20Gi).</summary>
    public string DatabaseStorageSize { get; init; } = "20Gi";
    public string? StorageClass { get; init; }
}

/// <summary>MLflow tracking server and model registry, with a PostgreSQL backend store and artifacts in the object store.</summary>
public sealed partial class MlflowTracking
{
    public MlflowTracking(Scope parent, string id, MlflowTrackingArgs args)
    {
        Args = args;
        Scope = parent.Child(id);
        if (args.Replicas is < 1 or > 10) throw new ArgumentException($"MlflowTrackingArgs.Replicas must be 1..10, got {args.Replicas}");
        Scope.Stack.Target.Render(local: RenderLocal, aws: RenderAws, azure: RenderAzure);
    }

    public MlflowTrackingArgs Args { get; }
    public Scope Scope { get; }
    public string Namespace { get; private set; } = PlatformNamespaces.Mlflow;
    /// <summary>The in-cluster tracking URL (MLFLOW_TRACKING_URI for training jobs).</summary>
    public string TrackingUrl { get; private set; } = "";
    public ScrapeTarget? ScrapeTarget { get; private set; }

    private partial void RenderLocal();
    private partial void RenderAws();
    private partial void RenderAzure();
}
