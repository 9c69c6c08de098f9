using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP021: the managed control plane's audit log is on: EKS <c>enabledClusterLogTypes</c> includes <c>audit</c>; an AKS
/// cluster has a <c>DiagnosticSetting</c> whose <c>resourceUri</c> is the cluster and which enables <c>kube-audit</c>,
/// <c>kube-audit-admin</c> or the <c>audit</c>/<c>allLogs</c> category group. Local clusters: not applicable.
/// </summary>
public sealed class ControlPlaneAuditLogging : ResourcePolicy, IJudgesWholeStack
{
    private static readonly string[] AuditCategories = ["kube-audit", "kube-audit-admin"];
    private static readonly string[] AuditGroups = ["audit", "allLogs"];

    public override string Id => "CMP021";
    public override string Pack => "compliance";
    public override string Title => "Managed Kubernetes clusters must ship control-plane audit logs";
    public override string Rationale =>
        "The API server audit log is the only record of who read a Secret, exec'd into a model pod or changed a Rollout; " +
        "without it an incident cannot be reconstructed and record-keeping obligations cannot be met.";
    public override string Remediation =>
        "Set enabledClusterLogTypes: [api, audit, authenticator] on EKS; add an azure-native:monitor:DiagnosticSetting (v2: insights) for the AKS cluster enabling kube-audit-admin.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls =>
        [Frameworks.CisEks("2.1.1"), Frameworks.CisAks("2.1.1"), Frameworks.Soc2("CC7.2"), Frameworks.EuAiAct("Art. 12")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_AZURE_4"];

    public override bool JudgesType(string type) => CloudTypes.Is(type, CloudTypes.EksCluster, CloudTypes.AzureManagedCluster);

    public override bool AppliesTo(ResourceView resource, StackView stack) => JudgesType(resource.Type);

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        if (CloudTypes.Is(resource.Type, CloudTypes.EksCluster))
        {
            var types = resource.Properties.At("enabledClusterLogTypes");
            if (types is not { IsComputed: true } && !(types is ListValue l && l.Any(t => t.ToString() == "audit")))
                yield return new Violation(resource.Name, "enabledClusterLogTypes", types?.ToString(), "the cluster does not ship its audit log");
            yield break;
        }
        var audited = stack.OfTypes(type => CloudTypes.Is(type, CloudTypes.AzureDiagnosticSetting, CloudTypes.AzureMonitorDiagnosticSetting))
            .Where(d => d.Properties.At("resourceUri") is RefValue uri && uri.Resource == resource.Name)
            .Any(d => (d.Properties.At("logs") as ListValue ?? []).OfType<MapValue>().Any(IsAuditLog));
        if (!audited)
            yield return new Violation(resource.Name, null, null, "no DiagnosticSetting ships the cluster's kube-audit logs");
    }

    private static bool IsAuditLog(MapValue log) =>
        log.At("enabled") is BoolValue { Flag: true }
        && (AuditCategories.Contains(log.At("category")?.ToString()) || AuditGroups.Contains(log.At("categoryGroup")?.ToString()));
}
