using System.Text.RegularExpressions;
using Supplychain.Components.Domain;

namespace Supplychain.Stacks.Settings;

/// <summary>Reads <c>supplychain:azure</c>: options of the azure target. Required when the target is azure. Keys: CONFIG-AZURE.md.</summary>
internal static partial class AzureSettingsReader
{
    private static readonly string[] Fields =
    [
        "location", "existingResourceGroup", "existingLogAnalyticsWorkspaceId", "vnetAddressSpace", "systemVmSize", "systemMinNodes",
        "systemMaxNodes", "kubernetesVersion", "privateCluster", "authorizedIpRanges", "adminGroupObjectIds", "postgresSku", "redisSku", "budgetStartMonth", "deployerObjectId",
    ];

    /// <summary>Redis SKUs as Tier_FamilyCapacity: Basic/Standard use family C (0..6), Premium family P (1..5).</summary>
    public static readonly IReadOnlyList<string> RedisSkus =
    [
        "Basic_C0", "Basic_C1", "Basic_C2", "Basic_C3", "Basic_C4", "Basic_C5", "Basic_C6",
        "Standard_C0", "Standard_C1", "Standard_C2", "Standard_C3", "Standard_C4", "Standard_C5", "Standard_C6",
        "Premium_P1", "Premium_P2", "Premium_P3", "Premium_P4", "Premium_P5",
    ];

    public static AzureTargetSpec? Read(ObjectNode top, NodeReader reader, string? target)
    {
        if (!top.Has("azure"))
        {
            if (target == "azure") reader.Error(top.PathOf("azure"), "is missing; the azure target needs at least { location: <azure location> }");
            return null;
        }
        if (reader.Object(top["azure"], top.PathOf("azure"), "Azure target options", Fields) is not { } azure) return null;
        var location = azure.Format("location", required: true, l => Location().IsMatch(l), "an Azure location", "an Azure location name such as eastus or westeurope");
        var group = azure.Format("existingResourceGroup", required: false, g => ResourceGroup().IsMatch(g), "a resource group name",
            "1-90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'");
        var workspace = azure.Format("existingLogAnalyticsWorkspaceId", required: false, w => WorkspaceId().IsMatch(w), "a Log Analytics workspace resource id",
            "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>");
        var space = azure.Format("vnetAddressSpace", required: false, s => Slash16().IsMatch(s), "a /16 IPv4 range", "a private /16 such as 10.20.0.0/16");
        var vmSize = azure.Format("systemVmSize", required: false, v => VmSize().IsMatch(v), "an Azure VM size", "a VM size such as Standard_D4s_v5");
        var min = azure.Int("systemMinNodes", 1, 100, 2);
        var max = azure.Int("systemMaxNodes", 1, 100, 4);
        if (min is { } lo && max is { } hi && hi < lo) reader.Error(azure.PathOf("systemMaxNodes"), $"is {hi}, below systemMinNodes ({lo})");
        var version = azure.Format("kubernetesVersion", required: false, v => KubernetesVersion().IsMatch(v), "a Kubernetes version", "MAJOR.MINOR or MAJOR.MINOR.PATCH, e.g. 1.33");
        bool? privateCluster = azure.Has("privateCluster") ? azure.Bool("privateCluster", false) : null;
        var ranges = azure.Has("authorizedIpRanges")
            ? reader.StringList(azure["authorizedIpRanges"], azure.PathOf("authorizedIpRanges"), "a list of CIDR ranges",
                (n, p) => reader.Format(n, p, c => Cidr().IsMatch(c), "a CIDR range", "an IPv4 CIDR such as 203.0.113.0/24"))
            : [];
        var admins = azure.Has("adminGroupObjectIds")
            ? reader.StringList(azure["adminGroupObjectIds"], azure.PathOf("adminGroupObjectIds"), "a list of Entra ID group object ids",
                (n, p) => reader.Format(n, p, g => Guid().IsMatch(g), "a group object id", "a GUID such as 00000000-0000-0000-0000-000000000000"))
            : [];
        var postgres = azure.Format("postgresSku", required: false, v => VmSize().IsMatch(v), "a PostgreSQL flexible server SKU", "a SKU such as Standard_D2ds_v5 or Standard_B1ms");
        var redis = azure.Enum("redisSku", required: false, RedisSkus);
        var deployer = azure.Format("deployerObjectId", required: false, g => Guid().IsMatch(g), "an object id", "the GUID of the user or service principal that runs pulumi up");
        var budgetMonth = azure.Format("budgetStartMonth", required: false, m => Month().IsMatch(m), "a month", "YYYY-MM, e.g. 2026-11");
        if (location is null || min is null || max is null || ranges is null || admins is null) return null;
        if (deployer is null && admins.Count == 0 && !azure.Has("deployerObjectId"))
            reader.Error(azure.PathOf("adminGroupObjectIds"), "is empty and deployerObjectId is not set: with Azure RBAC and local accounts off, nobody could create the in-cluster resources; " +
                "set deployerObjectId (az ad signed-in-user show --query id -o tsv) or an admin group the deployer belongs to");
        if (privateCluster == true && ranges.Count > 0)
            reader.Error(azure.PathOf("authorizedIpRanges"), "is set, but privateCluster is true: a private API server has no public address to restrict; remove one of them");
        return new AzureTargetSpec(location)
        {
            ExistingResourceGroup = group,
            ExistingLogAnalyticsWorkspaceId = workspace,
            VnetAddressSpace = space ?? "10.20.0.0/16",
            SystemVmSize = vmSize ?? "Standard_D4s_v5",
            SystemMinNodes = min.Value,
            SystemMaxNodes = max.Value,
            KubernetesVersion = version,
            PrivateCluster = privateCluster,
            AuthorizedIpRanges = ranges,
            AdminGroupObjectIds = admins,
            PostgresSku = postgres,
            RedisSku = redis,
            BudgetStartMonth = budgetMonth ?? "2026-11",
            DeployerObjectId = deployer,
        };
    }

    [GeneratedRegex(@"^20\d\d-(0[1-9]|1[0-2])\z")]
    private static partial Regex Month();

    [GeneratedRegex("^[a-z]+[a-z0-9]*\\z")]
    private static partial Regex Location();

    [GeneratedRegex(@"^[-\w\.\(\)]{0,89}[-\w\(\)]\z")]
    private static partial Regex ResourceGroup();

    [GeneratedRegex("^/subscriptions/[0-9a-fA-F-]{36}/resourceGroups/[^/]+/providers/Microsoft\\.OperationalInsights/workspaces/[^/]+\\z")]
    private static partial Regex WorkspaceId();

    [GeneratedRegex(@"^(10|172|192)\.(\d{1,3})\.0\.0/16\z")]
    private static partial Regex Slash16();

    [GeneratedRegex("^Standard_[A-Za-z0-9_]+\\z")]
    private static partial Regex VmSize();

    [GeneratedRegex(@"^\d+\.\d+(\.\d+)?\z")]
    private static partial Regex KubernetesVersion();

    [GeneratedRegex(@"^(\d{1,3}\.){3}\d{1,3}/\d{1,2}\z")]
    private static partial Regex Cidr();

    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\z")]
    private static partial Regex Guid();
}
