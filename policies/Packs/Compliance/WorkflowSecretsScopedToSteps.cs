using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP053: a workflow mounts a Secret only in the step that needs it: no Secret volume at workflow level (it reaches every
/// step's pod), no <c>envFrom</c> of a whole Secret, and main containers get no Kubernetes API token.
/// </summary>
public sealed class WorkflowSecretsScopedToSteps : ResourcePolicy
{
    public override string Id => "CMP053";
    public override string Pack => "compliance";
    public override string Title => "Workflow secrets must be mounted only by the steps that need them";
    public override string Rationale =>
        "A workflow runs code of several owners (the team's training image, third-party libraries); a Secret at workflow level, " +
        "or the service account token in every container, hands the repository token or the API to all of them.";
    public override string Remediation =>
        "Declare Secret volumes in the template of the step that uses them (template-level volumes), reference single keys instead of envFrom, " +
        "and set automountServiceAccountToken: false with executor.serviceAccountName so only Argo's executor holds a token.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("CC6.1"), Frameworks.Soc2("CC6.3"), Frameworks.CisKubernetes("5.4.1")];

    public override bool JudgesType(string type) => ArgoWorkflows.IsWorkflowType(type);

    public override bool AppliesTo(ResourceView resource, StackView stack) =>
        ArgoWorkflows.IsWorkflow(resource) && ArgoWorkflows.SpecOf(resource).Spec is { } spec && !ArgoWorkflows.ReferencesTemplate(spec);

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        var (spec, path) = ArgoWorkflows.SpecOf(resource);
        if (spec!.At("volumes") is ListValue volumes)
            for (var i = 0; i < volumes.Count; i++)
                if (volumes[i] is MapValue v && (v.TryGetValue("secret", out _) || v.At("projected.sources") is ListValue sources && sources.OfType<MapValue>().Any(s => s.TryGetValue("secret", out _))))
                    yield return new Violation(resource.Name, $"{path}.volumes[{i}]", v.At("name")?.ToString(),
                        $"Secret volume '{v.At("name")}' is declared for every step of the workflow");
        var automount = spec.At("automountServiceAccountToken");
        if (automount is not BoolValue { Flag: false } && automount is not { IsComputed: true })
            yield return new Violation(resource.Name, path + ".automountServiceAccountToken", automount?.ToString(),
                "every step's main container gets the service account's API token (set automountServiceAccountToken: false and executor.serviceAccountName)");
        foreach (var (template, templatePath, container) in ArgoWorkflows.PodTemplates(spec, path))
            if (container.At("envFrom") is ListValue envFrom && envFrom.OfType<MapValue>().Any(e => e.TryGetValue("secretRef", out _)))
                yield return new Violation(resource.Name, templatePath + ".envFrom", null, $"step '{template.At("name")}' imports a whole Secret (envFrom)");
    }
}
