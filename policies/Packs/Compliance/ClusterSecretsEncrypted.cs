using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP020: managed clusters envelope-encrypt Kubernetes Secrets with a KMS key: EKS <c>encryptionConfig</c> covering
/// <c>secrets</c> with a key ARN, AKS <c>securityProfile.azureKeyVaultKms.enabled</c>. Local clusters: not applicable.
/// </summary>
public sealed class ClusterSecretsEncrypted : ResourcePolicy
{
    public override string Id => "CMP020";
    public override string Pack => "compliance";
    public override string Title => "Managed Kubernetes clusters must encrypt Secrets with a KMS key";
    public override string Rationale =>
        "Secrets in etcd are only base64 by default; envelope encryption with a KMS key means an etcd backup or snapshot does not " +
        "expose database passwords and registry credentials.";
    public override string Remediation =>
        "Set encryptionConfig {resources: [secrets], provider: {keyArn}} on EKS clusters; enable securityProfile.azureKeyVaultKms on AKS.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.CisEks("5.3.1"), Frameworks.Soc2("CC6.1")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_AWS_58"];

    public override bool JudgesType(string type) => CloudTypes.Is(type, CloudTypes.EksCluster, CloudTypes.AzureManagedCluster);

    public override bool AppliesTo(ResourceView resource, StackView stack) => JudgesType(resource.Type);

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        if (CloudTypes.Is(resource.Type, CloudTypes.AzureManagedCluster))
        {
            var enabled = resource.Properties.At("securityProfile.azureKeyVaultKms.enabled");
            if (enabled is not ({ IsComputed: true } or BoolValue { Flag: true }))
                yield return new Violation(resource.Name, "securityProfile.azureKeyVaultKms.enabled", enabled?.ToString(), "the cluster does not encrypt Secrets with a Key Vault KMS key");
            yield break;
        }
        var config = resource.Properties.At("encryptionConfig");
        if (config is { IsComputed: true }) yield break;
        // Provider versions differ: a single object (aws v6) or a list of them.
        var entries = config switch { MapValue m => [m], ListValue l => l.OfType<MapValue>().ToList(), _ => new List<MapValue>() };
        var ok = entries.Any(e => e.At("resources") is ListValue rs && rs.Any(r => r.ToString() == "secrets") && e.At("provider.keyArn") is not null);
        if (!ok)
            yield return new Violation(resource.Name, "encryptionConfig", config?.ToString(), "the cluster does not encrypt Secrets with a KMS key (encryptionConfig for 'secrets' with provider.keyArn)");
    }
}
