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
        var labels = stack.TemplateOf(resource)?.Labels;
        var covered = labels is not null && Budgets(stack).GetValueOrDefault(ns ?? NoNamespace) is { } budgets && budgets.AnySelects(labels);
        if (!covered)
            yield return new Violation(resource.Name, "spec.replicas", resource.Properties.At("spec.replicas")?.ToString(),
                "no PodDisruptionBudget in the namespace selects the workload's pods");
    }

    // The selectors of the budgets that set minAvailable or maxUnavailable, by namespace (a key no namespace has for one that
    // is not literal): found once per stack rather than by a scan for every replicated workload, and indexed by their first
    // label, since a namespace of a fleet holds a budget per model.
    private static Dictionary<string, NamespaceBudgets> Budgets(StackView stack) =>
        stack.Derived("CMP040.budgets", resources =>
        {
            var budgets = new Dictionary<string, NamespaceBudgets>(StringComparer.Ordinal);
            foreach (var r in resources)
            {
                if (!(r.Type == KubeTypes.PodDisruptionBudget || r.IsKubernetes && Workloads.Kind(r) == "PodDisruptionBudget")) continue;
                if (r.Properties.At("spec.minAvailable") is null && r.Properties.At("spec.maxUnavailable") is null) continue;
                var ns = Workloads.NamespaceOf(r) ?? NoNamespace;
                if (!budgets.TryGetValue(ns, out var inNamespace)) budgets[ns] = inNamespace = new NamespaceBudgets();
                inNamespace.Add(r.Properties.At("spec.selector.matchLabels") as MapValue);
            }
            return budgets;
        });

    private const string NoNamespace = "\0 not literal";

    private sealed class NamespaceBudgets
    {
        private readonly Dictionary<(string Key, string Text), List<MapValue>> byFirstLabel = [];
        private readonly List<MapValue> others = [];

        public void Add(MapValue? selector)
        {
            if (selector is not { Count: > 0 }) return; // selects nothing (Selects)
            var (key, value) = selector.First();
            if (value is not StringValue { Text: var text }) { others.Add(selector); return; }
            if (!byFirstLabel.TryGetValue((key, text), out var list)) byFirstLabel[(key, text)] = list = [];
            list.Add(selector);
        }

        /// <summary>Whether a budget's selector selects the labels: only those whose first label the pods carry are tried.</summary>
        public bool AnySelects(MapValue labels)
        {
            foreach (var (key, value) in labels)
                if (value is StringValue { Text: var text } && byFirstLabel.TryGetValue((key, text), out var candidates))
                    foreach (var selector in candidates)
                        if (Selects(selector, labels)) return true;
            foreach (var selector in others)
                if (Selects(selector, labels)) return true;
            return false;
        }
    }

    private static bool Selects(MapValue? selector, MapValue? labels) =>
        selector is { Count: > 0 } && labels is not null && selector.All(kv => Workloads.Entry(labels, kv.Key)?.Equals(kv.Value) == true);
}
