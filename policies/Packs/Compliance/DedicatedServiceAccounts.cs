using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP044: pods mount a service-account token only on purpose, and never the namespace's <c>default</c> account's:
/// <c>automountServiceAccountToken</c> is set explicitly on every pod (unset mounts a token, Kubernetes' default), and a pod
/// that mounts one runs as a dedicated <c>serviceAccountName</c>. A pod on the default account without a token holds no
/// credential of it, so that alone is not a finding (decision: the token is the identity; see docs/policy-coverage.md).
/// </summary>
public sealed class DedicatedServiceAccounts : ContainerPolicy
{
    public override string Id => "CMP044";
    public override string Title => "Pods must not mount a service-account token unless they run as a dedicated account and ask for it";
    public override string Rationale =>
        "A mounted token is a credential to the API server that a compromised model server hands to the attacker, and every pod on the " +
        "namespace's default account shares one identity, so a grant to one is a grant to all. Most workloads never call the API.";
    public override string Remediation =>
        "Set automountServiceAccountToken: false on the pod; a pod that calls the API gets its own ServiceAccount (serviceAccountName) and " +
        "automountServiceAccountToken: true.";
    public override Severity Severity => Severity.Medium;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.CisKubernetes("5.1.5"), Frameworks.CisKubernetes("5.1.6"), Frameworks.Soc2("CC6.1")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_K8S_38", "polaris:automountServiceAccountToken"];

    protected override IEnumerable<Violation> CheckPod(PodTemplate pod, StackView stack)
    {
        var mount = pod.Spec.At("automountServiceAccountToken");
        var account = pod.Spec.At("serviceAccountName");
        if (mount is { IsComputed: true } || account is { IsComputed: true }) yield break;
        if (mount is null)
            yield return new Violation(pod.Workload.Name, pod.SpecPath + ".automountServiceAccountToken", null,
                "the pod mounts a service-account token by default; set automountServiceAccountToken: false, or true if it calls the API");
        else if (mount is BoolValue { Flag: true } && (account is null || account.ToString() == "default"))
            yield return new Violation(pod.Workload.Name, pod.SpecPath + ".serviceAccountName", account?.ToString(),
                "the pod mounts the token of the namespace's default service account");
    }

    protected override IEnumerable<Violation> CheckContainer(ContainerRef container, StackView stack) => [];
}
