using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>CMP051: every Argo workflow has a deadline, and so has every GPU step.</summary>
public sealed class WorkflowsSetDeadlines : ResourcePolicy
{
    public override string Id => "CMP051";
    public override string Pack => "compliance";
    public override string Title => "Workflows must set a deadline, and GPU steps their own";
    public override string Rationale =>
        "A workflow without activeDeadlineSeconds can hold GPUs for days after a hang (a stuck data loader, a dead NCCL peer); " +
        "the cost is the largest in the platform and nobody is paged. A GPU step's own deadline bounds one attempt, so retries stay bounded too.";
    public override string Remediation =>
        "Set spec.activeDeadlineSeconds on the Workflow, WorkflowTemplate or CronWorkflow's workflowSpec (retraining.timeoutMinutes), and " +
        "activeDeadlineSeconds on every template that requests nvidia.com/gpu (retraining.trainTimeoutMinutes).";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("A1.1"), Frameworks.Iso42001("A.4.5"), Frameworks.NistAiRmf("MANAGE 2.1")];

    public override bool JudgesType(string type) => ArgoWorkflows.IsWorkflowType(type);

    public override bool AppliesTo(ResourceView resource, StackView stack) =>
        ArgoWorkflows.IsWorkflow(resource) && ArgoWorkflows.SpecOf(resource).Spec is { } spec && !ArgoWorkflows.ReferencesTemplate(spec);

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        var (spec, path) = ArgoWorkflows.SpecOf(resource);
        if (!Positive(spec!.At("activeDeadlineSeconds")))
            yield return new Violation(resource.Name, path + ".activeDeadlineSeconds", spec.At("activeDeadlineSeconds")?.ToString(),
                "the workflow has no deadline (activeDeadlineSeconds)");
        foreach (var (template, templatePath, container) in ArgoWorkflows.PodTemplates(spec, path))
            if (ArgoWorkflows.Gpus(container) > 0 && !Positive(template.At("activeDeadlineSeconds")))
                yield return new Violation(resource.Name, templatePath + ".activeDeadlineSeconds", template.At("activeDeadlineSeconds")?.ToString(),
                    $"GPU step '{template.At("name")}' has no deadline of its own");
    }

    private static bool Positive(Value? v) => v is { IsComputed: true } || v is NumberValue { Number: > 0 }
        || v is StringValue s && decimal.TryParse(s.Text, System.Globalization.CultureInfo.InvariantCulture, out var d) && d > 0;
}
