using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP039: long-running workloads (Deployment, StatefulSet, DaemonSet, Rollout, bare Pod) give every container a liveness
/// and a readiness probe. Jobs and CronJobs run to completion and init containers cannot have probes: not applicable.
/// </summary>
public sealed class WorkloadProbesDeclared : ContainerPolicy
{
    private static readonly string[] RunToCompletion = ["Job", "CronJob"];

    public override string Id => "CMP039";
    public override string Title => "Long-running containers must declare liveness and readiness probes";
    public override string Rationale =>
        "Without a readiness probe a model server receives traffic before its weights are loaded, and a canary's analysis judges errors the " +
        "rollout caused itself; without a liveness probe a wedged server keeps its GPU and its share of traffic.";
    public override string Remediation => "Give each container livenessProbe and readinessProbe (httpGet on the health endpoint, or tcpSocket for plain TCP servers).";
    public override Severity Severity => Severity.Medium;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("A1.2"), Frameworks.EuAiAct("Art. 15")];
    public override IReadOnlyList<string> PeerEquivalents =>
        ["CKV_K8S_8", "CKV_K8S_9", "polaris:readinessProbeMissing", "polaris:livenessProbeMissing", "kube-score:pod-probes"];

    public override bool AppliesTo(ResourceView resource, StackView stack) =>
        base.AppliesTo(resource, stack) && !RunToCompletion.Contains(Workloads.Kind(resource));

    protected override IEnumerable<Violation> CheckContainer(ContainerRef c, StackView stack)
    {
        if (c.Path.Contains(".initContainers[", StringComparison.Ordinal)) yield break;
        foreach (var probe in new[] { "livenessProbe", "readinessProbe" })
            if (c.Container.At(probe) is null)
                yield return new Violation(c.Pod.Workload.Name, $"{c.Path}.{probe}", null, $"container '{c.Name}' has no {probe}");
    }
}
