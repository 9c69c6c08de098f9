using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP047: AKS clusters authenticate with Entra ID and authorize with Kubernetes RBAC (<c>enableRBAC</c>, managed
/// <c>aadProfile</c>), disable local accounts (the static admin kubeconfig), encrypt node disks and caches at host (every pool
/// profile and every AgentPool), run the Azure Policy add-on, and follow an automatic upgrade channel (patch or stable).
/// </summary>
public sealed class AksClusterHardened : ResourcePolicy
{
    public override string Id => "CMP047";
    public override string Pack => "compliance";
    public override string Title => "AKS clusters must use Entra ID with RBAC, disable local accounts, encrypt at host, run Azure Policy and auto-upgrade";
    public override string Rationale =>
        "Local accounts are a shared admin credential that bypasses Entra ID and its audit; without RBAC every authenticated user is admin; " +
        "without encryption at host the temp disks and caches holding model weights are plain; the Azure Policy add-on enforces the " +
        "organisation's guardrails inside the cluster.";
    public override string Remediation =>
        "Set enableRBAC: true, aadProfile.managed: true with enableAzureRBAC, disableLocalAccounts: true, enableEncryptionAtHost: true on every agent " +
        "pool (profiles and AgentPool resources), addonProfiles.azurepolicy.enabled: true and autoUpgradeProfile.upgradeChannel: patch.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.CisAks("3.1"), Frameworks.CisAks("5.1"), Frameworks.Soc2("CC6.1"), Frameworks.Soc2("CC6.7")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_AZURE_5", "CKV_AZURE_141", "CKV_AZURE_227", "CKV_AZURE_116", "CKV_AZURE_171"];

    public override bool JudgesType(string type) => CloudTypes.Is(type, CloudTypes.AzureManagedCluster, CloudTypes.AzureAgentPool);

    public override bool AppliesTo(ResourceView resource, StackView stack) => JudgesType(resource.Type);

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        var p = resource.Properties;
        if (CloudTypes.Is(resource.Type, CloudTypes.AzureAgentPool))
        {
            foreach (var v in EncryptedAtHost(resource.Name, p, "enableEncryptionAtHost")) yield return v;
            yield break;
        }
        foreach (var (path, what) in new[] { ("enableRBAC", "Kubernetes RBAC is not enabled"), ("aadProfile.managed", "Entra ID integration is not enabled"), ("disableLocalAccounts", "local accounts are enabled"), ("addonProfiles.azurepolicy.enabled", "the Azure Policy add-on is not enabled") })
        {
            var value = p.At(path);
            if (value is not { IsComputed: true } && value is not BoolValue { Flag: true } && !(value is StringValue s && s.Text.Equals("true", StringComparison.OrdinalIgnoreCase)))
                yield return new Violation(resource.Name, path, value?.ToString(), what);
        }
        var channel = p.At("autoUpgradeProfile.upgradeChannel");
        if (channel is not { IsComputed: true } && (channel is null || channel.ToString() == "none"))
            yield return new Violation(resource.Name, "autoUpgradeProfile.upgradeChannel", channel?.ToString(), "the cluster has no automatic upgrade channel");
        var pools = p.At("agentPoolProfiles") as ListValue ?? [];
        for (var i = 0; i < pools.Count; i++)
            if (pools[i] is MapValue pool)
                foreach (var v in EncryptedAtHost(resource.Name, pool, $"agentPoolProfiles[{i}].enableEncryptionAtHost", "enableEncryptionAtHost")) yield return v;
    }

    private static IEnumerable<Violation> EncryptedAtHost(string name, MapValue pool, string path, string key = "enableEncryptionAtHost")
    {
        var value = pool.At(key);
        if (value is not { IsComputed: true } && value is not BoolValue { Flag: true })
            yield return new Violation(name, path, value?.ToString(), "the node pool does not encrypt at host");
    }
}
