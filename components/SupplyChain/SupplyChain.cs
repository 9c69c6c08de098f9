using Supplychain.Components.ArtifactRepository;
using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.FeatureStore;
using Supplychain.Components.GpuNodePool;
using Supplychain.Components.GpuTelemetry;
using Supplychain.Components.MlflowTracking;
using Supplychain.Components.Model;
using Supplychain.Components.ModelServing;
using Supplychain.Components.Monitoring;
using Supplychain.Components.Platform;
using Supplychain.Components.ReleasePipeline;
using Supplychain.Components.Retraining;

namespace Supplychain.Components.SupplyChain;

/// <summary>
/// The whole ML and software supply chain of one stack: team tenancy, GPU pools, artifact stores,
/// experiment tracking, the feature store, monitoring, the release pipeline and one serving workload per
/// model. It composes the components and exports the endpoints the next layer needs.
/// </summary>
public sealed class SupplyChain
{
    public SupplyChain(PulumiProgram program, SupplyChainSpec spec)
    {
        Spec = spec;
        var root = new Scope(program, spec.Stack, ComponentPath.Root);
        var scope = spec.Stack.Target switch
        {
            DeploymentTarget.Local => root.WithKubernetesProvider(ClusterAccess.LocalProvider(root.Child("cluster"), spec.Local).Name),
            DeploymentTarget.Aws => root.WithFoundation(Platform.Aws.AwsFoundation.Create(root, spec)),
            DeploymentTarget.Azure => root.WithFoundation(Platform.Azure.AzureFoundation.Create(root, spec)),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Stack.Target, "unknown deployment target"),
        };

        Tenancy = spec.Teams.Select(t => new TeamTenancy(scope.Child("teams"), t)).ToList();
        var teamNamespaces = Tenancy.ToDictionary(t => t.Team.Name, t => t.NamespaceResource.Name);

        Gpu = new GpuScheduling(scope, "gpu", new GpuSchedulingArgs { Teams = spec.Teams, Pools = spec.GpuPools, TeamNamespaceResources = teamNamespaces });
        Pools = spec.GpuPools.Select(p => new GpuNodePool.GpuNodePool(scope.Child("gpu-pools"), p.Name, new GpuNodePoolArgs { Pool = p, SystemNamespaceResource = Gpu.NamespaceResource })).ToList();

        Artifacts = new ArtifactRepository.ArtifactRepository(scope, "artifacts", new ArtifactRepositoryArgs
        {
            ExtraBuckets = ["feast"],
            Clients = [new ObjectStoreClient("mlflow", ["models"]), new ObjectStoreClient("feast", ["feast"]),
                .. spec.Loop is null ? [] : new[] { new ObjectStoreClient(RetrainingStore.ObjectStoreClient, ["models"]) }],
            StorageClass = spec.Local.StorageClass,
            ImageRepositories = spec.Models.Select(m => new ImageRepository(m.Team, m.Name)).ToList(),
        });
        Monitoring = new Monitoring.Monitoring(scope, "monitoring", new MonitoringArgs
        {
            StorageClass = spec.Local.StorageClass,
            AlertWebhookUrl = spec.AlertWebhookConfigKey is null ? null : program.DeclareConfig(spec.AlertWebhookConfigKey, secret: true),
            ExtraAlertRoutes = spec.Models.Any(m => m.Retraining?.OnDrift == true) ? [Components.Retraining.Retraining.DriftAlertRoute(spec.Models)] : [],
        });
        Mlflow = new MlflowTracking.MlflowTracking(scope, "mlflow", new MlflowTrackingArgs { Artifacts = Artifacts, StorageClass = spec.Local.StorageClass });
        Features = new FeatureStore.FeatureStore(scope, "feast", new FeatureStoreArgs { Artifacts = Artifacts, StorageClass = spec.Local.StorageClass });
        Release = new ReleasePipeline.ReleasePipeline(scope, "release", new ReleasePipelineArgs
        {
            Teams = spec.Teams,
            PrometheusUrl = Monitoring.PrometheusUrl,
            TeamNamespaceResources = teamNamespaces.Values.ToList(),
            Artifacts = Artifacts,
            Ci = spec.Ci,
        });

        foreach (var target in Artifacts.ScrapeTargets.Concat(Release.ScrapeTargets)) Monitoring.Watch(target);
        if (Mlflow.ScrapeTarget is { } m) Monitoring.Watch(m);
        if (Features.ScrapeTarget is { } f) Monitoring.Watch(f);

        // On by default: every GPU pool reports utilisation unless the stack opts out (and answers COST012 for it).
        if ((spec.GpuTelemetry ?? new GpuTelemetrySpec()) is { Enabled: true } telemetry && spec.GpuPools.Count > 0)
        {
            GpuTelemetry = new GpuTelemetry.GpuTelemetry(scope, "dcgm", new GpuTelemetryArgs
            {
                Pools = spec.GpuPools,
                IdleUtilisationPercent = telemetry.IdleUtilisationPercent,
                OperatorRelease = Monitoring.OperatorRelease,
            });
            Monitoring.Watch(GpuTelemetry.ScrapeTarget);
        }
        if (spec.Loop is { } loop)
        {
            Retraining = new Retraining.Retraining(scope, "retraining", new RetrainingArgs
            {
                Models = spec.Models,
                Loop = loop,
                Pools = Pools.Select(p => (p.Args.Pool, p.Placement)).ToList(),
                Artifacts = Artifacts,
                MlflowUrl = Mlflow.TrackingUrl,
                TeamNamespaceResources = teamNamespaces,
            });
            foreach (var target in Retraining.ScrapeTargets) Monitoring.Watch(target);
        }

        Serving = spec.Models.Select(model =>
        {
            var team = spec.Team(model.Team);
            return new ModelServing.ModelServing(scope.Child("models"), model.Name, new ModelServingArgs
            {
                Model = model,
                Team = team,
                GpuPlacement = model.Serving.Gpus > 0 ? PlacementFor(model) : null,
                RolloutsRelease = Release.RolloutsRelease,
                AnalysisTemplateName = Release.AnalysisTemplateName,
                AnalysisTemplateResource = Release.AnalysisTemplateResources.GetValueOrDefault(team.Name),
                NamespaceResource = teamNamespaces[team.Name],
                Monitoring = Monitoring,
            });
        }).ToList();

        (scope.Foundation as Platform.Aws.AwsFoundation)?.BindAwsResources();
        Naming.AutoNames.FitAutoNamed(program);

        program.AddOutput("mlflowEndpoint", Mlflow.TrackingUrl);
        program.AddOutput("registryEndpoint", Artifacts.RegistryEndpoint);
        program.AddOutput("objectStoreEndpoint", Artifacts.ObjectStoreOutput);
        program.AddOutput("grafanaEndpoint", Monitoring.GrafanaUrl);
        program.AddOutput("prometheusEndpoint", Monitoring.PrometheusUrl);
        program.AddOutput("argocdEndpoint", Release.ArgoCdUrl);
        program.AddOutput("featureServerEndpoint", Features.FeatureServerUrl);
        program.AddOutput("modelEndpoints", new MapValue(Serving.Select(s => new KeyValuePair<string, Value>(s.Args.Model.Name, s.ServiceUrl))));
        program.AddOutput("resourceCounts", new MapValue(program.CountByComponent().Select(kv => new KeyValuePair<string, Value>(kv.Key, kv.Value))));
    }

    public SupplyChainSpec Spec { get; }
    public IReadOnlyList<TeamTenancy> Tenancy { get; }
    public GpuScheduling Gpu { get; }
    public IReadOnlyList<GpuNodePool.GpuNodePool> Pools { get; }
    public ArtifactRepository.ArtifactRepository Artifacts { get; }
    public Monitoring.Monitoring Monitoring { get; }
    public MlflowTracking.MlflowTracking Mlflow { get; }
    public FeatureStore.FeatureStore Features { get; }
    public ReleasePipeline.ReleasePipeline Release { get; }
    public IReadOnlyList<ModelServing.ModelServing> Serving { get; }
    /// <summary>The closed loop (retraining and drift checks); null when no model declares either.</summary>
    public Retraining.Retraining? Retraining { get; }
    /// <summary>DCGM GPU telemetry; null without GPU pools or when disabled.</summary>
    public GpuTelemetry.GpuTelemetry? GpuTelemetry { get; }

    private GpuPlacement PlacementFor(ModelSpec model)
    {
        var pool = model.Serving.GpuPool is { } name
            ? Pools.First(p => p.Name == name)
            : GpuPoolSpec.DefaultServingPool(Spec.GpuPools) is { } fallback ? Pools.First(p => p.Name == fallback.Name)
              : throw new ArgumentException($"model '{model.Name}' asks for GPUs but names no gpuPool and the stack declares no inference pool");
        return pool.Placement;
    }
}
