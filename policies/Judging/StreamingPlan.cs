using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Compliance;
using Supplychain.Policies.Packs.Cost;
using Supplychain.Policies.Packs.Lineage;

namespace Supplychain.Policies.Judging;

/// <summary>
/// How a streaming audit (<see cref="StreamingJudge"/>) judges one policy. A local policy judges each resource from the
/// resource itself and the stack's context (config, spec, environment), so it judges the resource as it streams and the
/// view is dropped. A policy whose verdict needs other resources (a companion, a budget, the pods a selector must match)
/// or stack totals is judged once the input ends, over the views it reads, kept as they stream: <see cref="Retain"/>
/// says which. Its resource verdicts need every resource it may apply to kept, since the rest are counted not applicable.
/// </summary>
/// <param name="AtFinish">Judged when the input ends rather than as resources stream.</param>
/// <param name="Retain">The views kept for it (null: none, it reads the config, spec and cost only).</param>
/// <param name="Reads">What it reads besides the resource it judges, in words (the bench notes and the report list it).</param>
/// <param name="Keep">
/// The properties it reads of a view it keeps, per view (null, or a null answer: the whole view). A kept view holds the
/// union of what the policies keeping it read, so a NetworkPolicy kept to check its selector does not carry its rules.
/// </param>
public sealed record StreamingPlan(bool AtFinish, Func<ResourceView, bool>? Retain, string Reads, Func<ResourceView, string[]?>? Keep = null)
{
    /// <summary>
    /// Views the policy reads for their properties only (never their name, nor how many there are): one of each distinct
    /// content is enough (the alert rules repeated in every copy of a stack, say).
    /// </summary>
    public Func<ResourceView, bool>? ContentOnly { get; init; }

    public static readonly StreamingPlan Local = new(false, null, "the resource alone");

    /// <summary>Every view kept: a policy nobody has classified (the streaming result is then the batch one, at its memory cost).</summary>
    public static readonly StreamingPlan Everything = new(true, _ => true, "every resource (not classified)");

    /// <summary>Judged when the input ends, over the views <paramref name="retain"/> keeps (none: the config, spec and cost only).</summary>
    public static StreamingPlan Finish(Func<ResourceView, bool>? retain, string reads, Func<ResourceView, string[]?>? keep = null) => new(true, retain, reads, keep);

    /// <summary>The cloud resources companions, node groups and alerts are found among (the cloud policies read no other kind).</summary>
    private static bool Cloud(ResourceView r) => r.Type.StartsWith("aws:", StringComparison.Ordinal) || r.Type.StartsWith("azure-native:", StringComparison.Ordinal);
    private static bool Kind(ResourceView r, string kind, string type) => r.Type == type || r.IsKubernetes && Workloads.Kind(r) == kind;
    private static bool GpuPool(ResourceView r) => r.ComponentPath.Count >= 2 && r.ComponentPath[0] == "gpu-pools";
    private static bool Helm(ResourceView r) => r.Type.StartsWith("kubernetes:helm.sh/", StringComparison.Ordinal);

    private static readonly string[] Replicated = ["Deployment", "StatefulSet", "Rollout"];

    /// <summary>
    /// The built-in policies that read other resources or stack totals, by id; every other built-in policy is local. A test
    /// pins this list against the policy classes, and the streaming audit is checked against the batch one on every fixture.
    /// </summary>
    private static readonly Dictionary<string, Func<StackContext, SupplyChainSpec?, StreamingPlan>> BuiltIn = new(StringComparer.Ordinal)
    {
        // Namespaces against the stack's default-deny NetworkPolicies (only those are read: the others deny nothing).
        ["CMP010"] = (_, _) => Finish(r => r.Type == KubeTypes.Namespace || r.Type == KubeTypes.NetworkPolicy
                                           && (NamespaceDefaultDenyNetworkPolicy.DeniesAll(r, "Ingress", "ingress") || NamespaceDefaultDenyNetworkPolicy.DeniesAll(r, "Egress", "egress")),
            "default-deny NetworkPolicies",
            r => r.Type == KubeTypes.Namespace ? ["metadata.name"] : ["metadata.namespace", "spec.podSelector", "spec.policyTypes", "spec.ingress", "spec.egress"]),
        // Cloud resources against their companions (bucket encryption, versioning, logging, flow logs, diagnostic settings, ...).
        ["CMP017"] = (_, _) => Finish(Cloud, "bucket encryption companions"),
        ["CMP021"] = (_, _) => Finish(Cloud, "diagnostic settings"),
        ["CMP022"] = (_, _) => Finish(r => Cloud(r) || r.IsKubernetes && Workloads.Kind(r) is "Job" or "CronJob", "bucket versioning companions"),
        ["CMP025"] = (_, _) => Finish(Cloud, "registry scanning configurations"),
        ["CMP026"] = (_, _) => Finish(Cloud, "bucket public access blocks, encryption and policies"),
        ["CMP035"] = (_, _) => Finish(Cloud, "flow logs"),
        ["CMP036"] = (_, _) => Finish(Cloud, "bucket logging and trails"),
        ["CMP038"] = (_, _) => Finish(Cloud, "cluster log settings"),
        ["CMP049"] = (_, _) => Finish(Cloud, "default security groups"),
        // Replicated workloads against the namespace's disruption budgets.
        ["CMP040"] = (_, _) => Finish(r => r.IsKubernetes && (Replicated.Contains(Workloads.Kind(r)) && r.Properties.At("spec.replicas") is NumberValue { Number: > 1 }
                                                         || Kind(r, "PodDisruptionBudget", KubeTypes.PodDisruptionBudget)),
            "PodDisruptionBudgets",
            r => Workloads.Kind(r) == "PodDisruptionBudget" ? null : ["metadata.namespace", "spec.replicas", "spec.template"]),
        // Selectors against the namespace's pods: the pods come from an index aggregated as resources stream (NamespacePods).
        ["CMP054"] = (_, _) => Finish(r => Kind(r, "Service", KubeTypes.Service), "the namespace's pod labels (aggregated)",
            _ => ["metadata.namespace", "spec.selector", "spec.type"]),
        ["CMP055"] = (_, _) => Finish(r => Kind(r, "NetworkPolicy", KubeTypes.NetworkPolicy), "the namespace's pod labels (aggregated)",
            _ => ["metadata.namespace", "spec.podSelector"]),
        ["CMP056"] = (_, _) => Finish(r => r.IsKubernetes && Workloads.Kind(r) is "Ingress" or "Service" || Helm(r), "Services and charts",
            r => Helm(r) ? ["namespace"] : Workloads.Kind(r) == "Service" ? ["metadata.name", "metadata.namespace", "spec.ports"] : null),
        // Stack totals: the cost estimate, the spec, the waivers.
        ["COST001"] = (_, _) => Finish(null, "the spec"),
        ["COST002"] = (_, _) => Finish(null, "the cost estimate"),
        ["COST003"] = (_, _) => Finish(null, "the cost estimate"),
        ["COST004"] = (_, _) => Finish(r => Cloud(r) || GpuPool(r), "node groups", PoolNamesOnly),
        ["COST005"] = (_, _) => Finish(r => Cloud(r) || GpuPool(r), "node groups", PoolNamesOnly),
        ["COST006"] = (_, _) => Finish(r => Cloud(r) || GpuPool(r), "node groups", PoolNamesOnly),
        ["COST007"] = (_, _) => Finish(Cloud, "budget alerts"),
        ["COST008"] = (_, _) => Finish(null, "the cost estimate"),
        ["COST009"] = (_, _) => Finish(null, "the cost estimate"),
        ["COST010"] = (_, _) => Finish(null, "the cost estimate"),
        // Telemetry is judged for the spec's GPU pools only: without any, the exporters and ServiceMonitors are not read.
        ["COST012"] = (_, spec) => spec is { GpuPools.Count: > 0 }
            ? Finish(r => Cloud(r) || GpuPool(r) || r.Type == ServiceMonitorType
                          || r.Type == KubeTypes.HelmRelease && GpuPoolsHaveUtilisationTelemetry.IsDcgm(r.Properties.At("chart")?.ToString()),
                "node groups, ServiceMonitors, DCGM exporters",
                r => r.Type == ServiceMonitorType ? ["spec.namespaceSelector.matchNames"] : r.Type == KubeTypes.HelmRelease ? null : PoolNamesOnly(r))
            : Finish(r => Cloud(r) || GpuPool(r), "node groups", PoolNamesOnly),
        [WaiverValidity.PolicyId] = (_, _) => Finish(null, "the waivers"),
        ["LIN009"] = (_, _) => Finish(r => ServedModel.IsServing(r) || r.Type == ServedModelHasAlertRules.PrometheusRuleType, "PrometheusRules",
            r => r.Type == ServedModelHasAlertRules.PrometheusRuleType ? null : ServedModelNames)
            with { ContentOnly = r => r.Type == ServedModelHasAlertRules.PrometheusRuleType }, // rules are indexed by what they alert on
        // Only prod judges canaries: elsewhere it applies to nothing, so it is local.
        ["LIN010"] = (stack, _) => stack.Environment == EnvironmentTier.Prod ? Finish(r => ServedModel.IsServing(r) || r.Type is ProdCanaryWithAnalysis.AnalysisTemplateType or ProdCanaryWithAnalysis.ClusterAnalysisTemplateType, "AnalysisTemplates") : Local,
        ["LIN012"] = (_, _) => Finish(null, "the spec"),
        ["LIN013"] = (_, _) => Finish(null, "the spec"),
        ["LIN014"] = (_, _) => Finish(null, "the spec's evaluation records"),
        ["LIN015"] = (_, _) => Finish(null, "the spec's evaluation records"),
        ["LIN016"] = (_, _) => Finish(null, "the spec's evaluation records"),
        ["LIN017"] = (_, _) => Finish(null, "the spec's evaluation records"),
        ["LIN018"] = (_, _) => Finish(null, "the spec's evaluation records"),
    };

    /// <summary>Node groups whole; a GPU pool's other resources only for their names (a stack-level finding names the pool's first).</summary>
    private static string[]? PoolNamesOnly(ResourceView r) => Cloud(r) ? null : [];

    /// <summary>What a served model's name is read from: the workload's name and labels, its pod template's metadata (the template's spec only as present).</summary>
    private static readonly string[] ServedModelNames =
    [
        "metadata.name", "metadata.labels", "metadata.annotations",
        "spec.template.metadata", "spec.template.spec{}", "spec.jobTemplate.spec.template.metadata", "spec.jobTemplate.spec.template.spec{}", "spec{}",
    ];

    private const string ServiceMonitorType = "kubernetes:monitoring.coreos.com/v1:ServiceMonitor";

    /// <summary>The ids of built-in policies judged when the input ends (the rest are local).</summary>
    public static IReadOnlyCollection<string> NonLocalBuiltIns => BuiltIn.Keys;

    /// <summary>The plan for a policy on a stack (with its spec, when audited with its config): its own (<see cref="IPlansStreaming"/>), else a built-in's from the table.</summary>
    public static StreamingPlan For(Policy policy, StackContext stack, SupplyChainSpec? spec = null)
    {
        if (policy is IPlansStreaming planned) return planned.StreamingPlan(stack);
        if (BuiltIn.TryGetValue(policy.Id, out var plan)) return plan(stack, spec);
        // Stack policies always see the whole stack; an unclassified resource policy keeps every view.
        return policy is StackPolicy ? Everything : policy.GetType().Assembly == typeof(StreamingPlan).Assembly ? Local : Everything;
    }
}

/// <summary>A policy that says itself how a streaming audit judges it (a custom policy, from its conditions).</summary>
public interface IPlansStreaming
{
    StreamingPlan StreamingPlan(StackContext stack);
}
