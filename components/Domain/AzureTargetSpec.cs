namespace Supplychain.Components.Domain;

/// <summary>Options of the <c>azure</c> target (<c>supplychain:azure</c>). Every field but the location has a default.</summary>
/// <param name="Location">Azure location, e.g. eastus.</param>
public sealed record AzureTargetSpec(string Location)
{
    /// <summary>An existing resource group to deploy into; null creates one named <c>rg-supplychain-STACK</c>.</summary>
    public string? ExistingResourceGroup { get; init; }

    /// <summary>Resource id of an existing Log Analytics workspace; null creates one (30 days retention outside prod, 90 in prod).</summary>
    public string? ExistingLogAnalyticsWorkspaceId { get; init; }

    /// <summary>The VNet's address space, a /16 (default 10.20.0.0/16): nodes get its first /18, private endpoints and the database a /24 each.</summary>
    public string VnetAddressSpace { get; init; } = "10.20.0.0/16";

    /// <summary>VM size of the system agent pool (must be in the price catalog; default Standard_D4s_v5).</summary>
    public string SystemVmSize { get; init; } = "Standard_D4s_v5";

    /// <summary>System pool autoscaling bounds (defaults 2..4; AKS needs at least 1 system node, 2 keep CoreDNS available through upgrades).</summary>
    public int SystemMinNodes { get; init; } = 2;
    public int SystemMaxNodes { get; init; } = 4;

    /// <summary>Kubernetes version (minor or patch); null lets AKS pick its default.</summary>
    public string? KubernetesVersion { get; init; }

    /// <summary>Private API server; null means private outside dev (CMP016), public in dev.</summary>
    public bool? PrivateCluster { get; init; }

    /// <summary>CIDR ranges allowed to reach a public API server (ignored on a private one).</summary>
    public IReadOnlyList<string> AuthorizedIpRanges { get; init; } = [];

    /// <summary>Entra ID group object ids that become cluster admins (Azure RBAC); the deploying principal always is.</summary>
    public IReadOnlyList<string> AdminGroupObjectIds { get; init; } = [];

    /// <summary>Object id of the principal running <c>pulumi up</c> (person or CI service principal): made AKS RBAC cluster admin so it can create the in-cluster resources.</summary>
    public string? DeployerObjectId { get; init; }

    /// <summary>PostgreSQL flexible server SKU (default Standard_B1ms in dev, Standard_D2ds_v5 otherwise).</summary>
    public string? PostgresSku { get; init; }

    /// <summary>Azure Cache for Redis SKU as <c>Tier_FamilyCapacity</c> (default Basic_C0 in dev, Standard_C1 otherwise).</summary>
    public string? RedisSku { get; init; }

    /// <summary>First month of the Consumption budget (<c>YYYY-MM</c>; Azure refuses a start before the current month). Changes are ignored once created.</summary>
    public string BudgetStartMonth { get; init; } = "2026-11";

    public string BudgetStartDate => BudgetStartMonth + "-01T00:00:00Z";

    public bool IsPrivateCluster(EnvironmentTier environment) => PrivateCluster ?? environment != EnvironmentTier.Dev;

    public string EffectivePostgresSku(EnvironmentTier environment) => PostgresSku ?? (environment == EnvironmentTier.Dev ? "Standard_B1ms" : "Standard_D2ds_v5");

    public string EffectiveRedisSku(EnvironmentTier environment) => RedisSku ?? (environment == EnvironmentTier.Dev ? "Basic_C0" : "Standard_C1");
}
