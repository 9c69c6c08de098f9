using Supplychain.Components.Model;
using Supplychain.Components.Naming;
using Supplychain.Components.Platform.Azure;

namespace Supplychain.Components.ReleasePipeline;

/// <summary>
/// Azure: Argo CD and Argo Rollouts on AKS as on any cluster, plus the CI release identity: a user-assigned managed
/// identity whose only federated credential trusts GitHub Actions runs of the configured repository on the configured
/// branch (no client secret exists), with AcrPush on the stack's registry and Storage Blob Data Contributor on the
/// model container only.
/// </summary>
public sealed partial class ReleasePipeline
{
    public const string GitHubIssuer = "https://token.actions.githubusercontent.com";

    /// <summary>The CI identity, when the stack declares <c>supplychain:ci</c>.</summary>
    public Resource? CiIdentity { get; private set; }

    /// <summary>The subject GitHub puts in the OIDC token of a workflow run on a branch push.</summary>
    public static string GitHubSubject(string repository, string branch) => $"repo:{repository}:ref:refs/heads/{branch}";

    private partial void RenderAzure()
    {
        RenderKubernetes();
        var azure = Scope.FoundationAs<AzureFoundation>();
        if (azure.Spec.Ci is not { } ci) return;
        var artifacts = Args.Artifacts ?? throw new ArgumentException("ReleasePipelineArgs.Artifacts (the artifact repository) is required on the azure target");
        var scope = Scope.Child("ci");
        CiIdentity = scope.Add("identity", "azure-native:managedidentity:UserAssignedIdentity", new MapValue
        {
            ["resourceGroupName"] = azure.ResourceGroupName,
            ["location"] = azure.Location,
            ["resourceName"] = AzureNames.IdentityName($"id-{azure.StackToken}-release-ci"),
            ["tags"] = scope.Tags(),
        });
        scope.Add("github-federation", "azure-native:managedidentity:FederatedIdentityCredential", new MapValue
        {
            ["resourceGroupName"] = azure.ResourceGroupName,
            ["resourceName"] = CiIdentity.Ref("name"),
            ["federatedIdentityCredentialResourceName"] = AzureNames.FederatedCredentialName("github-" + ci.Branch),
            ["issuer"] = GitHubIssuer,
            ["subject"] = GitHubSubject(ci.GitHubRepository, ci.Branch),
            ["audiences"] = new ListValue { AzureFoundation.WorkloadIdentityAudience },
        });
        var principal = CiIdentity.Ref("principalId");
        azure.AssignRole(scope, "acr-push", principal, "ServicePrincipal", AzureRoles.AcrPush, artifacts.Registry!.Ref("id"));
        azure.AssignRole(scope, "models-write", principal, "ServicePrincipal", AzureRoles.StorageBlobDataContributor, artifacts.ContainerId(artifacts.ModelBucket));
        Scope.Program.AddOutput("releaseIdentityClientId", CiIdentity.Ref("clientId"));
    }
}
