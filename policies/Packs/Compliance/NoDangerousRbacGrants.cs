using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP046: RBAC grants none of the permissions that amount to cluster admin: reading secrets cluster-wide (a ClusterRole
/// with get/list/watch on secrets), exec/attach into pods (<c>create</c> on <c>pods/exec</c>, <c>pods/attach</c>), the
/// <c>escalate</c>, <c>bind</c> and <c>impersonate</c> verbs; and no RoleBinding or ClusterRoleBinding refers to <c>cluster-admin</c>.
/// Wildcards are CMP011's.
/// </summary>
public sealed class NoDangerousRbacGrants : ResourcePolicy
{
    private const string ClusterRoleBinding = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding";
    private static readonly string[] EscalationVerbs = ["escalate", "bind", "impersonate"];
    private static readonly string[] ReadVerbs = ["get", "list", "watch"];

    public override string Id => "CMP046";
    public override string Pack => "compliance";
    public override string Title => "RBAC must not grant cluster-wide secret reads, pod exec, escalate, bind, impersonate or cluster-admin";
    public override string Rationale =>
        "Each of these turns a namespaced grant into cluster admin: reading every Secret yields every token, exec runs code in any pod, escalate " +
        "and bind hand out permissions the holder lacks, impersonate becomes anyone.";
    public override string Remediation =>
        "Grant secret reads in a namespaced Role naming the secrets (resourceNames); use kubectl debug with an audited break-glass role instead of " +
        "pods/exec; remove escalate, bind and impersonate; bind a scoped role instead of cluster-admin.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.CisKubernetes("5.1.1"), Frameworks.CisKubernetes("5.1.2"), Frameworks.CisKubernetes("5.1.4"), Frameworks.CisKubernetes("5.1.8"), Frameworks.Soc2("CC6.3")];
    public override IReadOnlyList<string> PeerEquivalents =>
    [
        "CKV_K8S_157", "CKV_K8S_158", "CKV2_K8S_2", "CKV2_K8S_3", "CKV2_K8S_5", "polaris:clusterrolePodExecAttach",
        "polaris:rolePodExecAttach", "polaris:clusterrolebindingPodExecAttach",
        "polaris:rolebindingRolePodExecAttach", "polaris:rolebindingClusterRolePodExecAttach",
        "polaris:clusterrolebindingClusterAdmin", "polaris:rolebindingClusterAdminClusterRole"
    ];

    public override bool JudgesType(string type) =>
        type is KubeTypes.Role or KubeTypes.ClusterRole or KubeTypes.RoleBinding or ClusterRoleBinding;

    public override bool AppliesTo(ResourceView resource, StackView stack) => JudgesType(resource.Type);

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        if (resource.Type is KubeTypes.RoleBinding or ClusterRoleBinding)
        {
            if (resource.Properties.At("roleRef.name")?.ToString() == "cluster-admin")
                yield return new Violation(resource.Name, "roleRef.name", "cluster-admin", "the binding grants cluster-admin");
            yield break;
        }
        var clusterWide = resource.Type == KubeTypes.ClusterRole;
        var rules = resource.Properties.At("rules") as ListValue ?? [];
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i] is not MapValue rule) continue;
            var resources = Strings(rule, "resources");
            var verbs = Strings(rule, "verbs");
            var named = rule.At("resourceNames") is ListValue { Count: > 0 };
            if (clusterWide && !named && resources.Contains("secrets") && verbs.Any(ReadVerbs.Contains))
                yield return new Violation(resource.Name, $"rules[{i}].verbs", string.Join(",", verbs), $"rule {i} reads secrets in every namespace");
            if (resources.Any(r => r is "pods/exec" or "pods/attach") && verbs.Contains("create"))
                yield return new Violation(resource.Name, $"rules[{i}].resources", string.Join(",", resources), $"rule {i} lets the holder exec or attach into pods");
            foreach (var verb in verbs.Where(EscalationVerbs.Contains))
                yield return new Violation(resource.Name, $"rules[{i}].verbs", verb, $"rule {i} grants the '{verb}' verb");
        }
    }

    private static List<string> Strings(MapValue rule, string key) => (rule.At(key) as ListValue ?? []).Select(v => v.ToString()).ToList();
}
