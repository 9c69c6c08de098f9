using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>CMP005 (advisory): containers mount their root filesystem read-only where the image allows it.</summary>
public sealed class ReadOnlyRootFilesystem : ContainerPolicy
{
    public override string Id => "CMP005";
    public override string Title => "Containers must mount their root filesystem read-only where the image allows";
    public override string Rationale =>
        "A read-only root filesystem stops an intruder from dropping tools or altering binaries in the container. Some images " +
        "(databases, tools writing next to their binaries) cannot run that way, hence advisory: each exception stays visible.";
    public override string Remediation =>
        "Set securityContext.readOnlyRootFilesystem: true and mount emptyDir volumes where the image writes (the Container builder does this for /tmp).";
    public override Severity Severity => Severity.Low;
    public override Enforcement DefaultEnforcement => Enforcement.Advisory;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.CisKubernetes("5.7.3"), Frameworks.Soc2("CC6.8")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_K8S_22", "polaris:notReadOnlyRootFilesystem"];

    protected override IEnumerable<Violation> CheckContainer(ContainerRef c, StackView stack)
    {
        var value = c.Container.At("securityContext.readOnlyRootFilesystem");
        if (value is { IsComputed: true } || value is BoolValue { Flag: true }) yield break;
        yield return new Violation(c.Pod.Workload.Name, c.Path + ".securityContext.readOnlyRootFilesystem", value?.ToString(),
            $"container '{c.Name}' has a writable root filesystem");
    }
}
