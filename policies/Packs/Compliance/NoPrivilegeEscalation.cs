using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>CMP003: every container sets <c>allowPrivilegeEscalation: false</c> explicitly (Kubernetes defaults it to true).</summary>
public sealed class NoPrivilegeEscalation : ContainerPolicy
{
    public override string Id => "CMP003";
    public override string Title => "Containers must set allowPrivilegeEscalation to false";
    public override string Rationale =>
        "Unless disabled, a process can gain more privileges than its parent through setuid binaries or file capabilities " +
        "(no_new_privs is off). The Kubernetes default is to allow it, so the setting must be explicit.";
    public override string Remediation => "Set securityContext.allowPrivilegeEscalation: false on every container (the Container builder's default).";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.CisKubernetes("5.2.6"), Frameworks.Soc2("CC6.1")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_K8S_20", "CKV_K8S_30", "polaris:privilegeEscalationAllowed"];

    protected override IEnumerable<Violation> CheckContainer(ContainerRef c, StackView stack)
    {
        var value = c.Container.At("securityContext.allowPrivilegeEscalation");
        if (value is { IsComputed: true } || value is BoolValue { Flag: false }) yield break;
        yield return new Violation(c.Pod.Workload.Name, c.Path + ".securityContext.allowPrivilegeEscalation", value?.ToString(),
            $"container '{c.Name}' may escalate privileges (allowPrivilegeEscalation is {(value is null ? "unset, which defaults to true" : value.ToString())})");
    }
}
