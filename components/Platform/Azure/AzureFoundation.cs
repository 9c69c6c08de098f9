using System.Globalization;
using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Components.Naming;

namespace Supplychain.Components.Platform.Azure;

/// <summary>
/// The Azure foundation: resource group, VNet (nodes, private endpoints, delegated database subnet), Log Analytics,
/// a Key Vault (RBAC mode) holding the cluster's KMS key and generated credentials, the AKS cluster (Entra ID + Azure
/// RBAC, OIDC issuer and workload identity, no local accounts, KMS-encrypted Secrets, Container Insights, audit logs to
/// the workspace) and the Kubernetes provider built from the cluster's user credentials. Components place their Azure
/// resources with its helpers (role assignments, private endpoints, workload identities, Key Vault secrets).
/// </summary>
public sealed class AzureFoundation : ITargetFoundation
{
    public const string Provider = "azure-native";
    public const string WorkloadIdentityAudience = "api://AzureADTokenExchange";
    public const string SubscriptionVariable = "azureSubscriptionId";
    public const string CredentialsVariable = "aksUserCredentials";
    public const string OidcIssuerVariable = "aksOidcIssuerUrl";

    private readonly Scope _scope;
    private readonly Dictionary<string, Resource> _dnsZones = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Resource> _dnsLinks = new(StringComparer.Ordinal);

    private AzureFoundation(Scope scope, SupplyChainSpec spec, AzureTargetSpec azure)
    {
        _scope = scope;
        Spec = spec;
        Azure = azure;
        Location = azure.Location;
    }

    public SupplyChainSpec Spec { get; }
    public AzureTargetSpec Azure { get; }
    public string Location { get; }
    public string KubernetesProvider { get; private set; } = "";

    public Value ResourceGroupName { get; private set; } = "";
    public RefValue VnetId { get; private set; } = null!;
    public RefValue NodeSubnetId { get; private set; } = null!;
    public RefValue PrivateEndpointSubnetId { get; private set; } = null!;
    public RefValue DatabaseSubnetId { get; private set; } = null!;
    /// <summary>The subnet the AKS API server is projected into (API Server VNet Integration): it reaches the private Key Vault from there.</summary>
    public RefValue ApiServerSubnetId { get; private set; } = null!;
    public Value WorkspaceId { get; private set; } = "";
    public Resource Cluster { get; private set; } = null!;
    public Resource KeyVault { get; private set; } = null!;
    /// <summary>An 8-character random suffix (lowercase letters and digits) for the globally unique names (storage, ACR, Key Vault).</summary>
    public RefValue NameSuffix { get; private set; } = null!;
    /// <summary>The subscription, read from the id of the cluster identity (segment 2 of <c>/subscriptions/ID/...</c>).</summary>
    public RefValue SubscriptionId => new(SubscriptionVariable);
    /// <summary>The Entra ID tenant, from the cluster identity.</summary>
    public RefValue TenantId => _clusterIdentity.Ref("tenantId");
    /// <summary>
    /// The cluster's OIDC issuer, from a variable (see <see cref="OidcIssuerExpression"/>): the SDK types the profile as
    /// optional, so <c>${cluster.oidcIssuerProfile.issuerURL}</c> cannot be checked against the provider types.
    /// </summary>
    public RefValue OidcIssuerUrl => new(OidcIssuerVariable);

    /// <summary>
    /// Reads <c>issuerURL</c> out of the profile without a field access on an optional object: Pulumi YAML's
    /// <c>fn::toJSON</c> writes Go JSON with sorted keys and no spaces, <c>{"enabled":true,"issuerURL":"https://…"}</c>,
    /// so splitting on <c>"</c> puts the URL at index 5. The profile is always rendered enabled, so the shape is fixed.
    /// </summary>
    public static FunctionValue OidcIssuerExpression(Resource cluster) => new("fn::select", new ListValue
    {
        5, new FunctionValue("fn::split", new ListValue { "\"", FunctionValue.ToJson(cluster.Ref("oidcIssuerProfile")) }),
    });
    /// <summary>The object id of the kubelet identity (pulls images); created here so its id is a plain output.</summary>
    public RefValue KubeletObjectId => _kubeletIdentity.Ref("principalId");
    private Resource _kubeletIdentity = null!;
    private Resource _clusterIdentity = null!;
    public bool Prod => Spec.Stack.Environment == EnvironmentTier.Prod;
    public bool Dev => Spec.Stack.Environment == EnvironmentTier.Dev;

    /// <summary>A short, stable, Azure-safe form of the stack name (lowercase letters and digits).</summary>
    public string StackToken => AzureNames.StackToken(Spec.Stack.StackName);

    public static AzureFoundation Create(Scope root, SupplyChainSpec spec)
    {
        var azure = spec.Azure ?? throw new ArgumentException("the azure target needs supplychain:azure (at least a location)");
        var foundation = new AzureFoundation(root.Child("azure"), spec, azure);
        foundation.Render();
        return foundation;
    }

    /// <summary>The tags every Azure resource gets, with the component of <paramref name="scope"/>.</summary>
    public static MapValue Tags(Scope scope) => scope.Tags();

    /// <summary>A full role definition id of a built-in role (<see cref="AzureRoles"/>) in this subscription.</summary>
    public InterpolationValue RoleDefinition(string roleGuid) =>
        new("/subscriptions/", SubscriptionId, "/providers/Microsoft.Authorization/roleDefinitions/" + roleGuid);

    /// <summary>Grants <paramref name="roleGuid"/> to a principal on exactly <paramref name="targetScope"/> (a resource id).</summary>
    public Resource AssignRole(Scope scope, string leaf, Value principalId, string? principalType, string roleGuid, Value targetScope)
    {
        var props = new MapValue
        {
            ["principalId"] = principalId,
            ["roleDefinitionId"] = RoleDefinition(roleGuid),
            ["scope"] = targetScope,
        };
        // The type lets ARM skip the directory lookup that fails for identities created moments ago.
        if (principalType is not null) props["principalType"] = principalType;
        return scope.Add(leaf, "azure-native:authorization:RoleAssignment", props);
    }

    /// <summary>A globally unique name: prefix + stack token + the random suffix, within <paramref name="maxLength"/>.</summary>
    public InterpolationValue GlobalName(string prefix, int maxLength)
    {
        var head = prefix + StackToken;
        head = head[..Math.Min(head.Length, maxLength - 8)];
        return new InterpolationValue(head, NameSuffix);
    }

    /// <summary>Stores a generated credential in the Key Vault, by reference (never a literal).</summary>
    public Resource StoreSecret(Scope scope, string leaf, string secretName, Value value) =>
        scope.Add(leaf, "azure-native:keyvault:Secret", new MapValue
        {
            ["resourceGroupName"] = ResourceGroupName,
            ["vaultName"] = KeyVault.Ref("name"),
            ["secretName"] = secretName,
            ["properties"] = new MapValue { ["value"] = value, ["contentType"] = "text/plain" },
            ["tags"] = scope.Tags(),
        });

    /// <summary>
    /// A private endpoint for <paramref name="targetId"/> in the private-endpoint subnet, registered in the private DNS
    /// zone of its service, so the cluster resolves the service's public name to the private address.
    /// </summary>
    public Resource PrivateEndpoint(Scope scope, string leaf, Value targetId, string groupId, string zoneName)
    {
        var zone = DnsZone(zoneName);
        var endpoint = scope.Add(leaf, "azure-native:network:PrivateEndpoint", new MapValue
        {
            ["resourceGroupName"] = ResourceGroupName,
            ["location"] = Location,
            ["subnet"] = new MapValue { ["id"] = PrivateEndpointSubnetId },
            ["privateLinkServiceConnections"] = new ListValue
            {
                new MapValue { ["name"] = groupId, ["privateLinkServiceId"] = targetId, ["groupIds"] = new ListValue { groupId } },
            },
            ["tags"] = scope.Tags(),
        });
        scope.Add(leaf + "-dns", "azure-native:network:PrivateDnsZoneGroup", new MapValue
        {
            ["resourceGroupName"] = ResourceGroupName,
            ["privateEndpointName"] = endpoint.Ref("name"),
            ["privateDnsZoneGroupName"] = "default",
            ["privateDnsZoneConfigs"] = new ListValue
            {
                new MapValue { ["name"] = zoneName.Replace('.', '-'), ["privateDnsZoneId"] = zone.Ref("id") },
            },
        });
        return endpoint;
    }

    /// <summary>A private DNS zone linked to the VNet, created once per zone name.</summary>
    public Resource DnsZone(string zoneName)
    {
        if (_dnsZones.TryGetValue(zoneName, out var existing)) return existing;
        var scope = _scope.Child("dns");
        var leaf = zoneName.Replace('.', '-');
        var zone = scope.Add(leaf, "azure-native:privatedns:PrivateZone", new MapValue
        {
            ["resourceGroupName"] = ResourceGroupName,
            ["privateZoneName"] = zoneName,
            ["location"] = "Global",
            ["tags"] = scope.Tags(),
        });
        _dnsLinks[zoneName] = scope.Add(leaf + "-link", "azure-native:privatedns:VirtualNetworkLink", new MapValue
        {
            ["resourceGroupName"] = ResourceGroupName,
            ["privateZoneName"] = zone.Ref("name"),
            ["virtualNetworkLinkName"] = "vnet",
            ["location"] = "Global",
            ["virtualNetwork"] = new MapValue { ["id"] = VnetId },
            ["registrationEnabled"] = false,
            ["tags"] = scope.Tags(),
        });
        _dnsZones[zoneName] = zone;
        return zone;
    }

    /// <summary>The VNet link of a zone made by <see cref="DnsZone"/> (resolution from the cluster works once it exists).</summary>
    public Resource DnsZoneLink(string zoneName) { DnsZone(zoneName); return _dnsLinks[zoneName]; }

    /// <summary>
    /// Workload identity for a Kubernetes service account: a user-assigned identity, a federated credential trusting
    /// the cluster's OIDC issuer for exactly <c>system:serviceaccount:NS:SA</c>, and the service account annotated
    /// with the identity's client id. Returns the identity (grant it roles on the narrowest scope).
    /// </summary>
    public Resource WorkloadIdentity(Scope scope, string ns, string serviceAccount, IReadOnlyList<string> dependsOn)
    {
        var identity = scope.Add("identity", "azure-native:managedidentity:UserAssignedIdentity", new MapValue
        {
            ["resourceGroupName"] = ResourceGroupName,
            ["location"] = Location,
            ["resourceName"] = AzureNames.IdentityName($"id-{StackToken}-{scope.Path.LogicalName}"),
            ["tags"] = scope.Tags(),
        });
        scope.Add("federated-credential", "azure-native:managedidentity:FederatedIdentityCredential", new MapValue
        {
            ["resourceGroupName"] = ResourceGroupName,
            ["resourceName"] = identity.Ref("name"),
            ["federatedIdentityCredentialResourceName"] = AzureNames.FederatedCredentialName($"{ns}-{serviceAccount}"),
            ["issuer"] = OidcIssuerUrl,
            ["subject"] = ServiceAccountSubject(ns, serviceAccount),
            ["audiences"] = new ListValue { WorkloadIdentityAudience },
        });
        var metadata = Kube.Metadata(scope, serviceAccount, ns, serviceAccount);
        metadata["annotations"] = new MapValue
        {
            ["azure.workload.identity/client-id"] = identity.Ref("clientId"),
            ["azure.workload.identity/tenant-id"] = TenantId,
        };
        scope.Add("service-account", KubeTypes.ServiceAccount, new MapValue
        {
            ["metadata"] = metadata,
            // The workload identity webhook projects its own audience-bound token; the API token stays unmounted.
            ["automountServiceAccountToken"] = false,
        }, new ResourceOptions { DependsOn = dependsOn });
        return identity;
    }

    public static string ServiceAccountSubject(string ns, string serviceAccount) => $"system:serviceaccount:{ns}:{serviceAccount}";

    /// <summary>The pod label that makes the workload identity webhook inject the federated token and AZURE_* variables.</summary>
    public static IReadOnlyDictionary<string, string> WorkloadIdentityPodLabels { get; } =
        new Dictionary<string, string> { ["azure.workload.identity/use"] = "true" };

    // ---------------------------------------------------------------- rendering

    private void Render()
    {
        var program = _scope.Program;
        NameSuffix = _scope.Add("name-suffix", "random:RandomString", new MapValue
        {
            ["length"] = 8,
            ["special"] = false,
            ["upper"] = false,
            ["numeric"] = true,
            ["lower"] = true,
        }).Ref("result");

        RenderResourceGroup();
        _clusterIdentity = _scope.Child("aks").Add("identity", "azure-native:managedidentity:UserAssignedIdentity", new MapValue
        {
            ["resourceGroupName"] = ResourceGroupName,
            ["location"] = Location,
            ["resourceName"] = AzureNames.IdentityName($"id-aks-{StackToken}"),
            ["tags"] = _scope.Child("aks").Tags(),
        });
        program.AddVariable(SubscriptionVariable, new FunctionValue("fn::select", new ListValue
        {
            2, new FunctionValue("fn::split", new ListValue { "/", _clusterIdentity.Ref("id") }),
        }));
        RenderNetwork();
        RenderWorkspace();
        RenderKeyVault();
        RenderCluster();
        program.AddVariable(OidcIssuerVariable, OidcIssuerExpression(Cluster));
        RenderKubernetesProvider();
        RenderBudget();
    }

    private void RenderResourceGroup()
    {
        if (Azure.ExistingResourceGroup is { } existing) { ResourceGroupName = existing; return; }
        var group = _scope.Add("resource-group", "azure-native:resources:ResourceGroup", new MapValue
        {
            ["resourceGroupName"] = AzureNames.ResourceGroupName(Spec.Stack.StackName),
            ["location"] = Location,
            ["tags"] = _scope.Tags(),
        }, new ResourceOptions { Protect = Prod });
        ResourceGroupName = group.Ref("name");
    }

    private void RenderNetwork()
    {
        var scope = _scope.Child("network");
        var prefix = Azure.VnetAddressSpace[..Azure.VnetAddressSpace.IndexOf(".0.0/16", StringComparison.Ordinal)];
        var vnet = scope.Add("vnet", "azure-native:network:VirtualNetwork", new MapValue
        {
            ["resourceGroupName"] = ResourceGroupName,
            ["virtualNetworkName"] = AzureNames.VirtualNetworkName(Spec.Stack.StackName),
            ["location"] = Location,
            ["addressSpace"] = new MapValue { ["addressPrefixes"] = new ListValue { Azure.VnetAddressSpace } },
            ["tags"] = scope.Tags(),
        }, new ResourceOptions { IgnoreChanges = ["subnets"] });
        VnetId = vnet.Ref("id");

        Resource Subnet(string leaf, string name, string cidr, MapValue? extra = null, IReadOnlyList<string>? after = null)
        {
            var props = new MapValue
            {
                ["resourceGroupName"] = ResourceGroupName,
                ["virtualNetworkName"] = vnet.Ref("name"),
                ["subnetName"] = name,
                ["addressPrefix"] = cidr,
            };
            if (extra is not null) foreach (var (k, v) in extra) props[k] = v;
            // Subnets of one VNet are updated one at a time by ARM; serialising them avoids AnotherOperationInProgress.
            return scope.Add(leaf, "azure-native:network:Subnet", props, new ResourceOptions { DependsOn = after ?? [] });
        }

        var nodes = Subnet("subnet-nodes", "nodes", $"{prefix}.0.0/18");
        var endpoints = Subnet("subnet-endpoints", "private-endpoints", $"{prefix}.64.0/24", after: [nodes.Name]);
        var database = Subnet("subnet-database", "postgres", $"{prefix}.65.0/24", new MapValue
        {
            // PostgreSQL flexible server with private access needs a subnet delegated to it alone.
            ["delegations"] = new ListValue
            {
                new MapValue { ["name"] = "postgres-flexible", ["serviceName"] = "Microsoft.DBforPostgreSQL/flexibleServers" },
            },
        }, after: [endpoints.Name]);
        var apiServer = Subnet("subnet-apiserver", "aks-apiserver", $"{prefix}.66.0/28", new MapValue
        {
            ["delegations"] = new ListValue
            {
                new MapValue { ["name"] = "aks-apiserver", ["serviceName"] = "Microsoft.ContainerService/managedClusters" },
            },
        }, after: [database.Name]);
        ApiServerSubnetId = apiServer.Ref("id");
        NodeSubnetId = nodes.Ref("id");
        PrivateEndpointSubnetId = endpoints.Ref("id");
        DatabaseSubnetId = database.Ref("id");
    }

    private void RenderWorkspace()
    {
        if (Azure.ExistingLogAnalyticsWorkspaceId is { } existing) { WorkspaceId = existing; return; }
        var workspace = _scope.Add("log-analytics", "azure-native:operationalinsights:Workspace", new MapValue
        {
            ["resourceGroupName"] = ResourceGroupName,
            ["workspaceName"] = AzureNames.WorkspaceName(Spec.Stack.StackName),
            ["location"] = Location,
            ["sku"] = new MapValue { ["name"] = "PerGB2018" },
            // Audit logs are evidence (EU AI Act Art. 12): prod keeps them 90 days in the workspace.
            ["retentionInDays"] = Prod ? 90 : 30,
            ["tags"] = _scope.Tags(),
        });
        WorkspaceId = workspace.Ref("id");
    }

    private void RenderKeyVault()
    {
        var scope = _scope.Child("keyvault");
        var properties = new MapValue
        {
            ["tenantId"] = TenantId,
            ["sku"] = new MapValue { ["family"] = "A", ["name"] = "standard" },
            // Access is Azure RBAC only (no access policies): the same role model as everything else.
            ["enableRbacAuthorization"] = true,
            ["enableSoftDelete"] = true,
            ["softDeleteRetentionInDays"] = Prod ? 90 : 7,
            // No public endpoint (CMP024): the API server's KMS plugin reaches the vault through API Server VNet
            // Integration and the vault's private endpoint; Keys and Secrets are written through ARM, which the
            // vault firewall does not filter.
            ["publicNetworkAccess"] = "Disabled",
            ["networkAcls"] = new MapValue { ["bypass"] = "AzureServices", ["defaultAction"] = "Deny" },
            // The vault holds the etcd KMS key: a purged key makes the cluster's secrets unreadable (CMP032).
            ["enablePurgeProtection"] = true,
        };
        KeyVault = scope.Add("vault", "azure-native:keyvault:Vault", new MapValue
        {
            ["resourceGroupName"] = ResourceGroupName,
            ["vaultName"] = GlobalName("kv", 24),
            ["location"] = Location,
            ["properties"] = properties,
            ["tags"] = scope.Tags(),
        }, new ResourceOptions { Protect = Prod });
        PrivateEndpoint(scope, "private-endpoint", KeyVault.Ref("id"), "vault", "privatelink.vaultcore.azure.net");
    }

    private void RenderCluster()
    {
        var scope = _scope.Child("aks");
        var env = Spec.Stack.Environment;
        var identity = _clusterIdentity;
        var kmsKey = _scope.Child("keyvault").Add("aks-kms-key", "azure-native:keyvault:Key", new MapValue
        {
            ["resourceGroupName"] = ResourceGroupName,
            ["vaultName"] = KeyVault.Ref("name"),
            ["keyName"] = "aks-kms",
            ["properties"] = new MapValue
            {
                ["kty"] = "RSA",
                ["keySize"] = 2048,
                ["keyOps"] = new ListValue { "encrypt", "decrypt", "wrapKey", "unwrapKey" },
                // A new version every year, each expiring after two (CMP058). Expired versions still unwrap what they
                // wrapped; the cluster's keyId moves to the new version on the next refresh and update.
                ["rotationPolicy"] = new MapValue
                {
                    ["attributes"] = new MapValue { ["expiryTime"] = "P2Y" },
                    ["lifetimeActions"] = new ListValue
                    {
                        new MapValue { ["action"] = new MapValue { ["type"] = "rotate" }, ["trigger"] = new MapValue { ["timeAfterCreate"] = "P1Y" } },
                    },
                },
            },
            ["tags"] = scope.Tags(),
        }, new ResourceOptions { Protect = Prod }); // the cluster's secrets are encrypted with it: deleting it loses them
        _kubeletIdentity = scope.Add("kubelet-identity", "azure-native:managedidentity:UserAssignedIdentity", new MapValue
        {
            ["resourceGroupName"] = ResourceGroupName,
            ["location"] = Location,
            ["resourceName"] = AzureNames.IdentityName($"id-aks-{StackToken}-kubelet"),
            ["tags"] = scope.Tags(),
        });
        var principal = identity.Ref("principalId");
        // AKS assigns the kubelet identity to the node scale sets with the cluster identity's rights on it.
        var operatorRole = AssignRole(scope, "identity-kubelet-operator", principal, "ServicePrincipal", AzureRoles.ManagedIdentityOperator, _kubeletIdentity.Ref("id"));
        var kms = AssignRole(scope, "identity-kms", principal, "ServicePrincipal", AzureRoles.KeyVaultCryptoUser, KeyVault.Ref("id"));
        var network = AssignRole(scope, "identity-network", principal, "ServicePrincipal", AzureRoles.NetworkContributor, NodeSubnetId);
        var apiServerNetwork = AssignRole(scope, "identity-network-apiserver", principal, "ServicePrincipal", AzureRoles.NetworkContributor, ApiServerSubnetId);

        var apiAccess = Azure.IsPrivateCluster(env)
            ? new MapValue { ["enablePrivateCluster"] = true, ["privateDNSZone"] = "system" }
            : Azure.AuthorizedIpRanges.Count > 0
                ? new MapValue { ["authorizedIPRanges"] = new ListValue(Azure.AuthorizedIpRanges.Select(r => (Value)r)) }
                : new MapValue { ["enablePrivateCluster"] = false };

        apiAccess["enableVnetIntegration"] = true;
        apiAccess["subnetId"] = ApiServerSubnetId;

        var aad = new MapValue { ["managed"] = true, ["enableAzureRBAC"] = true, ["tenantID"] = TenantId };
        if (Azure.AdminGroupObjectIds.Count > 0) aad["adminGroupObjectIDs"] = new ListValue(Azure.AdminGroupObjectIds.Select(g => (Value)g));

        var props = new MapValue
        {
            ["resourceGroupName"] = ResourceGroupName,
            ["resourceName"] = AzureNames.ClusterName(Spec.Stack.StackName),
            ["location"] = Location,
            ["dnsPrefix"] = AzureNames.DnsPrefix(Spec.Stack.StackName),
            // Standard tier: the uptime SLA outside dev; Free in dev, which has none.
            ["sku"] = new MapValue { ["name"] = "Base", ["tier"] = env == EnvironmentTier.Dev ? "Free" : "Standard" },
            ["identity"] = new MapValue { ["type"] = "UserAssigned", ["userAssignedIdentities"] = new ListValue { identity.Ref("id") } },
            ["identityProfile"] = new MapValue
            {
                ["kubeletidentity"] = new MapValue
                {
                    ["resourceId"] = _kubeletIdentity.Ref("id"),
                    ["clientId"] = _kubeletIdentity.Ref("clientId"),
                    ["objectId"] = _kubeletIdentity.Ref("principalId"),
                },
            },
            ["aadProfile"] = aad,
            ["enableRBAC"] = true,
            ["disableLocalAccounts"] = true,
            ["oidcIssuerProfile"] = new MapValue { ["enabled"] = true },
            ["securityProfile"] = new MapValue
            {
                ["workloadIdentity"] = new MapValue { ["enabled"] = true },
                ["azureKeyVaultKms"] = new MapValue
                {
                    ["enabled"] = true,
                    ["keyId"] = kmsKey.Ref("keyUriWithVersion"),
                    ["keyVaultNetworkAccess"] = "Private",
                    ["keyVaultResourceId"] = KeyVault.Ref("id"),
                },
                ["imageCleaner"] = new MapValue { ["enabled"] = true, ["intervalHours"] = 168 },
            },
            ["apiServerAccessProfile"] = apiAccess,
            ["networkProfile"] = new MapValue
            {
                // Azure CNI overlay with the Cilium dataplane: pods get overlay addresses, and NetworkPolicies
                // (every namespace here is default-deny) are enforced by Cilium.
                ["networkPlugin"] = "azure",
                ["networkPluginMode"] = "overlay",
                ["networkDataplane"] = "cilium",
                ["networkPolicy"] = "cilium",
                ["podCidr"] = "192.168.0.0/16",
                ["serviceCidr"] = "172.16.0.0/16",
                ["dnsServiceIP"] = "172.16.0.10",
                ["loadBalancerSku"] = "standard",
                ["outboundType"] = "loadBalancer",
            },
            ["agentPoolProfiles"] = new ListValue
            {
                new MapValue
                {
                    ["name"] = "system",
                    ["mode"] = "System",
                    ["vmSize"] = Azure.SystemVmSize,
                    ["osType"] = "Linux",
                    ["osSKU"] = "AzureLinux",
                    ["type"] = "VirtualMachineScaleSets",
                    ["enableAutoScaling"] = true,
                    ["count"] = Azure.SystemMinNodes,
                    ["minCount"] = Azure.SystemMinNodes,
                    ["maxCount"] = Azure.SystemMaxNodes,
                    ["vnetSubnetID"] = NodeSubnetId,
                    // Temp disks and caches hold model weights and pulled images (CMP047).
                    ["enableEncryptionAtHost"] = true,
                    ["upgradeSettings"] = new MapValue { ["maxSurge"] = "33%" },
                },
            },
            ["autoUpgradeProfile"] = new MapValue { ["upgradeChannel"] = "patch", ["nodeOSUpgradeChannel"] = "NodeImage" },
            ["addonProfiles"] = new MapValue
            {
                // Azure Policy for Kubernetes: the organisation's guardrails enforced in the cluster too (CMP047).
                ["azurepolicy"] = new MapValue { ["enabled"] = true },
                // Container Insights: node and container logs and metrics into the stack's workspace, Entra-authenticated.
                ["omsagent"] = new MapValue
                {
                    ["enabled"] = true,
                    ["config"] = new MapValue { ["logAnalyticsWorkspaceResourceID"] = WorkspaceId, ["useAADAuth"] = "true" },
                },
            },
            ["tags"] = scope.Tags(),
        };
        if (Azure.KubernetesVersion is { } version) props["kubernetesVersion"] = version;
        Cluster = scope.Add("cluster", "azure-native:containerservice:ManagedCluster", props, new ResourceOptions
        {
            DependsOn = [kms.Name, network.Name, apiServerNetwork.Name, operatorRole.Name],
            Protect = Prod,
            // The autoscaler moves the system pool's node count; Pulumi must not fight it.
            IgnoreChanges = ["agentPoolProfiles[0].count"],
        });

        // Control-plane audit and API server logs into the workspace (CMP021): who read a Secret, who changed a Rollout.
        scope.Add("diagnostics", "azure-native:monitor:DiagnosticSetting", new MapValue
        {
            ["name"] = "control-plane-audit",
            ["resourceUri"] = Cluster.Ref("id"),
            ["workspaceId"] = WorkspaceId,
            ["logs"] = new ListValue
            {
                Log("kube-audit-admin"), Log("kube-apiserver"), Log("guard"), Log("kube-controller-manager"), Log("kube-scheduler"), Log("cluster-autoscaler"),
            },
        });

        // Azure RBAC decides every Kubernetes call: the principal running `pulumi up` needs cluster admin to create the
        // in-cluster resources; admin groups get the same.

        // The deployer may be a person or a CI service principal, so its principal type is left to ARM.
        if (Azure.DeployerObjectId is { } deployer)
            AssignRole(scope, "deployer-admin", deployer, null, AzureRoles.AksRbacClusterAdmin, Cluster.Ref("id"));
        for (var i = 0; i < Azure.AdminGroupObjectIds.Count; i++)
            AssignRole(scope, "admin-group-" + i.ToString(CultureInfo.InvariantCulture), Azure.AdminGroupObjectIds[i], "Group", AzureRoles.AksRbacClusterAdmin, Cluster.Ref("id"));
    }

    private static MapValue Log(string category) => new() { ["category"] = category, ["enabled"] = true };

    private void RenderKubernetesProvider()
    {
        // Entra ID clusters hand out exec kubeconfigs (kubelogin); the token comes from the deploying principal's login
        // (set AAD_LOGIN_METHOD=azurecli or workloadidentity, see docs/azure.md). No admin credentials exist to leak.
        _scope.Program.AddVariable(CredentialsVariable, FunctionValue.Invoke("azure-native:containerservice:listManagedClusterUserCredentials", new MapValue
        {
            ["resourceGroupName"] = ResourceGroupName,
            ["resourceName"] = Cluster.Ref("name"),
            ["format"] = "exec",
        }));
        var provider = _scope.Add("k8s", KubeTypes.Provider, new MapValue
        {
            ["kubeconfig"] = new FunctionValue("fn::fromBase64", new RefValue(CredentialsVariable, "kubeconfigs[0].value")),
            ["enableServerSideApply"] = true,
            ["deleteUnreachable"] = false,
        }, new ResourceOptions { DependsOn = [Cluster.Name] });
        KubernetesProvider = provider.Name;
    }

    private void RenderBudget()
    {
        if (Spec.Budget is not { } budget) return;
        var notifications = new MapValue();
        foreach (var threshold in budget.EffectiveThresholds)
        {
            var emails = new ListValue(budget.AlertEmails.Select(e => (Value)e));
            var t = threshold.ToString(CultureInfo.InvariantCulture);
            notifications[$"actual-{t}"] = new MapValue
            {
                ["enabled"] = true, ["operator"] = "GreaterThanOrEqualTo", ["threshold"] = threshold,
                ["thresholdType"] = "Actual", ["contactEmails"] = emails,
            };
            notifications[$"forecast-{t}"] = new MapValue
            {
                ["enabled"] = true, ["operator"] = "GreaterThanOrEqualTo", ["threshold"] = threshold,
                ["thresholdType"] = "Forecasted", ["contactEmails"] = new ListValue(budget.AlertEmails.Select(e => (Value)e)),
            };
        }
        _scope.Add("budget", "azure-native:consumption:Budget", new MapValue
        {
            ["scope"] = new InterpolationValue("/subscriptions/", SubscriptionId, "/resourceGroups/", ResourceGroupName),
            ["budgetName"] = $"supplychain-{Spec.Stack.StackName}",
            ["amount"] = budget.MonthlyUsd,
            ["category"] = "Cost",
            ["timeGrain"] = "Monthly",
            ["timePeriod"] = new MapValue { ["startDate"] = Azure.BudgetStartDate },
            ["notifications"] = notifications,
        }, new ResourceOptions { IgnoreChanges = ["timePeriod"] });
    }
}
