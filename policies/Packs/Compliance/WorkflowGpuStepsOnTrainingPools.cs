using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP052: a workflow step that requests GPUs runs on a declared training pool (node selector on the pool label), tolerates
/// the GPU taint, and — on a spot pool — retries on errors, since a reclaimed node is an error, not a failure of the code.
/// </summary>
public sealed class WorkflowGpuStepsOnTrainingPools : ResourcePolicy
{
    public override string Id => "CMP052";
    public override string Pack => "compliance";
    public override string Title => "Workflow GPU steps must run on a training pool, tolerate its taint and retry on spot";
    public override string Rationale =>
        "Batch GPU work scheduled on inference nodes starves serving, and a step without the pool's selector lands wherever a GPU is free. " +
        "Training pools run on spot capacity (COST006): a step there without a retry on errors loses the run at the first reclaimed node.";
    public override string Remediation =>
        "Set nodeSelector supplychain.dev/gpu-pool to a pool whose purpose is training, tolerate nvidia.com/gpu, and on a spot pool set " +
        "retryStrategy with limit ≥ 1 and retryPolicy OnError or Always (the Retraining component renders all three).";
    public override Severity Severity => Severity.Medium;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Iso42001("A.4.5"), Frameworks.NistAiRmf("MANAGE 2.1"), Frameworks.Soc2("A1.2")];

    /// <summary>Needs the declared pools: not applicable when auditing engine output without config.</summary>
    public override bool JudgesType(string type) => ArgoWorkflows.IsWorkflowType(type);

    public override bool AppliesTo(ResourceView resource, StackView stack) =>
        stack.Spec is not null && ArgoWorkflows.IsWorkflow(resource) && ArgoWorkflows.SpecOf(resource).Spec is { } spec
        && ArgoWorkflows.PodTemplates(spec, "").Any(t => ArgoWorkflows.Gpus(t.Container) > 0);

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        var (spec, path) = ArgoWorkflows.SpecOf(resource);
        var pools = stack.Spec?.GpuPools ?? [];
        foreach (var (template, templatePath, container) in ArgoWorkflows.PodTemplates(spec!, path).Where(t => ArgoWorkflows.Gpus(t.Container) > 0))
        {
            var name = template.At("name")?.ToString();
            var selector = template.At("nodeSelector") as MapValue ?? spec!.At("nodeSelector") as MapValue;
            var poolName = selector is not null && selector.TryGetValue(Labels.GpuPool, out var p) ? p.ToString() : null;
            var pool = pools.FirstOrDefault(x => x.Name == poolName);
            if (pool is not { Purpose: GpuPoolPurpose.Training })
                yield return new Violation(resource.Name, templatePath + ".nodeSelector", poolName,
                    poolName is null ? $"GPU step '{name}' selects no GPU pool" : $"GPU step '{name}' runs on '{poolName}', which is not a declared training pool");
            var tolerations = template.At("tolerations") as ListValue ?? spec!.At("tolerations") as ListValue ?? [];
            if (!tolerations.OfType<MapValue>().Any(t => t.At("key")?.ToString() == "nvidia.com/gpu"))
                yield return new Violation(resource.Name, templatePath + ".tolerations", null, $"GPU step '{name}' does not tolerate the nvidia.com/gpu taint");
            if (pool is { Spot: true } && !RetriesOnError(template.At("retryStrategy") as MapValue))
                yield return new Violation(resource.Name, templatePath + ".retryStrategy", template.At("retryStrategy")?.ToString(),
                    $"GPU step '{name}' runs on spot pool '{pool.Name}' without retrying on errors (reclaimed nodes)");
        }
    }

    private static bool RetriesOnError(MapValue? retry)
    {
        if (retry is null) return false;
        var limit = retry.At("limit");
        var hasLimit = limit is { IsComputed: true } || limit is NumberValue { Number: >= 1 } || limit is StringValue s && int.TryParse(s.Text, out var n) && n >= 1;
        var policy = retry.At("retryPolicy")?.ToString();
        return hasLimit && policy is "OnError" or "Always";
    }
}
