using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>A compliance policy judged on every container (and init container) of a Kubernetes workload's pod template.</summary>
public abstract class ContainerPolicy : ResourcePolicy
{
    public override string Pack => "compliance";

    /// <summary>Workloads: the only resources with a pod template.</summary>
    public override bool JudgesType(string type) => Workloads.IsWorkloadType(type);

    public override bool AppliesTo(ResourceView resource, StackView stack) =>
        AppliesToStack(stack) && resource.IsKubernetes && stack.TemplateOf(resource) is not null;

    protected virtual bool AppliesToStack(StackView stack) => true;

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        var template = stack.TemplateOf(resource)!;
        foreach (var v in CheckPod(template, stack)) yield return v;
        foreach (var c in template.Containers())
            foreach (var v in CheckContainer(c, stack))
                yield return v;
    }

    protected virtual IEnumerable<Violation> CheckPod(PodTemplate pod, StackView stack) => [];
    protected abstract IEnumerable<Violation> CheckContainer(ContainerRef container, StackView stack);
}
