namespace Supplychain.Components.Platform.Azure;

/// <summary>
/// Built-in Azure role definition ids (the same GUID in every tenant and subscription), as documented in
/// "Azure built-in roles" (learn.microsoft.com/azure/role-based-access-control/built-in-roles). Only the narrow
/// data-plane and service roles the stack needs; never Owner or Contributor.
/// </summary>
public static class AzureRoles
{
    /// <summary>Push and pull images (registry scope).</summary>
    public const string AcrPush = "8311e382-0749-4cb8-b61a-304f252e45ec";
    /// <summary>Pull images (registry scope): the AKS kubelet identity.</summary>
    public const string AcrPull = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
    /// <summary>Read, write and delete blobs (container scope).</summary>
    public const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    /// <summary>Wrap and unwrap with Key Vault keys: the cluster identity's KMS access.</summary>
    public const string KeyVaultCryptoUser = "12338af0-0e69-4776-bea7-57ae8d297424";
    /// <summary>Read secret contents: workloads reading generated credentials.</summary>
    public const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    /// <summary>Join the node subnet and manage load balancers in it: the cluster identity on a bring-your-own VNet.</summary>
    public const string NetworkContributor = "4d97b98b-1d4f-4787-a291-c67834d212e7";
    /// <summary>Assign a user-assigned identity: the cluster identity on the kubelet identity it puts on the nodes.</summary>
    public const string ManagedIdentityOperator = "f1a07417-d97a-45cb-824c-7a7467783830";
    /// <summary>Full access to Kubernetes resources through Azure RBAC: the deploying principal and admin groups.</summary>
    public const string AksRbacClusterAdmin = "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b";
}
