using System.Text.RegularExpressions;
using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.GpuNodePool;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Components.Naming;

namespace Supplychain.Components.ModelServing;

/// <summary>
/// The local (any Kubernetes cluster) rendering: an Argo Rollout with canary steps and background analysis,
/// its stable and canary Services, a headless metrics Service that Prometheus scrapes, and a
/// PodDisruptionBudget when there is more than one replica.
/// </summary>
public sealed partial class ModelServing
{
    /// <summary>The canary Service Argo Rollouts points at the new version's pods.</summary>
    public string CanaryServiceName => ServiceNames(Args.Model.Name).Canary;

    /// <summary>
    /// A third Service selecting every pod of the model, stable and canary alike. Argo Rollouts rewrites the
    /// selectors of the stable and canary Services, so scraping through either would miss or double-count
    /// pods; Prometheus scrapes this one and the analysis filters by model version instead.
    /// </summary>
    public string MetricsServiceName => ServiceNames(Args.Model.Name).Metrics;

    private static readonly Regex LabelValue = new("^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$", RegexOptions.CultureInvariant);

    private void RenderKubernetes()
    {
        var model = Args.Model;
        var serving = model.Serving;
        var ns = Namespace;
        var nsDeps = Args.NamespaceResource is { } nsResource ? new[] { nsResource } : [];
        var ports = new[] { new ContainerPort(ModelMetrics.PortName, serving.Port) };
        var labels = LineageLabels();
        var annotations = LineageAnnotations();

        var stable = Kube.Service(Scope, "service", ns, WorkloadName, ports, WorkloadName, labels, options: new ResourceOptions { DependsOn = nsDeps });
        var canary = Kube.Service(Scope, "service-canary", ns, CanaryServiceName, ports, WorkloadName, labels, options: new ResourceOptions { DependsOn = nsDeps });
        var metricsLabels = new Dictionary<string, string>(labels) { [Labels.Name] = MetricsServiceName };
        Kube.Service(Scope, "service-metrics", ns, MetricsServiceName, ports, WorkloadName, metricsLabels, headless: true,
            options: new ResourceOptions { DependsOn = nsDeps });

        var rollout = Kube.CustomObject(Scope, "argoproj.io/v1alpha1", "Rollout", WorkloadName, ns, new MapValue
        {
            ["replicas"] = serving.Replicas,
            ["revisionHistoryLimit"] = 3,
            ["selector"] = new MapValue { ["matchLabels"] = Kube.Selector(WorkloadName) },
            ["template"] = Kube.Template(Scope, WorkloadName, Pod(), labels, annotations),
            ["strategy"] = new MapValue { ["canary"] = Canary() },
        }, new Dictionary<string, string>(labels) { [Labels.Name] = WorkloadName }, annotations);

        var dependsOn = new List<string> { Args.RolloutsRelease, stable.Name, canary.Name };
        if (Args.AnalysisTemplateResource is { } template) dependsOn.Add(template);
        dependsOn.AddRange(nsDeps);
        Kube.ConfigGroup(Scope, "rollout", [rollout], dependsOn.Where(d => d.Length > 0).ToList());

        if (serving.Replicas > 1)
        {
            // One pod at a time may be drained; the PDB covers stable and canary pods alike.
            var pdb = Kube.PodDisruptionBudget(Scope, "pdb", ns, WorkloadName, serving.Replicas - 1);
            pdb.Options = pdb.Options with { DependsOn = nsDeps };
        }

        Args.Monitoring?.Watch(new ScrapeTarget(WorkloadName, ns, MetricsServiceName, ModelMetrics.PortName, ModelMetrics.MetricsPath));
        Args.Monitoring?.AlertOnModel(model, ns, WorkloadName);
    }

    private PodSpec Pod()
    {
        var model = Args.Model;
        var serving = model.Serving;
        var container = new Container("model", model.Image, new ComputeResources(serving.Cpu, serving.Memory, serving.Gpus))
        {
            Ports = [new ContainerPort(ModelMetrics.PortName, serving.Port)],
            Env =
            [
                new EnvVar("MODEL_NAME", model.Name),
                new EnvVar("MODEL_VERSION", model.Version),
                new EnvVar("MODEL_ARTIFACT_URI", model.Artifact.Uri),
                new EnvVar("MODEL_ARTIFACT_DIGEST", model.Artifact.Digest),
            ],
            Readiness = Probe.Http(ModelMetrics.ReadinessPath, ModelMetrics.PortName),
            // Loading a model can take a while; liveness starts later so a slow load is not a crash loop.
            Liveness = Probe.Http(ModelMetrics.LivenessPath, ModelMetrics.PortName) with { InitialDelaySeconds = 60, PeriodSeconds = 15 },
        };
        var pod = new PodSpec([container]) { PriorityClassName = GpuScheduling.InferencePriorityClass, TerminationGracePeriodSeconds = 30 };
        if (serving.Gpus > 0 && Args.GpuPlacement is { } placement)
            pod = pod with { NodeSelector = placement.NodeSelector, Tolerations = placement.Tolerations, PriorityClassName = placement.PriorityClassName };
        return pod;
    }

    /// <summary>
    /// <c>setWeight</c> then a timed <c>pause</c> per configured step, with background analysis from the first
    /// step on: the team's AnalysisTemplate checks the new version's success rate and p95 latency every minute
    /// and aborts the rollout (traffic back to stable) when it fails. No steps means an immediate rollout.
    /// Without a traffic router the weight is approximated by the share of canary replicas.
    /// </summary>
    private MapValue Canary()
    {
        var serving = Args.Model.Serving;
        var steps = new ListValue();
        foreach (var weight in serving.EffectiveCanarySteps)
        {
            steps.Add(new MapValue { ["setWeight"] = weight });
            steps.Add(new MapValue { ["pause"] = new MapValue { ["duration"] = $"{serving.CanaryPauseMinutes}m" } });
        }
        var canary = new MapValue
        {
            ["stableService"] = WorkloadName,
            ["canaryService"] = CanaryServiceName,
            ["steps"] = steps,
        };
        if (steps.Count > 0)
        {
            canary["analysis"] = new MapValue
            {
                ["templates"] = new ListValue { new MapValue { ["templateName"] = Args.AnalysisTemplateName } },
                ["startingStep"] = 1,
                ["args"] = new ListValue
                {
                    new MapValue { ["name"] = "service-name", ["value"] = MetricsServiceName },
                    new MapValue { ["name"] = "model", ["value"] = Args.Model.Name },
                    new MapValue { ["name"] = "version", ["value"] = Args.Model.Version },
                },
            };
        }
        return canary;
    }

    /// <summary>Label-safe lineage (and the team): values that are not valid label values are left out, never mangled.</summary>
    public IReadOnlyDictionary<string, string> LineageLabels()
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Add(string key, string? value)
        {
            if (value is not null && LabelValue.IsMatch(value)) labels[key] = value;
        }
        Add(Labels.Team, Args.Team.Name);
        Add(Labels.Model, Args.Model.Name);
        Add(Labels.ModelVersion, Args.Model.Version);
        Add(Labels.CodeCommit, Args.Model.Lineage?.CodeCommit);
        return labels;
    }

    /// <summary>The full lineage as annotations; a missing field is omitted, so the lineage pack sees exactly what config declared.</summary>
    public IReadOnlyDictionary<string, string> LineageAnnotations()
    {
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value)) annotations[key] = value;
        }
        Add(Labels.ArtifactUri, Args.Model.Artifact.Uri);
        Add(Labels.ArtifactDigest, Args.Model.Artifact.Digest);
        if (Args.Model.Lineage is { } lineage)
        {
            Add(Labels.DatasetDigest, lineage.DatasetDigest);
            Add(Labels.DatasetVersion, lineage.DatasetVersion);
            Add(Labels.TrainingRun, lineage.TrainingRun);
            Add(Labels.CodeCommit, lineage.CodeCommit);
            if (lineage.Metrics.Count > 0)
                Add(Labels.Metrics, ValueJson.Serialize(new MapValue(lineage.Metrics.Select(kv => new KeyValuePair<string, Value>(kv.Key, kv.Value)))));
            if (lineage.Hyperparameters.Count > 0)
                Add(Labels.Hyperparameters, ValueJson.Serialize(MapValue.From(lineage.Hyperparameters)));
            if (lineage.Approval is { } approval)
            {
                Add(Labels.ApprovalStatus, approval.Status);
                Add(Labels.ApprovedBy, approval.By);
                Add(Labels.ApprovedAt, approval.At);
            }
        }
        return annotations;
    }
}
