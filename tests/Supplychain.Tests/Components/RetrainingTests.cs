using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Tests.Aws;
using Supplychain.Tests.Support;
using static Supplychain.Tests.ComponentTests.ComponentKit;

namespace Supplychain.Tests.ComponentTests;

public sealed class RetrainingTests
{
    private static readonly RetrainingLoopSpec Loop = new("ghcr.io/acme-ml/supplychain-cli:0.1.0@sha256:" + new string('d', 64), "acme-ml/supplychain");

    private static ModelSpec Retrained(string name = "fraud-detector", string team = "fraud") => SampleSpecs.Model(name, team) with
    {
        Retraining = new RetrainingSpec("ghcr.io/acme-ml/fraud-trainer:1.4.0@sha256:" + new string('e', 64), "datasets/fraud/train.parquet",
            "datasets/fraud/eval.parquet", Schedule: "0 3 * * 1", OnDrift: true, TimeoutMinutes: 300, TrainTimeoutMinutes: 200, Retries: 4),
        DriftCheck = new DriftCheckSpec("datasets/fraud/reference.parquet", "datasets/fraud/live.parquet"),
    };

    private static SupplyChainSpec WithLoop(SupplyChainSpec spec) =>
        spec with { Models = [Retrained(), SampleSpecs.Model("query-ranker", "search", gpus: 1)], Loop = Loop };

    private static MapValue Object(PulumiProgram program, string configGroup, string kind) =>
        ((ListValue)program.Get(configGroup).Properties["objs"]).Cast<MapValue>().Single(o => Text(o["kind"]) == kind);

    private static MapValue Template(MapValue spec, string name) =>
        List(spec["templates"]).Cast<MapValue>().Single(t => Text(t["name"]) == name);

    [Fact]
    public void Should_Train_On_The_Training_Pool_With_A_Deadline_And_Spot_Retries()
    {
        var program = SampleSpecs.Render(WithLoop(SampleSpecs.Dev()));

        var spec = Map(Object(program, "retraining-workflows-fraud-detector", "WorkflowTemplate")["spec"]);
        var train = Template(spec, "train");

        Assert.Equal(18000m, ((NumberValue)spec["activeDeadlineSeconds"]).Number);
        Assert.Equal("training", Text(Key(train, "nodeSelector", Labels.GpuPool)));
        Assert.Equal("nvidia.com/gpu", Text(Key(List(train["tolerations"])[0], "key")));
        Assert.Equal("supplychain-training", Text(train["priorityClassName"]));
        Assert.Equal("1", Text(Key(train, "container", "resources", "limits", "nvidia.com/gpu")));
        Assert.Equal(12000m, ((NumberValue)train["activeDeadlineSeconds"]).Number);
        Assert.Equal("OnError", Text(Key(train, "retryStrategy", "retryPolicy")));
        Assert.Equal(4m, ((NumberValue)Key(train, "retryStrategy", "limit")).Number);
    }

    [Fact]
    public void Should_Run_The_Loop_In_Order_With_The_Project_Image_Evaluating()
    {
        var program = SampleSpecs.Render(WithLoop(SampleSpecs.Dev()));

        var spec = Map(Object(program, "retraining-workflows-fraud-detector", "WorkflowTemplate")["spec"]);
        var steps = List(Template(spec, "retrain")["steps"]).Select(s => Text(Key(List(s)[0], "name"))).ToList();

        Assert.Equal(["snapshot", "train", "evaluate", "register", "propose"], steps);
        Assert.Equal(Loop.ToolImage, Text(Key(Template(spec, "evaluate"), "container", "image")));
        Assert.Equal("evaluate", Text(List(Key(Template(spec, "evaluate"), "container", "args"))[0]));
    }

    [Fact]
    public void Should_Give_The_Token_Only_To_The_Proposal_Step()
    {
        var program = SampleSpecs.Render(WithLoop(SampleSpecs.Dev()));

        var spec = Map(Object(program, "retraining-workflows-fraud-detector", "WorkflowTemplate")["spec"]);
        var withSecrets = List(spec["templates"]).Cast<MapValue>()
            .Where(t => t.TryGetValue("volumes", out var v) && List(v).Cast<MapValue>().Any(x => x.ContainsKey("secret")))
            .Select(t => Text(t["name"])).ToList();

        Assert.Equal(["propose"], withSecrets);
        Assert.Equal(new BoolValue(false), spec["automountServiceAccountToken"]);
        Assert.DoesNotContain(List(spec["volumes"]).Cast<MapValue>(), v => v.ContainsKey("secret"));
    }

    [Fact]
    public void Should_Schedule_Retraining_And_Trigger_It_From_The_Models_Drift_Alert()
    {
        var program = SampleSpecs.Render(WithLoop(SampleSpecs.Dev()));

        var cron = Object(program, "retraining-workflows-fraud-detector", "CronWorkflow");
        var sensor = Object(program, "retraining-drift-trigger", "Sensor");
        var filters = List(Key(List(Key(sensor, "spec", "dependencies"))[0], "filters", "data")).Cast<MapValue>()
            .ToDictionary(f => Text(f["path"]), f => Text(List(f["value"])[0]));
        var routes = List(Key(program.Get("monitoring-kube-prometheus-stack").Properties["values"], "alertmanager", "config", "route", "routes"));

        Assert.Equal("0 3 * * 1", Text(List(Key(cron, "spec", "schedules"))[0]));
        Assert.Equal("retrain-fraud-detector", Text(Key(cron, "spec", "workflowSpec", "workflowTemplateRef", "name")));
        Assert.Equal("fraud-detector", filters["body.commonLabels.model"]);
        Assert.Equal("firing", filters["body.status"]);
        Assert.Contains(routes.Cast<MapValue>(), r => Text(r["receiver"]) == "retraining-trigger" && Text(List(r["group_by"])[0]) == "model");
    }

    [Fact]
    public void Should_Publish_Drift_Scores_Where_The_Drift_Alert_Reads_Them()
    {
        var program = SampleSpecs.Render(WithLoop(SampleSpecs.Dev()));

        var cron = Object(program, "retraining-drift-fraud-detector", "CronWorkflow");
        var publish = Template(Map(Key(cron, "spec", "workflowSpec")), "publish");
        var env = List(Key(publish, "script", "env")).Cast<MapValue>().ToDictionary(e => Text(e["name"]), e => Text(e["value"]));
        var monitor = Manifest(program.Get("monitoring-servicemonitor-drift-pushgateway"));

        Assert.Equal("team-fraud", env["NAMESPACE"]);
        Assert.Equal("fraud-detector", env["MODEL_NAME"]);
        Assert.Equal(new BoolValue(true), Key(List(Key(monitor, "spec", "endpoints"))[0], "honorLabels"));
    }

    [Fact]
    public void Should_Pin_The_Argo_Charts()
    {
        var program = SampleSpecs.Render(WithLoop(SampleSpecs.Dev()));

        Assert.Equal("1.0.18", Text(program.Get("retraining-argo-workflows").Properties["version"]));
        Assert.Equal("2.4.22", Text(program.Get("retraining-argo-events").Properties["version"]));
    }

    [Fact]
    public void Should_Keep_Artifacts_Through_An_Irsa_Role_On_Aws()
    {
        var program = AwsSpecs.Render(WithLoop(AwsSpecs.Spec()));

        var repository = Key(program.Get("retraining-argo-workflows").Properties["values"], "artifactRepository", "s3");
        var account = program.Get("retraining-teams-fraud-service-account");

        Assert.Equal(new BoolValue(true), Key(repository, "useSDKCreds"));
        Assert.True(Map(Key(account.Properties, "metadata", "annotations")).ContainsKey("eks.amazonaws.com/role-arn"));
    }

    [Fact]
    public void Should_Keep_Artifacts_Through_A_Workload_Identity_On_Azure()
    {
        var program = SampleSpecs.Render(WithLoop(Azure.AzureSpecs.Spec()));

        var repository = Key(program.Get("retraining-argo-workflows").Properties["values"], "artifactRepository", "azure");

        Assert.Equal(new BoolValue(true), Key(repository, "useSDKCreds"));
        Assert.Equal("models", Text(Key(repository, "container")));
    }

    [Theory]
    [InlineData(DeploymentTarget.Local)]
    [InlineData(DeploymentTarget.Aws)]
    [InlineData(DeploymentTarget.Azure)]
    public void Should_Raise_No_Mandatory_Finding_On_The_Loop_Or_Gpu_Telemetry(DeploymentTarget target)
    {
        var spec = WithLoop(target switch
        {
            DeploymentTarget.Aws => AwsSpecs.Spec(),
            DeploymentTarget.Azure => Azure.AzureSpecs.Spec(),
            _ => SampleSpecs.Dev(),
        });

        var findings = AwsSpecs.MandatoryFindings(spec, Packs.PackHarness.DevPolicyConfig)
            .Where(f => f.Contains(" retraining-", StringComparison.Ordinal) || f.Contains(" dcgm-", StringComparison.Ordinal) || f.StartsWith("COST012", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(findings);
    }
}
