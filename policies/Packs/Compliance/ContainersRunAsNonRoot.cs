using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>CMP001: every container runs as a non-root user: <c>runAsNonRoot: true</c> (container or pod) and never <c>runAsUser: 0</c>.</summary>
public sealed class ContainersRunAsNonRoot : ContainerPolicy
{
    public override string Id => "CMP001";
    public override string Title => "Containers must run as a non-root user";
    public override string Rationale =>
        "A process running as root in a container is root on the node the moment it escapes; runAsNonRoot makes the kubelet refuse " +
        "to start a container whose image would run as UID 0.";
    public override string Remediation =>
        "Set securityContext.runAsNonRoot: true and a non-zero runAsUser on the pod or container (the Container builder's default, UID 65532).";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls =>
        [Frameworks.CisKubernetes("5.2.7"), Frameworks.CisKubernetes("5.7.3"), Frameworks.Soc2("CC6.1"), Frameworks.Soc2("CC6.8")];
    public override IReadOnlyList<string> PeerEquivalents =>
        ["CKV_K8S_23", "CKV_K8S_40", "CKV_K8S_29", "polaris:runAsRootAllowed", "kube-score:container-security-context"];

    protected override IEnumerable<Violation> CheckContainer(ContainerRef c, StackView stack)
    {
        var (user, userPath) = c.Effective("runAsUser");
        if (user is NumberValue { Number: 0 })
        {
            yield return new Violation(c.Pod.Workload.Name, userPath, "0", $"container '{c.Name}' runs as root (runAsUser 0)");
            yield break;
        }
        var (nonRoot, nonRootPath) = c.Effective("runAsNonRoot");
        if (nonRoot is { IsComputed: true } || nonRoot is BoolValue { Flag: true }) yield break;
        yield return new Violation(c.Pod.Workload.Name, nonRootPath, nonRoot?.ToString(),
            $"container '{c.Name}' does not set runAsNonRoot: true, so an image that runs as root would start");
    }
}
