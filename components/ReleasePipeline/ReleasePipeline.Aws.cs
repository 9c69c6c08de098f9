using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Components.Platform.Aws;

namespace Supplychain.Components.ReleasePipeline;

/// <summary>
/// AWS target: Argo CD, Argo Rollouts and the canary analysis as on any cluster, plus the CI release identity: the
/// GitHub Actions OIDC provider and an IAM role that only workflows of the configured repository running on the
/// configured branch can assume (no stored keys), allowed to push to the stack's ECR repositories and to put
/// objects in the model bucket — nothing else.
/// </summary>
public sealed partial class ReleasePipeline
{
    public const string GitHubOidcHost = "token.actions.githubusercontent.com";
    public const string StsAudience = "sts.amazonaws.com";

    /// <summary>ECR actions of <c>docker push</c> (and the pulls a multi-stage or cached build makes), per repository.</summary>
    public static readonly IReadOnlyList<string> EcrPushActions =
    [
        "ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload", "ecr:DescribeImages",
        "ecr:GetDownloadUrlForLayer", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart",
    ];

    /// <summary>The CI release role (aws target, when <c>supplychain:ci</c> is set).</summary>
    public Resource? CiRole { get; private set; }

    private partial void RenderAws()
    {
        RenderKubernetes();
        if (Args.Ci is not { } ci) return;
        var artifacts = Args.Artifacts ?? throw new ArgumentException("ReleasePipelineArgs.Artifacts: the CI release identity on AWS needs the artifact repository it pushes to");
        var aws = Scope.FoundationAs<AwsFoundation>();
        var scope = Scope.Child("ci");

        Value providerArn;
        if (aws.Aws.GitHubOidcProviderArn is { } existing) providerArn = existing;
        else
        {
            // IAM validates GitHub's tokens against its library of trusted root CAs; no thumbprint is pinned (see AwsFoundation's OIDC note).
            var provider = scope.Add("github-oidc", AwsTypes.OidcProvider, new MapValue
            {
                ["url"] = "https://" + GitHubOidcHost,
                ["clientIdLists"] = new ListValue { StsAudience },
                ["tags"] = scope.Tags(),
            });
            providerArn = provider.Ref("arn");
        }

        CiRole = scope.Add("role", AwsTypes.IamRole, new MapValue
        {
            ["description"] = $"{aws.NamePrefix}: releases from {ci.GitHubRepository}@{ci.Branch} push images and model artifacts",
            ["assumeRolePolicy"] = TrustPolicy(providerArn, ci).ToJson(),
            ["maxSessionDuration"] = 3600,
            ["tags"] = scope.Tags(),
        });
        AwsFoundation.RolePolicy(scope, "role-release", CiRole, ReleasePolicy(aws, artifacts));
        Scope.Program.AddOutput("releaseRoleArn", CiRole.Ref("arn"));
    }

    /// <summary>
    /// Only a workflow run of <c>repo:OWNER/REPO:ref:refs/heads/BRANCH</c> — not a pull request, another branch, a tag or
    /// an environment — with a token issued for STS can assume the role.
    /// </summary>
    public static IamPolicyDocument TrustPolicy(Value providerArn, CiSpec ci) => new(
        IamStatement.Allow("GitHubActionsOnReleaseBranch", "sts:AssumeRoleWithWebIdentity")
            .For(IamPrincipal.Federated(providerArn))
            .When("StringEquals", $"{GitHubOidcHost}:aud", StsAudience)
            .When("StringEquals", $"{GitHubOidcHost}:sub", $"repo:{ci.GitHubRepository}:ref:refs/heads/{ci.Branch}"));

    /// <summary>
    /// Push to the stack's repositories, put (never delete) model artifacts. <c>ecr:GetAuthorizationToken</c> is the one
    /// action on <c>*</c>: it issues the registry login token, is not a per-repository action (IAM accepts no other
    /// resource for it), and grants nothing by itself — what the token may push is decided by the per-repository statement.
    /// </summary>
    public static IamPolicyDocument ReleasePolicy(AwsFoundation aws, ArtifactRepository.ArtifactRepository artifacts)
    {
        var statements = new List<IamStatement>
        {
            IamStatement.Allow("RegistryLogin", "ecr:GetAuthorizationToken")
                .AnyResource("ecr:GetAuthorizationToken supports no resource-level permissions; the token only authenticates, the repository statement authorizes"),
        };
        if (artifacts.Repositories.Count > 0)
            statements.Add(IamStatement.Allow("PushModelImages", [.. EcrPushActions])
                .On([.. artifacts.Repositories.Values.Select(r => (Value)r.Ref("arn"))]));
        statements.AddRange(artifacts.BucketAccessPolicy(aws, artifacts.ModelBucket, null, ArtifactRepository.BucketAccess.ReadWriteNoDelete).Statements);
        return new IamPolicyDocument(statements);
    }
}
