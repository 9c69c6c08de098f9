using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP043: every container runs under a seccomp profile: <c>seccompProfile.type</c> RuntimeDefault or Localhost, on the
/// container or inherited from the pod. Unconfined (or unset, which is Unconfined on most runtimes) fails.
/// </summary>
public sealed class SeccompRuntimeDefault : ContainerPolicy
{
    public override string Id => "CMP043";
    public override string Title => "Containers must run with the RuntimeDefault (or a Localhost) seccomp profile";
    public override string Rationale =>
        "Seccomp removes the rarely used system calls most container escapes go through; Kubernetes still defaults to Unconfined, so an unset " +
        "profile is an open kernel surface for every model server that parses untrusted input.";
    public override string Remediation => "Set spec.securityContext.seccompProfile.type: RuntimeDefault on the pod (or on each container).";
    public override Severity Severity => Severity.Medium;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.CisKubernetes("5.7.2"), Frameworks.Soc2("CC6.8")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_K8S_31", "polaris:linuxHardening", "kube-score:container-seccomp-profile"];

    protected override IEnumerable<Violation> CheckContainer(ContainerRef c, StackView stack)
    {
        var (value, path) = c.Effective("seccompProfile");
        var type = (value as MapValue)?.At("type");
        if (type is { IsComputed: true } || type?.ToString() is "RuntimeDefault" or "Localhost") yield break;
        yield return new Violation(c.Pod.Workload.Name, path + ".type", type?.ToString(), $"container '{c.Name}' runs without a seccomp profile");
    }
}
