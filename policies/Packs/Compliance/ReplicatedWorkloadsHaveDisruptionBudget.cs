using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP040: a Deployment, StatefulSet or Rollout with more than one replica has a PodDisruptionBudget in its namespace whose
/// selector matches its pod labels and which allows at least one disruption's worth of availability (minAvailable or
/// maxUnavailable set). Single-replica workloads cannot keep availability through a drain anyway: not applicable.
/// </summary>
public sealed class ReplicatedWorkloadsHaveDisruptionBudget : ResourcePolicy
{
    private static readonly string[] Replicated = ["Deployment", "StatefulSet", "Rollout"];

    public override string Id => "CMP040";
    public override string Pack => "compliance";
    public override string Title => "Replicated workloads must have a PodDisruptionBudget selecting their pods";
    public override string Rationale =>
        "Node upgrades and autoscaler scale-downs drain nodes; without a disruption budget they may evict every replica of a model server at " +
        "once, turning routine maintenance into an outage.";
    public override string Remediation => "Add a policy/v1 PodDisruptionBudget in the workload's namespace with the workload's selector and minAvailable (or maxUnavailable).";
    public override Severity Severity => Severity.Medium;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("A1.2")];
    public override IReadOnlyList<string> PeerEquivalents =>
    [
        "polaris:missingPodDisruptionBudget", "kube-score:statefulset-has-poddisruptionbudget",
        "kube-score:deployment-has-poddisruptionbudget"
    ];

    public override bool JudgesType(string type) => Replicated.Contains(Workloads.KindOf(type));

    public override bool AppliesTo(ResourceView resource, StackView stack) =>
        resource.IsKubernetes && Replicated.Contains(Workloads.Kind(resource)) && resource.Properties.At("spec.replicas") is NumberValue { Number: > 1 };

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        var ns = Workloads.NamespaceOf(resource);
        var labels = Workloads.TemplateOf(resource)?.Labels;
        var covered = Budgets(stack)[ns].Any(selector => Selects(selector, labels));
        if (!covered)
            yield return new Violation(resource.Name, "spec.replicas", resource.Properties.At("spec.replicas")?.ToString(),
                "no PodDisruptionBudget in the namespace selects the workload's pods");
    }

    // The selectors of the budgets that set minAvailable or maxUnavailable, by namespace (null: not literal), in stack
    // order: found once per stack rather than by a scan for every replicated workload.
    private static ILookup<string?, MapValue?> Budgets(StackView stack) =>
        stack.Derived("CMP040.budgets", resources => resources
            .Where(r => r.Type == KubeTypes.PodDisruptionBudget || r.IsKubernetes && Workloads.Kind(r) == "PodDisruptionBudget")
            .Where(p => p.Properties.At("spec.minAvailable") is not null || p.Properties.At("spec.maxUnavailable") is not null)
            .ToLookup(Workloads.NamespaceOf, p => p.Properties.At("spec.selector.matchLabels") as MapValue));

    private static bool Selects(MapValue? selector, MapValue? labels) =>
        selector is { Count: > 0 } && labels is not null && selector.All(kv => Workloads.Entry(labels, kv.Key)?.Equals(kv.Value) == true);
}
