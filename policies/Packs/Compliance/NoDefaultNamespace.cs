using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP045: namespaced Kubernetes objects (workloads, services, config, secrets, RBAC, PDBs, network policies) live in a
/// namespace of their own: <c>metadata.namespace</c> is set and is not <c>default</c>. Cluster-scoped kinds are not applicable.
/// </summary>
public sealed class NoDefaultNamespace : ResourcePolicy
{
    private static readonly string[] NamespacedKinds =
    [
        "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod", "Rollout", "Service", "ConfigMap", "Secret",
        "ServiceAccount", "Role", "RoleBinding", "PodDisruptionBudget", "NetworkPolicy", "Ingress", "PersistentVolumeClaim",
    ];

    public override string Id => "CMP045";
    public override string Pack => "compliance";
    public override string Title => "Namespaced Kubernetes objects must not live in the default namespace";
    public override string Rationale =>
        "The default namespace has no quota, no Pod Security label and no default-deny policy of the stack's making; objects there escape the " +
        "per-team isolation every other policy assumes. An object without a namespace lands there.";
    public override string Remediation => "Set metadata.namespace to the component's or team's namespace.";
    public override Severity Severity => Severity.Medium;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.CisKubernetes("5.7.4"), Frameworks.Soc2("CC6.1")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_K8S_21"];

    public override bool JudgesType(string type) => NamespacedKinds.Contains(Workloads.KindOf(type));

    public override bool AppliesTo(ResourceView resource, StackView stack) => resource.IsKubernetes && NamespacedKinds.Contains(Workloads.Kind(resource));

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        var ns = resource.Properties.At("metadata.namespace");
        if (ns is { IsComputed: true }) yield break;
        if (ns is null || ns.ToString() is "" or "default")
            yield return new Violation(resource.Name, "metadata.namespace", ns?.ToString(), ns is null ? "the object has no namespace, so it lands in default" : "the object is in the default namespace");
    }
}
