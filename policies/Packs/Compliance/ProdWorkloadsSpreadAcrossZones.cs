using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP041: in prod, a Deployment, StatefulSet or Rollout with more than one replica spreads its pods across nodes or zones:
/// a <c>topologySpreadConstraints</c> entry on <c>topology.kubernetes.io/zone</c> or <c>kubernetes.io/hostname</c>, or a pod
/// anti-affinity on one of those keys. Dev and staging may pack replicas onto one node to save cost.
/// </summary>
public sealed class ProdWorkloadsSpreadAcrossZones : ResourcePolicy
{
    private static readonly string[] Replicated = ["Deployment", "StatefulSet", "Rollout"];
    private static readonly string[] SpreadKeys = ["topology.kubernetes.io/zone", "kubernetes.io/hostname"];

    public override string Id => "CMP041";
    public override string Pack => "compliance";
    public override string Title => "In prod, replicated workloads must spread their pods across nodes or zones";
    public override string Rationale =>
        "Replicas the scheduler places on one node or in one zone fail together; spreading is what turns replicas into availability.";
    public override string Remediation =>
        "Add topologySpreadConstraints with topologyKey topology.kubernetes.io/zone (whenUnsatisfiable: ScheduleAnyway is enough) and the workload's labels.";
    public override Severity Severity => Severity.Medium;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("A1.2"), Frameworks.EuAiAct("Art. 15")];
    public override IReadOnlyList<string> PeerEquivalents =>
    [
        "polaris:topologySpreadConstraint", "kube-score:deployment-has-host-podantiaffinity",
        "kube-score:statefulset-has-host-podantiaffinity"
    ];

    public override bool JudgesType(string type) => Replicated.Contains(Workloads.KindOf(type));

    public override bool AppliesTo(ResourceView resource, StackView stack) =>
        stack.Stack.Environment == EnvironmentTier.Prod && resource.IsKubernetes && Replicated.Contains(Workloads.Kind(resource))
        && resource.Properties.At("spec.replicas") is NumberValue { Number: > 1 } && stack.TemplateOf(resource) is not null;

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        var pod = stack.TemplateOf(resource)!;
        var spread = (pod.Spec.At("topologySpreadConstraints") as ListValue ?? []).OfType<MapValue>().Any(c => SpreadKeys.Contains(c.At("topologyKey")?.ToString()));
        var antiAffinity = pod.Spec.At("affinity.podAntiAffinity") is MapValue anti && SpreadKeys.Any(k => anti.ToString().Contains(k, StringComparison.Ordinal));
        if (!spread && !antiAffinity)
            yield return new Violation(resource.Name, pod.SpecPath + ".topologySpreadConstraints", null, "the replicas may all land on one node or zone");
    }
}
