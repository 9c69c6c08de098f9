using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP054: a Service with a selector selects the pods of some workload in its namespace (kube-score's service-targets-pod).
/// A Service without a selector (endpoints managed elsewhere, ExternalName) is not applicable; so is one whose namespace
/// also holds a Helm chart's pods and that matches no visible pod, since only the chart knows those pods' labels.
/// </summary>
public sealed class ServicesSelectPods : ResourcePolicy
{
    public override string Id => "CMP054";
    public override string Pack => "compliance";
    public override string Title => "Every Service with a selector must select the pods of a workload in its namespace";
    public override string Rationale =>
        "A Service whose selector matches no pod has no endpoints: clients get connection refused, and the model server or tracking " +
        "store looks deployed while nothing answers. A renamed label in a component is caught here, before the rollout, not by an outage.";
    public override string Remediation =>
        "Make spec.selector a subset of the pod template labels of the workload the Service fronts (the same namespace), or remove the Service.";
    public override Severity Severity => Severity.Medium;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("A1.2"), Frameworks.Soc2("CC8.1")];
    public override IReadOnlyList<string> PeerEquivalents => ["kube-score:service-targets-pod"];

    public override bool JudgesType(string type) => type == KubeTypes.Service || Workloads.KindOf(type) == "Service";

    public override bool AppliesTo(ResourceView resource, StackView stack) =>
        Is(resource) && Selector(resource) is { Count: > 0 } selector && Workloads.NamespaceOf(resource) is { } ns
        && (NamespacePods.Of(stack, ns) is var pods && (!pods.HasChartPods || pods.AnySelected(selector)));

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        var selector = Selector(resource)!;
        var ns = Workloads.NamespaceOf(resource)!;
        if (!NamespacePods.Of(stack, ns).AnySelected(selector))
            yield return new Violation(resource.Name, "spec.selector", selector.ToString(),
                $"the Service selects no pod: no workload in namespace '{ns}' has pod labels {selector}");
    }

    private static bool Is(ResourceView r) =>
        (r.Type == KubeTypes.Service || r.IsKubernetes && Workloads.Kind(r) == "Service")
        && (r.Properties.At("spec.type") as StringValue)?.Text != "ExternalName";

    private static MapValue? Selector(ResourceView r) => r.Properties.At("spec.selector") as MapValue;
}
