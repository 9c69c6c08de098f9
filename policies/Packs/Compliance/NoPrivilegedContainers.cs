using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>CMP002: no privileged container, and no pod sharing the host's PID, IPC or network namespace.</summary>
public sealed class NoPrivilegedContainers : ContainerPolicy
{
    private static readonly string[] HostNamespaces = ["hostPID", "hostIPC", "hostNetwork"];

    public override string Id => "CMP002";
    public override string Title => "Containers must not be privileged or share the host's namespaces";
    public override string Rationale =>
        "A privileged container has every capability and all host devices; sharing the host PID, IPC or network namespace " +
        "exposes other workloads' processes and traffic. Either is a node compromise waiting to happen.";
    public override string Remediation =>
        "Remove securityContext.privileged and hostPID/hostIPC/hostNetwork; grant the specific capability or device plugin resource instead.";
    public override Severity Severity => Severity.Critical;
    public override IReadOnlyList<FrameworkControl> Controls =>
    [
        Frameworks.CisKubernetes("5.2.2"), Frameworks.CisKubernetes("5.2.3"), Frameworks.CisKubernetes("5.2.4"),
        Frameworks.CisKubernetes("5.2.5"), Frameworks.Soc2("CC6.1"),
    ];
    public override IReadOnlyList<string> PeerEquivalents =>
    [
        "CKV_K8S_16", "CKV_K8S_17", "CKV_K8S_18", "CKV_K8S_19", "polaris:hostIPCSet", "polaris:hostPIDSet",
        "polaris:hostNetworkSet", "polaris:hostPortSet", "polaris:runAsPrivileged"
    ];

    protected override IEnumerable<Violation> CheckPod(PodTemplate pod, StackView stack)
    {
        foreach (var key in HostNamespaces)
            if (pod.Spec.At(key) is BoolValue { Flag: true })
                yield return new Violation(pod.Workload.Name, $"{pod.SpecPath}.{key}", "true", $"the pod shares the host's namespace ({key})");
    }

    protected override IEnumerable<Violation> CheckContainer(ContainerRef c, StackView stack)
    {
        if (c.Container.At("securityContext.privileged") is BoolValue { Flag: true })
            yield return new Violation(c.Pod.Workload.Name, c.Path + ".securityContext.privileged", "true", $"container '{c.Name}' is privileged");
    }
}
