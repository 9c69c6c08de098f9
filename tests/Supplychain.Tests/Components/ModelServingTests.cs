using Supplychain.Components.Domain;
using Supplychain.Components.GpuNodePool;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Components.ModelServing;
using Supplychain.Components.Monitoring;
using Supplychain.Tests.Support;
using static Supplychain.Tests.ComponentTests.ComponentKit;

namespace Supplychain.Tests.ComponentTests;

public sealed class ModelServingTests
{
    private static readonly GpuPlacement InferencePool = new(
        new Dictionary<string, string> { [Labels.GpuPool] = "inference" }, [Toleration.Gpu], GpuScheduling.InferencePriorityClass);

    private static (PulumiProgram Program, ModelServing Serving) Render(ModelSpec model, Monitoring? monitoring = null, PulumiProgram? program = null)
    {
        program ??= new PulumiProgram();
        var serving = new ModelServing(Root(program).Child("models"), model.Name, new ModelServingArgs
        {
            Model = model,
            Team = new TeamSpec(model.Team),
            GpuPlacement = model.Serving.Gpus > 0 ? InferencePool : null,
            RolloutsRelease = "release-argo-rollouts",
            AnalysisTemplateName = "model-canary",
            AnalysisTemplateResource = "release-analysis-" + model.Team,
            NamespaceResource = $"teams-{model.Team}-namespace",
            Monitoring = monitoring,
        });
        return (program, serving);
    }

    private static MapValue Rollout(PulumiProgram program, string model) => Manifest(program.Get($"models-{model}-rollout"));
    private static MapValue PodSpec(MapValue rollout) => Map(Key(rollout, "spec", "template", "spec"));
    private static MapValue Container(MapValue rollout) => Map(List(PodSpec(rollout)["containers"])[0]);

    [Fact]
    public void Should_Render_A_Rollout_After_Rollouts_Its_Template_Services_And_Namespace()
    {
        var (program, _) = Render(SampleSpecs.Model());

        var group = program.Get("models-fraud-detector-rollout");
        var rollout = Manifest(group);

        Assert.Equal(KubeTypes.ConfigGroup, group.Type);
        Assert.Equal("Rollout", Text(rollout["kind"]));
        Assert.Equal("argoproj.io/v1alpha1", Text(rollout["apiVersion"]));
        Assert.Equal("team-fraud", Text(Key(rollout, "metadata", "namespace")));
        Assert.Equal(new NumberValue(2), Key(rollout, "spec", "replicas"));
        Assert.Equal(
            ["release-argo-rollouts", "models-fraud-detector-service", "models-fraud-detector-service-canary", "release-analysis-fraud", "teams-fraud-namespace"],
            group.Options.DependsOn);
    }

    [Fact]
    public void Should_Step_The_Canary_Through_The_Configured_Weights_With_Pauses()
    {
        var model = SampleSpecs.Model() with { Serving = new ServingSpec(CanarySteps: [5, 25, 60], CanaryPauseMinutes: 7) };
        var (program, _) = Render(model);

        var steps = List(Key(Rollout(program, "fraud-detector"), "spec", "strategy", "canary", "steps")).Select(s => s.ToString()).ToList();

        Assert.Equal(["{setWeight: 5}", "{pause: {duration: 7m}}", "{setWeight: 25}", "{pause: {duration: 7m}}", "{setWeight: 60}", "{pause: {duration: 7m}}"], steps);
    }

    [Fact]
    public void Should_Analyse_The_Canary_With_The_Team_Template_And_Its_Arguments()
    {
        var (program, _) = Render(SampleSpecs.Model());

        var canary = Map(Key(Rollout(program, "fraud-detector"), "spec", "strategy", "canary"));
        var analysis = Map(canary["analysis"]);
        var args = List(analysis["args"]).Cast<MapValue>().ToDictionary(a => Text(a["name"]), a => Text(a["value"]));

        Assert.Equal("model-fraud-detector", Text(canary["stableService"]));
        Assert.Equal("model-fraud-detector-canary", Text(canary["canaryService"]));
        Assert.Equal("model-canary", Text(Map(List(analysis["templates"])[0])["templateName"]));
        Assert.Equal(new Dictionary<string, string> { ["service-name"] = "model-fraud-detector-metrics", ["model"] = "fraud-detector", ["version"] = "1.4.2" }, args);
    }

    [Fact]
    public void Should_Roll_Out_At_Once_Without_Analysis_When_No_Steps_Are_Configured()
    {
        var model = SampleSpecs.Model() with { Serving = new ServingSpec(CanarySteps: []) };
        var (program, _) = Render(model);

        var canary = Map(Key(Rollout(program, "fraud-detector"), "spec", "strategy", "canary"));

        Assert.Empty(List(canary["steps"]));
        Assert.False(canary.ContainsKey("analysis"));
    }

    [Fact]
    public void Should_Request_Gpus_Tolerate_The_Taint_And_Select_The_Pool_When_Gpus_Are_Asked()
    {
        var (program, _) = Render(SampleSpecs.Model("query-ranker", "search", gpus: 1));

        var rollout = Rollout(program, "query-ranker");
        var pod = PodSpec(rollout);

        Assert.Equal("1", Text(Container(rollout).At("resources.limits")!.Entry("nvidia.com/gpu")));
        Assert.Equal("1", Text(Container(rollout).At("resources.requests")!.Entry("nvidia.com/gpu")));
        Assert.Equal("inference", Text(Key(pod, "nodeSelector", Labels.GpuPool)));
        Assert.Equal("nvidia.com/gpu", Text(Map(List(pod["tolerations"])[0])["key"]));
        Assert.Equal(GpuScheduling.InferencePriorityClass, Text(pod["priorityClassName"]));
    }

    [Fact]
    public void Should_Not_Touch_Gpu_Nodes_When_No_Gpu_Is_Asked()
    {
        var (program, _) = Render(SampleSpecs.Model());

        var rollout = Rollout(program, "fraud-detector");
        var pod = PodSpec(rollout);

        Assert.False(Map(Container(rollout).At("resources.limits")).ContainsKey("nvidia.com/gpu"));
        Assert.False(pod.ContainsKey("nodeSelector"));
        Assert.False(pod.ContainsKey("tolerations"));
        Assert.Equal(GpuScheduling.InferencePriorityClass, Text(pod["priorityClassName"]));
        Assert.Equal("500m", Text(Container(rollout).At("resources.limits.cpu")));
        Assert.Equal("1Gi", Text(Container(rollout).At("resources.requests.memory")));
    }

    [Fact]
    public void Should_Run_The_Pinned_Image_With_Its_Artifact_And_Health_Probes()
    {
        var model = SampleSpecs.Model();
        var (program, _) = Render(model);

        var container = Container(Rollout(program, "fraud-detector"));
        var env = List(container["env"]).Cast<MapValue>().ToDictionary(e => Text(e["name"]), e => Text(e["value"]));

        Assert.Equal(model.Image, Text(container["image"]));
        Assert.Equal("fraud-detector", env["MODEL_NAME"]);
        Assert.Equal("1.4.2", env["MODEL_VERSION"]);
        Assert.Equal(model.Artifact.Uri, env["MODEL_ARTIFACT_URI"]);
        Assert.Equal(model.Artifact.Digest, env["MODEL_ARTIFACT_DIGEST"]);
        Assert.Equal(ModelMetrics.ReadinessPath, Text(container.At("readinessProbe.httpGet.path")));
        Assert.Equal(ModelMetrics.LivenessPath, Text(container.At("livenessProbe.httpGet.path")));
    }

    [Fact]
    public void Should_Carry_The_Lineage_As_Labels_And_Annotations()
    {
        var model = SampleSpecs.Model();
        var lineage = model.Lineage!;
        var (program, _) = Render(model);

        var rollout = Rollout(program, "fraud-detector");
        foreach (var meta in new[] { Map(rollout["metadata"]), Map(Key(rollout, "spec", "template", "metadata")) })
        {
            var labels = Map(meta["labels"]);
            var annotations = Map(meta["annotations"]);
            Assert.Equal("fraud-detector", Text(labels[Labels.Model]));
            Assert.Equal("1.4.2", Text(labels[Labels.ModelVersion]));
            Assert.Equal("fraud", Text(labels[Labels.Team]));
            Assert.Equal(lineage.CodeCommit, Text(labels[Labels.CodeCommit]));
            Assert.Equal(lineage.DatasetDigest, Text(annotations[Labels.DatasetDigest]));
            Assert.Equal(lineage.DatasetVersion, Text(annotations[Labels.DatasetVersion]));
            Assert.Equal(lineage.TrainingRun, Text(annotations[Labels.TrainingRun]));
            Assert.Equal(model.Artifact.Digest, Text(annotations[Labels.ArtifactDigest]));
            Assert.Equal(model.Artifact.Uri, Text(annotations[Labels.ArtifactUri]));
            Assert.Equal("{\"auc\":0.962}", Text(annotations[Labels.Metrics]));
            Assert.Equal("{\"learningRate\":\"0.05\"}", Text(annotations[Labels.Hyperparameters]));
            Assert.Equal("approved", Text(annotations[Labels.ApprovalStatus]));
            Assert.Equal("risk-model-board", Text(annotations[Labels.ApprovedBy]));
            Assert.Equal("2026-11-02", Text(annotations[Labels.ApprovedAt]));
        }
    }

    [Fact]
    public void Should_Omit_Lineage_That_Config_Does_Not_Declare()
    {
        var (program, _) = Render(SampleSpecs.Model(omitLineage: true));

        var meta = Map(Key(Rollout(program, "fraud-detector"), "spec", "template", "metadata"));
        var annotations = Map(meta["annotations"]);

        Assert.False(Map(meta["labels"]).ContainsKey(Labels.CodeCommit));
        Assert.Equal([Labels.ArtifactDigest, Labels.ArtifactUri], annotations.Keys.ToList());
    }

    [Fact]
    public void Should_Leave_Out_A_Label_Whose_Value_Is_Not_Label_Safe()
    {
        var model = SampleSpecs.Model() with { Version = "1.4.2+build.7" };
        var (program, serving) = Render(model);

        var labels = Map(Key(Rollout(program, "fraud-detector"), "metadata", "labels"));

        Assert.False(labels.ContainsKey(Labels.ModelVersion));
        Assert.All(serving.LineageLabels().Values, v => Assert.True(v.Length <= 63));
    }

    [Fact]
    public void Should_Add_Stable_Canary_And_Metrics_Services()
    {
        var (program, _) = Render(SampleSpecs.Model());

        var services = program.Resources.Where(r => r.Type == KubeTypes.Service).ToDictionary(r => Text(r.Properties.At("metadata.name")));

        Assert.Equal(["model-fraud-detector", "model-fraud-detector-canary", "model-fraud-detector-metrics"], services.Keys.Order());
        Assert.All(services.Values, s => Assert.Equal("model-fraud-detector", Text(Key(s.Properties["spec"], "selector", Labels.Name))));
        Assert.Equal("None", Text(services["model-fraud-detector-metrics"].Properties.At("spec.clusterIP")));
        Assert.Equal("model-fraud-detector-metrics", Text(Key(services["model-fraud-detector-metrics"].Properties.At("metadata.labels")!, Labels.Name)));
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(3, true)]
    public void Should_Add_A_Disruption_Budget_Only_With_More_Than_One_Replica(int replicas, bool expected)
    {
        var (program, _) = Render(SampleSpecs.Model() with { Serving = new ServingSpec(Replicas: replicas) });

        var pdb = program.Resources.SingleOrDefault(r => r.Type == KubeTypes.PodDisruptionBudget);

        Assert.Equal(expected, pdb is not null);
        if (pdb is not null) Assert.Equal(new NumberValue(replicas - 1), pdb.Properties.At("spec.minAvailable"));
    }

    [Fact]
    public void Should_Register_A_ServiceMonitor_And_Alert_Rules_With_Monitoring()
    {
        var program = new PulumiProgram();
        var monitoring = new Monitoring(Root(program), "monitoring", new MonitoringArgs());

        Render(SampleSpecs.Model(), monitoring, program);

        var monitor = Manifest(program.Get("monitoring-servicemonitor-model-fraud-detector"));
        Assert.Equal("model-fraud-detector-metrics", Text(Key(monitor, "spec", "selector", "matchLabels", Labels.Name)));
        Assert.Equal("team-fraud", Text(List(Key(monitor, "spec", "namespaceSelector", "matchNames"))[0]));
        Assert.True(program.TryGet("monitoring-rules-fraud-detector", out _));
    }

    [Fact]
    public void Should_Reject_Gpus_Without_A_Pool_Placement()
    {
        var program = new PulumiProgram();
        var model = SampleSpecs.Model(gpus: 1);

        var ex = Assert.Throws<ArgumentException>(() => new ModelServing(Root(program), model.Name, new ModelServingArgs
        {
            Model = model, Team = new TeamSpec("fraud"), RolloutsRelease = "r", AnalysisTemplateName = "model-canary",
        }));

        Assert.Contains("GpuPlacement", ex.Message);
    }
}

internal static class MapValueLookup
{
    /// <summary>A key lookup for keys with dots in them (<c>nvidia.com/gpu</c>), which <see cref="MapValue.At"/> would split.</summary>
    public static Value Entry(this Value map, string key) => ((MapValue)map)[key];
}
