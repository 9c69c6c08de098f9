using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>CMP004: every container declares CPU and memory requests and limits.</summary>
public sealed class ContainerResourcesBounded : ContainerPolicy
{
    private static readonly string[] Required = ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory"];

    public override string Id => "CMP004";
    public override string Title => "Containers must declare CPU and memory requests and limits";
    public override string Rationale =>
        "Requests let the scheduler place pods and the cost model price them; limits stop one runaway container (a leaking model " +
        "server) from starving every other tenant on the node.";
    public override string Remediation => "Set resources.requests and resources.limits for cpu and memory on every container.";
    public override Severity Severity => Severity.Medium;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("A1.1"), Frameworks.Soc2("CC7.2"), Frameworks.NistAiRmf("MANAGE 2.2")];
    public override IReadOnlyList<string> PeerEquivalents =>
    [
        "CKV_K8S_10", "CKV_K8S_11", "CKV_K8S_12", "CKV_K8S_13", "polaris:cpuRequestsMissing",
        "polaris:cpuLimitsMissing", "polaris:memoryRequestsMissing", "polaris:memoryLimitsMissing",
        "kube-score:container-resources"
    ];

    protected override IEnumerable<Violation> CheckContainer(ContainerRef c, StackView stack)
    {
        foreach (var path in Required)
            if (c.Container.At("resources." + path) is null)
                yield return new Violation(c.Pod.Workload.Name, $"{c.Path}.resources.{path}", null, $"container '{c.Name}' declares no {path.Replace('.', ' ')}");
    }
}
