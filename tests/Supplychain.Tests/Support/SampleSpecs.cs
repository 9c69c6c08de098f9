using Supplychain.Components.Domain;
using Supplychain.Components.Model;

namespace Supplychain.Tests.Support;

/// <summary>Specs built in code for component tests (the dev stack's shape, without reading config).</summary>
public static class SampleSpecs
{
    public static StackContext Context(DeploymentTarget target = DeploymentTarget.Local, EnvironmentTier env = EnvironmentTier.Dev, string stack = "dev") =>
        new(stack, target, env, "ml-platform", "cc-4120", "internal");

    public static LineageSpec FullLineage(string approval = "approved") => new(
        DatasetDigest: "sha256:" + new string('a', 64),
        DatasetVersion: "transactions-2026-10-31",
        TrainingRun: "6f9e2c1d8a7b4e3f",
        CodeCommit: new string('4', 40),
        Hyperparameters: new Dictionary<string, string> { ["learningRate"] = "0.05" },
        Metrics: new Dictionary<string, decimal> { ["auc"] = 0.962m },
        Approval: new ApprovalSpec(approval, "risk-model-board", "2026-11-02"));

    public static ModelSpec Model(string name = "fraud-detector", string team = "fraud", int gpus = 0, LineageSpec? lineage = null, bool omitLineage = false) => new(
        name, team, "1.4.2",
        $"ghcr.io/acme-ml/{name}:1.4.2@sha256:" + new string('b', 64),
        new ArtifactSpec($"s3://models/{name}/1.4.2/model.onnx", "sha256:" + new string('c', 64)),
        omitLineage ? null : lineage ?? FullLineage(),
        // A GPU model runs one replica (as in Pulumi.dev.yaml): two L4-hours per hour would break the sample team budget.
        new ServingSpec(Replicas: gpus > 0 ? 1 : 2, Gpus: gpus, GpuPool: gpus > 0 ? "inference" : null));

    public static SupplyChainSpec Dev(DeploymentTarget target = DeploymentTarget.Local, EnvironmentTier env = EnvironmentTier.Dev, params ModelSpec[] models) => new(
        Context(target, env),
        [new TeamSpec("fraud", GpuQuota: 2, MonthlyBudgetUsd: 1200m, Groups: ["fraud-ml-engineers"]), new TeamSpec("search", GpuQuota: 1, MonthlyBudgetUsd: 800m)],
        [
            new GpuPoolSpec("inference", GpuPoolPurpose.Inference, "nvidia-l4", 1, 0, 2, false),
            new GpuPoolSpec("training", GpuPoolPurpose.Training, "nvidia-a100-40gb", 4, 0, 1, true),
        ],
        models.Length > 0 ? models : [Model(), Model("query-ranker", "search", gpus: 1)],
        new LocalTargetSpec(),
        new BudgetSpec(2500m, ["ml-platform@example.com"]));

    /// <summary>Renders the whole supply chain of a spec into a fresh program.</summary>
    public static PulumiProgram Render(SupplyChainSpec spec)
    {
        var program = new PulumiProgram();
        _ = new global::Supplychain.Components.SupplyChain.SupplyChain(program, spec);
        return program;
    }
}
