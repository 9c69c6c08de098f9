using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP038: beyond the audit log (CMP021), managed control planes ship every log type: EKS <c>enabledClusterLogTypes</c> holds
/// api, audit, authenticator, controllerManager and scheduler; an AKS cluster's diagnostic settings enable kube-apiserver,
/// kube-controller-manager, kube-scheduler and guard (or the allLogs group). PostgreSQL RDS instances export their
/// <c>postgresql</c> and <c>upgrade</c> logs to CloudWatch.
/// </summary>
public sealed class ControlPlaneLogsComplete : ResourcePolicy
{
    private static readonly string[] EksTypes = ["api", "audit", "authenticator", "controllerManager", "scheduler"];
    private static readonly string[] AksCategories = ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "guard"];

    public override string Id => "CMP038";
    public override string Pack => "compliance";
    public override string Title => "Managed Kubernetes clusters and databases must ship every control-plane and engine log type";
    public override string Rationale =>
        "The authenticator and guard logs say which identity a request mapped to, the scheduler and controller logs why a GPU pod did not run " +
        "or was evicted; the audit log alone cannot reconstruct either.";
    public override string Remediation =>
        "Set enabledClusterLogTypes to all five EKS types; enable kube-apiserver, kube-controller-manager, kube-scheduler and guard in the AKS diagnostic " +
        "setting; set enabledCloudwatchLogsExports: [postgresql, upgrade] on PostgreSQL RDS instances.";
    public override Severity Severity => Severity.Medium;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.CisEks("2.1.1"), Frameworks.CisAks("2.1.1"), Frameworks.Soc2("CC7.2")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_AWS_129", "CKV_AWS_37", "AwsSolutions-EKS2"];

    public override bool JudgesType(string type) => CloudTypes.Is(type, CloudTypes.EksCluster, CloudTypes.AzureManagedCluster, CloudTypes.RdsInstance);

    public override bool AppliesTo(ResourceView resource, StackView stack) =>
        CloudTypes.Is(resource.Type, CloudTypes.EksCluster, CloudTypes.AzureManagedCluster)
        || CloudTypes.Is(resource.Type, CloudTypes.RdsInstance) && resource.Properties.At("engine")?.ToString() == "postgres";

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        if (CloudTypes.Is(resource.Type, CloudTypes.RdsInstance))
        {
            var exports = resource.Properties.At("enabledCloudwatchLogsExports");
            if (exports is { IsComputed: true }) yield break;
            var exported = (exports as ListValue ?? []).Select(t => t.ToString()).ToHashSet();
            var unexported = new[] { "postgresql", "upgrade" }.Where(t => !exported.Contains(t)).ToList();
            if (unexported.Count > 0)
                yield return new Violation(resource.Name, "enabledCloudwatchLogsExports", exports?.ToString(), $"the database does not export its {string.Join(", ", unexported)} log");
            yield break;
        }
        if (CloudTypes.Is(resource.Type, CloudTypes.EksCluster))
        {
            var types = resource.Properties.At("enabledClusterLogTypes");
            if (types is { IsComputed: true }) yield break;
            var enabled = (types as ListValue ?? []).Select(t => t.ToString()).ToHashSet();
            var missing = EksTypes.Where(t => !enabled.Contains(t)).ToList();
            if (missing.Count > 0)
                yield return new Violation(resource.Name, "enabledClusterLogTypes", types?.ToString(), $"the cluster does not ship {string.Join(", ", missing)}");
            yield break;
        }
        var logs = stack.OfTypes(type => CloudTypes.Is(type, CloudTypes.AzureDiagnosticSetting, CloudTypes.AzureMonitorDiagnosticSetting))
            .Where(d => d.Properties.At("resourceUri") is RefValue uri && uri.Resource == resource.Name)
            .SelectMany(d => (d.Properties.At("logs") as ListValue ?? []).OfType<MapValue>())
            .Where(l => l.At("enabled") is BoolValue { Flag: true }).ToList();
        if (logs.Any(l => l.At("categoryGroup")?.ToString() == "allLogs")) yield break;
        var categories = logs.Select(l => l.At("category")?.ToString()).ToHashSet();
        var absent = AksCategories.Where(c => !categories.Contains(c)).ToList();
        if (absent.Count > 0)
            yield return new Violation(resource.Name, "diagnosticSettings.logs", null, $"no diagnostic setting ships {string.Join(", ", absent)}");
    }
}
