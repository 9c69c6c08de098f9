using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP042: every container drops ALL Linux capabilities and adds back none but <c>NET_BIND_SERVICE</c> (the only one the
/// Pod Security "restricted" profile allows); NET_RAW and SYS_ADMIN are named in the message as the usual offenders.
/// </summary>
public sealed class CapabilitiesDropped : ContainerPolicy
{
    public override string Id => "CMP042";
    public override string Title => "Containers must drop all capabilities and add back none but NET_BIND_SERVICE";
    public override string Rationale =>
        "The runtime's default capabilities include NET_RAW (spoofing, ARP poisoning on the node network) and others a model server never needs; " +
        "SYS_ADMIN is nearly root on the node. Dropping ALL leaves only what the container asks for by name.";
    public override string Remediation => "Set securityContext.capabilities.drop: [ALL] on each container and remove capabilities.add (NET_BIND_SERVICE alone is allowed).";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.CisKubernetes("5.2.7"), Frameworks.CisKubernetes("5.2.8"), Frameworks.CisKubernetes("5.2.9"), Frameworks.Soc2("CC6.1")];
    public override IReadOnlyList<string> PeerEquivalents =>
        ["CKV_K8S_25", "CKV_K8S_28", "CKV_K8S_37", "CKV_K8S_39", "polaris:insecureCapabilities", "polaris:dangerousCapabilities"];

    protected override IEnumerable<Violation> CheckContainer(ContainerRef c, StackView stack)
    {
        var drop = c.Container.At("securityContext.capabilities.drop");
        if (drop is not { IsComputed: true } && !(drop is ListValue d && d.Any(x => string.Equals(x.ToString(), "ALL", StringComparison.OrdinalIgnoreCase))))
            yield return new Violation(c.Pod.Workload.Name, c.Path + ".securityContext.capabilities.drop", drop?.ToString(), $"container '{c.Name}' does not drop ALL capabilities");
        if (c.Container.At("securityContext.capabilities.add") is ListValue add)
            foreach (var cap in add.Select(a => a.ToString()).Where(a => !string.Equals(a, "NET_BIND_SERVICE", StringComparison.OrdinalIgnoreCase)))
                yield return new Violation(c.Pod.Workload.Name, c.Path + ".securityContext.capabilities.add", cap, $"container '{c.Name}' adds the capability {cap}");
    }
}
