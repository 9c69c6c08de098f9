using Supplychain.Components.Domain;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Judging;

namespace Supplychain.Policies.YamlPolicies;

/// <summary>
/// A policy a platform team declared in YAML (<see cref="CustomPolicyLoader"/>): metadata as any policy, resource types
/// as globs, optional stack filters and <c>when</c> conditions for applicability, and the conditions a compliant resource
/// meets. Each failed condition is one violation naming the property path and the observed value.
/// </summary>
[DeclaredInFiles]
public sealed class CustomPolicy : ResourcePolicy, IPlansStreaming
{
    internal CustomPolicy(CustomPolicyDefinition definition, string source)
    {
        Definition = definition;
        Source = source;
    }

    internal CustomPolicyDefinition Definition { get; }

    /// <summary>The file it was declared in, relative to the project root.</summary>
    public string Source { get; }

    public override string Id => Definition.Id;
    public override string Name => Definition.Name;
    public override string Pack => PolicyPacks.Custom.Name;
    public override string Title => Definition.Title;
    public override string Rationale => Definition.Rationale;
    public override string Remediation => Definition.Remediation;
    public override Severity Severity => Definition.Severity;
    public override Enforcement DefaultEnforcement => Definition.Enforcement;
    public override IReadOnlyList<FrameworkControl> Controls => Definition.Controls;

    /// <summary>The declared <c>resourceTypes</c> globs.</summary>
    public override bool JudgesType(string type) => Definition.ResourceTypes.Any(glob => Glob.Matches(glob, type));

    public override bool AppliesTo(ResourceView resource, StackView stack) =>
        Definition.ResourceTypes.Any(glob => Glob.Matches(glob, resource.Type))
        && (Definition.Environments.Count == 0 || Definition.Environments.Contains(stack.Stack.EnvironmentName))
        && (Definition.Targets.Count == 0 || Definition.Targets.Contains(stack.Stack.TargetName))
        && Definition.When.All(c => c.Check(resource, stack) is null);

    /// <summary>Local, unless a <c>referencedBy</c> condition reads other resources: then the judged and referencing types are kept.</summary>
    public StreamingPlan StreamingPlan(StackContext stack) => ReferencedTypes() is { Count: > 0 } referenced
        ? Judging.StreamingPlan.Finish(r => Judges(r.Type) || referenced.Any(glob => Glob.Matches(glob, r.Type)), $"resources of type {string.Join(", ", referenced)}")
        : Judging.StreamingPlan.Local;

    /// <summary>Whether the policy's resource types include this one (its other conditions aside).</summary>
    internal bool Judges(string type) => Definition.ResourceTypes.Any(glob => Glob.Matches(glob, type));

    /// <summary>The type globs of its <c>referencedBy</c> conditions: the other resources its verdict reads (none: it is local).</summary>
    internal IReadOnlyList<string> ReferencedTypes()
    {
        var globs = new List<string>();
        void Walk(Condition c)
        {
            switch (c)
            {
                case ReferencedBy r: globs.Add(r.TypeGlob); break;
                case AllOf a: foreach (var i in a.Conditions) Walk(i); break;
                case AnyOf a: foreach (var i in a.Conditions) Walk(i); break;
                case NotOf n: Walk(n.Inner); break;
            }
        }
        foreach (var c in Definition.When.Concat(Definition.Conditions)) Walk(c);
        return globs;
    }

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        foreach (var condition in Definition.Conditions)
            if (condition.Check(resource, stack) is { } failure)
                yield return new Violation(resource.Name, failure.Path, failure.Observed, failure.Message);
    }
}

internal sealed record CustomPolicyDefinition(
    string Id,
    string Name,
    string Title,
    string Rationale,
    string Remediation,
    Severity Severity,
    Enforcement Enforcement,
    IReadOnlyList<FrameworkControl> Controls,
    IReadOnlyList<string> ResourceTypes,
    IReadOnlyList<string> Environments,
    IReadOnlyList<string> Targets,
    IReadOnlyList<Condition> When,
    IReadOnlyList<Condition> Conditions);
