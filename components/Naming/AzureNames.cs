namespace Supplychain.Components.Naming;

/// <summary>
/// Every Azure physical name of the supply chain, one function per resource type, each within Azure's documented rule
/// (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules).
/// Globally unique names (Key Vault, ACR, storage account, PostgreSQL, Redis) end with the stack's random suffix.
/// </summary>
public static class AzureNames
{
    private const string RulesPage = "https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules";

    public static readonly NameRule ResourceGroup = new("Resource group", 1, 90, @"\A[-\w.()]*[-\w()]\z", "subscription", RulesPage + "#microsoftresources");
    public static readonly NameRule VirtualNetwork = new("Virtual network", 2, 64, @"\A[A-Za-z0-9][A-Za-z0-9_.-]*[A-Za-z0-9_]\z", "resource group", RulesPage + "#microsoftnetwork");
    public static readonly NameRule LogAnalyticsWorkspace = new("Log Analytics workspace", 4, 63, @"\A[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]\z", "resource group", RulesPage + "#microsoftoperationalinsights");
    public static readonly NameRule AksCluster = new("AKS cluster", 1, 63, @"\A[A-Za-z0-9][A-Za-z0-9_-]*[A-Za-z0-9]\z|\A[A-Za-z0-9]\z", "resource group", RulesPage + "#microsoftcontainerservice");
    public static readonly NameRule AksDnsPrefix = new("AKS DNS prefix", 1, 54, @"\A[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]\z", "region", "https://learn.microsoft.com/azure/aks/faq#what-naming-restrictions-are-enforced-for-aks-resources-and-parameters");
    public static readonly NameRule AgentPool = new("AKS agent pool (Linux)", 1, 12, @"\A[a-z][a-z0-9]*\z", "cluster", "https://learn.microsoft.com/azure/aks/create-node-pools#limitations");
    public static readonly NameRule KeyVault = new("Key Vault", 3, 24, @"\A[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]\z", "global", RulesPage + "#microsoftkeyvault") { NoConsecutiveHyphens = true };
    public static readonly NameRule ContainerRegistry = new("Container registry", 5, 50, @"\A[A-Za-z0-9]+\z", "global", RulesPage + "#microsoftcontainerregistry");
    public static readonly NameRule StorageAccount = new("Storage account", 3, 24, @"\A[a-z0-9]+\z", "global", RulesPage + "#microsoftstorage");
    public static readonly NameRule PostgreSqlServer = new("PostgreSQL flexible server", 3, 63, @"\A[a-z0-9][a-z0-9-]*[a-z0-9]\z", "global", RulesPage + "#microsoftdbforpostgresql");
    public static readonly NameRule Redis = new("Azure Cache for Redis", 1, 63, @"\A[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]\z", "global", RulesPage + "#microsoftcache") { NoConsecutiveHyphens = true };
    public static readonly NameRule ManagedIdentity = new("User-assigned managed identity", 3, 128, @"\A[A-Za-z0-9][A-Za-z0-9_-]*\z", "resource group", RulesPage + "#microsoftmanagedidentity");
    public static readonly NameRule FederatedCredential = new("Federated identity credential", 3, 120, @"\A[A-Za-z0-9][A-Za-z0-9_-]*\z", "identity", "https://learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust-user-assigned-managed-identity#important-considerations-and-restrictions");

    public static IReadOnlyList<NameRule> Rules { get; } =
        [ResourceGroup, VirtualNetwork, LogAnalyticsWorkspace, AksCluster, AksDnsPrefix, AgentPool, KeyVault, ContainerRegistry, StorageAccount, PostgreSqlServer, Redis, ManagedIdentity, FederatedCredential];

    /// <summary>Characters of the stack's random suffix (a <c>random:RandomString</c>: lowercase letters and digits).</summary>
    public const int RandomSuffixLength = 8;

    /// <summary>Lowercase letters and digits of the stack name, at most 10: a short, stable token for names with tight limits.</summary>
    public static string StackToken(string stackName) =>
        new string(stackName.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray()) is { Length: > 0 } t ? t[..Math.Min(t.Length, 10)] : "stack";

    /// <summary>A resource group takes the stack name as it is: every label-value character is allowed in one.</summary>
    public static string ResourceGroupName(string stackName) => ResourceGroup.Checked(NameFitting.Fit("rg-supplychain-" + stackName, ResourceGroup.MaxLength));

    public static string VirtualNetworkName(string stackName) => VirtualNetwork.Checked(NameFitting.Fit("vnet-supplychain-" + stackName, VirtualNetwork.MaxLength));

    public static string WorkspaceName(string stackName) =>
        LogAnalyticsWorkspace.Checked(NameFitting.Fit("log-supplychain-" + NameFitting.Slug(stackName), LogAnalyticsWorkspace.MaxLength));

    public static string ClusterName(string stackName) => AksCluster.Checked(NameFitting.Fit("aks-supplychain-" + NameFitting.Slug(stackName), AksCluster.MaxLength));

    public static string DnsPrefix(string stackName) => AksDnsPrefix.Checked("sc-" + StackToken(stackName));

    /// <summary>The head of a globally unique name; the random suffix follows, and the whole stays within <paramref name="rule"/>.</summary>
    public static string GlobalHead(string prefix, string stackName, NameRule rule)
    {
        var head = prefix + StackToken(stackName);
        return head[..Math.Min(head.Length, rule.MaxLength - RandomSuffixLength)];
    }

    /// <summary>A user-assigned identity name (<c>id-TOKEN-PURPOSE</c>), fitted to 128.</summary>
    public static string IdentityName(string name) => ManagedIdentity.Checked(NameFitting.Fit(name, ManagedIdentity.MaxLength));

    /// <summary>A federated credential name from free text (a branch like <c>release/2026.11</c>, a namespace and account).</summary>
    public static string FederatedCredentialName(string text) =>
        FederatedCredential.Checked(NameFitting.Fit(NameFitting.Slug(text), FederatedCredential.MaxLength));

    /// <summary>
    /// A Linux agent pool name: lowercase letters and digits, starting with a letter, at most 12. A pool name that
    /// fits keeps its letters and digits; a longer one is cut to 8 and given 4 hash characters of the full name.
    /// Two pools can still meet (<c>gpu-a</c>, <c>gpua</c>): the settings reader refuses that before synthesis.
    /// </summary>
    public static string AgentPoolName(string pool)
    {
        var name = new string(pool.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
        if (name.Length == 0 || !char.IsAsciiLetter(name[0])) name = "gpu" + name;
        if (name.Length > AgentPool.MaxLength) name = name[..8] + NameFitting.Hash(pool, 4);
        return AgentPool.Checked(name);
    }
}
