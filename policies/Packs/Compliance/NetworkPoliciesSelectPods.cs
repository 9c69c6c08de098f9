using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP055: a NetworkPolicy's <c>podSelector</c> (matchLabels and matchExpressions) selects some pod in its namespace (kube-score's
/// networkpolicy-targets-pod); an empty selector selects every pod, so it needs at least one. Argo workflow steps count as pods,
/// with the workflow label their controller adds. A namespace that also holds a Helm chart's pods cannot be judged
/// when no visible pod matches: only the chart knows those pods' labels.
/// </summary>
public sealed class NetworkPoliciesSelectPods : ResourcePolicy
{
    public override string Id => "CMP055";
    public override string Pack => "compliance";
    public override string Title => "Every NetworkPolicy must select pods that exist in its namespace";
    public override string Rationale =>
        "A NetworkPolicy that selects no pod enforces nothing: the allowance or isolation it was written for silently does not apply, and " +
        "the pods it meant to guard keep whatever other policies give them. It is almost always a renamed label or a wrong namespace.";
    public override string Remediation =>
        "Make spec.podSelector.matchLabels a subset of the pod template labels of a workload in the policy's namespace, or remove the policy.";
    public override Severity Severity => Severity.Medium;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.CisKubernetes("5.3.2"), Frameworks.Soc2("CC6.6")];
    public override IReadOnlyList<string> PeerEquivalents => ["kube-score:networkpolicy-targets-pod"];

    public override bool JudgesType(string type) => type == KubeTypes.NetworkPolicy || Workloads.KindOf(type) == "NetworkPolicy";

    public override bool AppliesTo(ResourceView resource, StackView stack) =>
        Is(resource) && Selector(resource) is { } selector && Workloads.NamespaceOf(resource) is { } ns
        && (NamespacePods.Of(stack, ns) is var pods && (!pods.HasChartPods || pods.AnySelectedBy(selector)));

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        var selector = Selector(resource)!;
        var ns = Workloads.NamespaceOf(resource)!;
        if (!NamespacePods.Of(stack, ns).AnySelectedBy(selector))
            yield return new Violation(resource.Name, "spec.podSelector", selector.ToString(),
                selector.Count == 0 ? $"the policy selects every pod of namespace '{ns}', which holds none" : $"no pod in namespace '{ns}' matches {selector}");
    }

    private static bool Is(ResourceView r) => r.Type == KubeTypes.NetworkPolicy || r.IsKubernetes && Workloads.Kind(r) == "NetworkPolicy";

    private static MapValue? Selector(ResourceView r) => r.Properties.At("spec.podSelector") as MapValue;
}
