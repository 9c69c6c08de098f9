using System.Text.Json.Nodes;
using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Tests.Settings;
using Supplychain.Tests.Support;

namespace Supplychain.Tests.Naming;

/// <summary>GPU requests are judged against the pool that will run them; the default pool is the first inference pool.</summary>
public sealed class GpuPlacementTests
{
    private static JsonObject Pool(string name, string purpose, int gpus) =>
        new() { ["name"] = name, ["purpose"] = purpose, ["instanceType"] = "nvidia-l4", ["gpusPerNode"] = gpus, ["maxNodes"] = 2 };

    [Fact]
    public void Should_Reject_More_GPUs_Than_The_Default_Pool_Has_Per_Node()
    {
        var config = SettingsHarness.Valid();
        SettingsHarness.Model(config, 1)["serving"] = new JsonObject { ["gpus"] = 3 };

        var error = SettingsHarness.SingleError(config);

        Assert.Equal("supplychain:models[1].serving.gpus", error.Key);
        Assert.Contains("pool \"inference\" (the default: the first inference pool)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Reject_A_GPU_Model_Without_A_Pool_When_No_Inference_Pool_Exists()
    {
        var config = SettingsHarness.Valid();
        config["gpuPools"] = new JsonArray(Pool("training", "training", 4));
        SettingsHarness.Model(config, 1)["serving"] = new JsonObject { ["gpus"] = 1 };

        var error = SettingsHarness.SingleError(config);

        Assert.Equal("supplychain:models[1].serving.gpus", error.Key);
        Assert.Contains("no inference pool is declared", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Run_A_GPU_Model_On_A_Training_Pool_Only_When_It_Names_It()
    {
        var config = SettingsHarness.Valid();
        config["gpuPools"] = new JsonArray(Pool("training", "training", 4));
        SettingsHarness.Model(config, 1)["serving"] = new JsonObject { ["gpus"] = 2, ["gpuPool"] = "training" };

        Assert.Equal("training", SettingsHarness.ReadYaml(config).Spec.Models[1].Serving.GpuPool);
    }

    [Fact]
    public void Should_Name_The_First_Inference_Pool_As_The_Default()
    {
        GpuPoolSpec[] pools =
        [
            new("batch", GpuPoolPurpose.Training, "a100", 4, 0, 1, true),
            new("online", GpuPoolPurpose.Inference, "l4", 1, 0, 2, false),
            new("online-2", GpuPoolPurpose.Inference, "l4", 2, 0, 2, false),
        ];

        Assert.Equal("online", GpuPoolSpec.DefaultServingPool(pools)?.Name);
        Assert.Null(GpuPoolSpec.DefaultServingPool(pools[..1]));
    }

    [Fact]
    public void Should_Render_No_GPU_Plumbing_Without_A_GPU_Pool()
    {
        var spec = SampleSpecs.Dev(DeploymentTarget.Local, EnvironmentTier.Dev, SampleSpecs.Model()) with { GpuPools = [] };

        var program = SampleSpecs.Render(spec);

        Assert.DoesNotContain(program.Resources, r => r.Name.StartsWith("gpu-", StringComparison.Ordinal));
        Assert.DoesNotContain(program.Resources, r => r.Type == KubeTypes.Namespace && r.Properties.At("metadata.name")?.ToString() == "gpu-system");
        Assert.DoesNotContain(program.Resources, r => r.Type == "kubernetes:helm.sh/v3:Release" && r.Properties.At("chart")?.ToString() == "nvidia-device-plugin");
    }
}
