using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP031: data stores accept only encrypted, authenticated connections: ElastiCache replication groups enable transit
/// encryption and an AUTH token; storage accounts accept HTTPS only with TLS 1.2; Azure Cache for Redis keeps the non-TLS port
/// closed and requires TLS 1.2. (RDS PostgreSQL 15+ and PostgreSQL flexible server force TLS by default in their parameters.)
/// </summary>
public sealed class EncryptionInTransit : PropertyPolicy
{
    public override string Id => "CMP031";
    public override string Pack => "compliance";
    public override string Title => "Caches and storage must accept only TLS 1.2+ connections, and caches must require authentication";
    public override string Rationale =>
        "Features, model artifacts and cache keys cross the VPC and the node network; without TLS anyone on the path reads them, and a cache " +
        "without AUTH answers any pod that can reach it.";
    public override string Remediation =>
        "Set transitEncryptionEnabled: true and authToken on ElastiCache; enableHttpsTrafficOnly: true and minimumTlsVersion: TLS1_2 on storage " +
        "accounts; enableNonSslPort: false and minimumTlsVersion: '1.2' on Azure Cache for Redis.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("CC6.7"), Frameworks.EuAiAct("Art. 15")];
    public override IReadOnlyList<string> PeerEquivalents =>
    [
        "CKV_AWS_30", "CKV_AWS_31", "CKV_AZURE_3", "CKV_AZURE_44", "CKV_AZURE_91", "CKV_AZURE_148",
        "AwsSolutions-AEC3", "AwsSolutions-AEC6"
    ];

    protected override IReadOnlyList<PropertyCheck> Checks { get; } =
    [
        PropertyCheck.Equal(CloudTypes.ElastiCacheReplicationGroup, "transitEncryptionEnabled", true),
        PropertyCheck.Exists(CloudTypes.ElastiCacheReplicationGroup, "authToken"),
        PropertyCheck.Equal(CloudTypes.AzureStorageAccount, "enableHttpsTrafficOnly", true),
        PropertyCheck.Equal(CloudTypes.AzureStorageAccount, "minimumTlsVersion", "TLS1_2"),
        PropertyCheck.Equal(CloudTypes.AzureRedis, "enableNonSslPort", false),
        PropertyCheck.Equal(CloudTypes.AzureRedis, "minimumTlsVersion", "1.2"),
        PropertyCheck.Equal(CloudTypes.AzureRedisV3, "enableNonSslPort", false),
        PropertyCheck.Equal(CloudTypes.AzureRedisV3, "minimumTlsVersion", "1.2"),
    ];
}
