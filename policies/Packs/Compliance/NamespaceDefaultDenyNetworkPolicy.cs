using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP010: every namespace the stack creates has a default-deny NetworkPolicy for ingress and for egress: a policy selecting
/// all pods (<c>podSelector: {}</c>) with the policy type and no rules of that direction (one policy or two).
/// </summary>
public sealed class NamespaceDefaultDenyNetworkPolicy : ResourcePolicy, IJudgesWholeStack
{
    public override string Id => "CMP010";
    public override string Pack => "compliance";
    public override string Title => "Every namespace must have default-deny ingress and egress network policies";
    public override string Rationale =>
        "Kubernetes lets every pod reach every other pod and the internet until a policy selects it. Default-deny makes each " +
        "flow an explicit, reviewed allowance, which limits lateral movement and data exfiltration from a compromised pod.";
    public override string Remediation => "Apply NetworkIsolation.Apply(scope, namespace, ...) for the namespace; it renders default-deny plus the named flows.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.CisKubernetes("5.3.2"), Frameworks.Soc2("CC6.6"), Frameworks.Soc2("CC6.1")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_AZURE_7", "polaris:missingNetworkPolicy", "kube-score:pod-networkpolicy"];

    public override bool JudgesType(string type) => type == KubeTypes.Namespace;

    public override bool AppliesTo(ResourceView resource, StackView stack) => resource.Type == KubeTypes.Namespace && Workloads.NameOf(resource) is not null;

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        var ns = Workloads.NameOf(resource)!;
        var policies = NetworkPoliciesByNamespace(stack)[ns];
        foreach (var (direction, rules) in new[] { ("Ingress", "ingress"), ("Egress", "egress") })
            if (!policies.Any(p => DeniesAll(p, direction, rules)))
                yield return new Violation(resource.Name, null, ns, $"namespace '{ns}' has no default-deny {direction.ToLowerInvariant()} NetworkPolicy");
    }

    // The stack's network policies by namespace, in stack order: grouped once per stack, not scanned for every namespace.
    private static ILookup<string?, ResourceView> NetworkPoliciesByNamespace(StackView stack) =>
        stack.Derived("CMP010.networkPolicies", _ => stack.OfType(KubeTypes.NetworkPolicy).ToLookup(Workloads.NamespaceOf));

    internal static bool DeniesAll(ResourceView policy, string direction, string rulesKey)
    {
        var spec = policy.Properties.At("spec") as MapValue;
        if (spec?.At("podSelector") is not MapValue selector || selector.Count != 0) return false;
        var types = (spec.At("policyTypes") as ListValue ?? []).Select(t => t.ToString());
        if (!types.Contains(direction)) return false;
        return spec.At(rulesKey) is null || spec.At(rulesKey) is ListValue { Count: 0 };
    }
}
