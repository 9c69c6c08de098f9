using Supplychain.Components.Domain;
using Supplychain.Components.GpuNodePool;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using static Supplychain.Tests.ComponentTests.ComponentKit;

namespace Supplychain.Tests.ComponentTests;

public sealed class GpuSchedulingTests
{
    private static readonly GpuPoolSpec Inference = new("inference", GpuPoolPurpose.Inference, "nvidia-l4", 1, 0, 2, false);
    private static readonly GpuPoolSpec Training = new("training", GpuPoolPurpose.Training, "nvidia-a100-40gb", 4, 0, null, true);

    private static (PulumiProgram Program, GpuScheduling Scheduling) Render()
    {
        var program = new PulumiProgram();
        var scheduling = new GpuScheduling(Root(program), "gpu", new GpuSchedulingArgs
        {
            Teams = [new TeamSpec("fraud", GpuQuota: 2), new TeamSpec("search")],
            Pools = [Inference, Training],
            TeamNamespaceResources = new Dictionary<string, string> { ["fraud"] = "teams-fraud-namespace", ["search"] = "teams-search-namespace" },
        });
        return (program, scheduling);
    }

    [Fact]
    public void Should_Install_The_Pinned_Device_Plugin_Only_On_Gpu_Pool_Nodes()
    {
        var (program, scheduling) = Render();

        var release = program.Get(scheduling.DevicePluginRelease);
        var values = release.Properties["values"];
        var term = Map(List(Key(values, "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"))[0]);
        var expression = Map(List(term["matchExpressions"])[0]);

        Assert.Equal("nvidia-device-plugin", Text(release.Properties["chart"]));
        Assert.Equal("0.17.0", Text(release.Properties["version"]));
        Assert.Equal("https://nvidia.github.io/k8s-device-plugin", Text(release.Properties.At("repositoryOpts.repo")));
        Assert.Equal("gpu-system", Text(release.Properties["namespace"]));
        Assert.Equal(Labels.GpuPool, Text(expression["key"]));
        Assert.Equal("Exists", Text(expression["operator"]));
        Assert.Contains(List(Key(values, "tolerations")), t => Text(Map(t)["key"]) == "nvidia.com/gpu");
    }

    [Fact]
    public void Should_Run_The_Device_Plugin_In_A_Privileged_Namespace()
    {
        var (program, scheduling) = Render();

        var ns = program.Get(scheduling.NamespaceResource);

        Assert.Equal("gpu-system", Text(ns.Properties.At("metadata.name")));
        Assert.Equal("privileged", Text(Key(ns.Properties.At("metadata.labels")!, "pod-security.kubernetes.io/enforce")));
    }

    [Fact]
    public void Should_Let_Inference_Preempt_Training_And_Training_Preempt_Nobody()
    {
        var (program, _) = Render();

        var classes = program.Resources.Where(r => r.Type == KubeTypes.PriorityClass)
            .ToDictionary(r => Text(r.Properties.At("metadata.name")), r => r.Properties);

        Assert.Equal("Never", Text(classes[GpuScheduling.TrainingPriorityClass]["preemptionPolicy"]));
        Assert.Equal("PreemptLowerPriority", Text(classes[GpuScheduling.InferencePriorityClass]["preemptionPolicy"]));
        Assert.True(((NumberValue)classes[GpuScheduling.InferencePriorityClass]["value"]).Number > ((NumberValue)classes[GpuScheduling.TrainingPriorityClass]["value"]).Number);
    }

    [Theory]
    [InlineData("fraud", "2")]
    [InlineData("search", "0")]
    public void Should_Cap_Each_Team_Gpu_Requests_At_Its_Quota(string team, string gpus)
    {
        var (program, _) = Render();

        var quota = program.Get("gpu-quota-" + team);

        Assert.Equal("team-" + team, Text(quota.Properties.At("metadata.namespace")));
        Assert.Equal(gpus, Text(Key(quota.Properties.At("spec.hard")!, "requests.nvidia.com/gpu")));
        Assert.Equal([$"teams-{team}-namespace"], quota.Options.DependsOn);
    }

    [Fact]
    public void Should_Publish_The_Pool_Contract_After_The_Gpu_System_Namespace()
    {
        var (program, scheduling) = Render();
        var pool = new GpuNodePool(Root(program).Child("gpu-pools"), "inference", new GpuNodePoolArgs { Pool = Inference });

        var cm = program.Get("gpu-pools-inference-contract");
        var data = Map(cm.Properties["data"]);

        Assert.Equal("gpu-pool-inference", Text(cm.Properties.At("metadata.name")));
        Assert.Equal("gpu-system", Text(cm.Properties.At("metadata.namespace")));
        Assert.Equal([scheduling.NamespaceResource], cm.Options.DependsOn);
        Assert.Equal("supplychain.dev/gpu-pool=inference", Text(data["nodeLabels"]));
        Assert.Equal("nvidia.com/gpu=present:NoSchedule", Text(data["nodeTaint"]));
        Assert.Equal("1", Text(data["gpusPerNode"]));
        Assert.Equal("2", Text(data["maxNodes"]));
        Assert.Equal(GpuScheduling.InferencePriorityClass, pool.Placement.PriorityClassName);
        Assert.Equal("inference", pool.Placement.NodeSelector[Labels.GpuPool]);
    }

    [Fact]
    public void Should_Leave_An_Undeclared_Maximum_Out_Of_The_Contract()
    {
        var program = new PulumiProgram();

        _ = new GpuNodePool(Root(program), "training", new GpuNodePoolArgs { Pool = Training, SystemNamespaceResource = "gpu-namespace" });

        var cm = program.Get("training-contract");
        Assert.False(Map(cm.Properties["data"]).ContainsKey("maxNodes"));
        Assert.Equal("true", Text(Map(cm.Properties["data"])["spot"]));
        Assert.Equal(["gpu-namespace"], cm.Options.DependsOn);
    }
}
