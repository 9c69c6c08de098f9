using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Tests.Support;

namespace Supplychain.Tests.Azure;

/// <summary>An azure-target spec of the sample shape, with Azure GPU sizes, CI and Azure options.</summary>
internal static class AzureSpecs
{
    public static SupplyChainSpec Spec(EnvironmentTier env = EnvironmentTier.Staging, params ModelSpec[] models)
    {
        var dev = SampleSpecs.Dev(DeploymentTarget.Azure, env, models);
        return dev with
        {
            Stack = SampleSpecs.Context(DeploymentTarget.Azure, env, "staging-azure"),
            GpuPools =
            [
                new GpuPoolSpec("inference", GpuPoolPurpose.Inference, "Standard_NC8as_T4_v3", 1, 0, 2, false),
                new GpuPoolSpec("training", GpuPoolPurpose.Training, "Standard_NC24ads_A100_v4", 1, 0, 2, true),
            ],
            Azure = new AzureTargetSpec("eastus") { DeployerObjectId = "9f3c2b1a-7d6e-4c5b-8a9f-0e1d2c3b4a59" },
            Ci = new CiSpec("acme-ml/ml-platform", "main"),
        };
    }

    public static PulumiProgram Render(SupplyChainSpec? spec = null) => SampleSpecs.Render(spec ?? Spec());

    public static IReadOnlyList<Resource> OfType(this PulumiProgram program, string type) =>
        program.Resources.Where(r => r.Type == type).ToList();
}
