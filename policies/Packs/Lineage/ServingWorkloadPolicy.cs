using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Lineage;

/// <summary>A lineage policy judged on each serving workload.</summary>
public abstract class ServingWorkloadPolicy : ResourcePolicy
{
    public override string Pack => "lineage";

    /// <summary>Whether the stack's environment is in scope (all by default).</summary>
    protected virtual bool AppliesToStack(StackView stack) => true;

    /// <summary>Workloads: the only resources that serve a model (<see cref="ServedModel.IsServing"/>).</summary>
    public override bool JudgesType(string type) => Workloads.IsWorkloadType(type);

    public override bool AppliesTo(ResourceView resource, StackView stack) => AppliesToStack(stack) && stack.IsServing(resource);

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack) => Check(new ServedModel(resource, stack.TemplateOf(resource)), stack);

    protected abstract IEnumerable<Violation> Check(ServedModel model, StackView stack);

    /// <summary>A violation unless the annotation is set (literal, non-blank) or computed.</summary>
    protected static IEnumerable<Violation> RequireAnnotation(ServedModel m, string key, string what)
    {
        if (m.Annotation(key) is null && !m.IsComputed(key))
            yield return new Violation(m.Workload.Name, m.AnnotationPath(key), m.AnnotationValue(key)?.ToString(),
                $"model '{m.ModelName}' does not record its {what} ({key})");
    }
}
