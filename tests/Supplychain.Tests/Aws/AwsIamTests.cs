using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Components.Platform.Aws;
using Supplychain.Components.ReleasePipeline;
using Supplychain.Policies.Packs.Compliance;

namespace Supplychain.Tests.Aws;

public sealed class AwsIamTests
{
    private static readonly PulumiProgram Staging = AwsSpecs.Render(AwsSpecs.Spec());

    private static Dictionary<string, MapValue> BySid(string policyResource) =>
        AwsSpecs.Statements(Staging.Named(policyResource).Properties["policy"]).ToDictionary(s => s["Sid"].ToString());

    [Fact]
    public void Should_Trust_Only_Workflows_Of_The_Configured_Repository_And_Branch()
    {
        var statement = Assert.Single(AwsSpecs.Statements(Staging.Named("release-ci-role").Properties["assumeRolePolicy"]));
        Assert.Equal("sts:AssumeRoleWithWebIdentity", statement["Action"].ToString());
        Assert.Equal(new RefValue("release-ci-github-oidc", "arn"), statement.At("Principal")!.As<MapValue>()["Federated"]);
        var equals = statement.At("Condition.StringEquals")!.As<MapValue>();
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["token.actions.githubusercontent.com:aud"] = "sts.amazonaws.com",
                ["token.actions.githubusercontent.com:sub"] = "repo:acme-ml/ml-platform:ref:refs/heads/main",
            },
            equals.ToDictionary(kv => kv.Key, kv => kv.Value.ToString()));
        Assert.Equal(["StringEquals"], statement["Condition"].As<MapValue>().Keys);
        Assert.Equal("https://token.actions.githubusercontent.com", Staging.Named("release-ci-github-oidc").Properties["url"].ToString());
    }

    [Fact]
    public void Should_Use_An_Existing_GitHub_Oidc_Provider_When_Configured()
    {
        const string arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
        var program = AwsSpecs.Render(AwsSpecs.Spec(aws: new AwsTargetSpec("us-east-1") { GitHubOidcProviderArn = arn }));
        Assert.False(program.TryGet("release-ci-github-oidc", out _));
        var statement = Assert.Single(AwsSpecs.Statements(program.Named("release-ci-role").Properties["assumeRolePolicy"]));
        Assert.Equal(arn, statement.At("Principal")!.As<MapValue>()["Federated"].ToString());
    }

    [Fact]
    public void Should_Let_The_Release_Role_Push_Only_To_The_Stacks_Repositories_And_Model_Bucket()
    {
        var statements = BySid("release-ci-role-release");
        Assert.Equal(["BucketKey", "ListBucket", "LocateBucket", "Objects", "PushModelImages", "RegistryLogin"], statements.Keys.Order(StringComparer.Ordinal));

        // The one statement on "*": the registry login token, which authorizes nothing by itself.
        Assert.Equal([("RegistryLogin", "ecr:GetAuthorizationToken")],
            statements.Values.Where(s => s["Resource"].ToString() == "*").Select(s => (s["Sid"].ToString(), s["Action"].ToString())));
        Assert.Equal(ReleasePipeline.EcrPushActions, AwsSpecs.Strings(statements["PushModelImages"]["Action"]));
        Assert.Equal(["${artifacts-ecr-fraud-fraud-detector.arn}", "${artifacts-ecr-search-query-ranker.arn}"], AwsSpecs.Strings(statements["PushModelImages"]["Resource"]));
        // Artifacts are put, never deleted: a release cannot erase what a past release recorded.
        Assert.Equal(["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"], AwsSpecs.Strings(statements["Objects"]["Action"]));
        Assert.Equal("${artifacts-s3-models-bucket.arn}/*", statements["Objects"]["Resource"].ToString());
        Assert.Equal("${platform-kms-key.arn}", statements["BucketKey"]["Resource"].ToString());
        Assert.Equal(new RefValue("release-ci-role", "arn"), Staging.Outputs["releaseRoleArn"]);
    }

    [Fact]
    public void Should_Limit_Mlflow_To_Its_Prefix_Of_The_Model_Bucket()
    {
        var statements = BySid("mlflow-server-role-artifacts");
        Assert.Equal("${artifacts-s3-models-bucket.arn}/mlflow/*", statements["Objects"]["Resource"].ToString());
        Assert.Contains("s3:DeleteObject", AwsSpecs.Strings(statements["Objects"]["Action"]));
        Assert.Equal("${artifacts-s3-models-bucket.arn}", statements["ListBucket"]["Resource"].ToString());
        Assert.Equal(["mlflow/*", "mlflow"], AwsSpecs.Strings(statements["ListBucket"].At("Condition.StringLike")!.As<MapValue>()["s3:prefix"]));
    }

    [Fact]
    public void Should_Limit_Feast_To_Its_Own_Bucket()
    {
        var statements = BySid("feast-server-role-bucket");
        Assert.Equal("${artifacts-s3-feast-bucket.arn}/*", statements["Objects"]["Resource"].ToString());
        Assert.Equal("${artifacts-s3-feast-bucket.arn}", statements["ListBucket"]["Resource"].ToString());
    }

    [Fact]
    public void Should_Trust_Each_Irsa_Role_Only_For_Its_Service_Account()
    {
        var trust = (FunctionValue)Staging.Named("mlflow-server-role").Properties["assumeRolePolicy"];
        var invoke = (MapValue)trust.Argument;
        Assert.Equal("aws:iam:getPolicyDocument", invoke["function"].ToString());
        var statement = invoke.At("arguments.statements")!.As<ListValue>()[0].As<MapValue>();
        Assert.Equal(["sts:AssumeRoleWithWebIdentity"], AwsSpecs.Strings(statement["actions"]));
        var conditions = statement["conditions"].As<ListValue>().Cast<MapValue>()
            .ToDictionary(c => c["variable"].ToString(), c => AwsSpecs.Strings(c["values"]).Single());
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["${eksOidcIssuerHost}:sub"] = "system:serviceaccount:mlflow:mlflow",
                ["${eksOidcIssuerHost}:aud"] = "sts.amazonaws.com",
            },
            conditions);
    }

    [Fact]
    public void Should_Name_Every_Allowed_Action_In_Every_Generated_Policy()
    {
        var documents = Staging.Resources
            .Where(r => r.Type is AwsTypes.IamRolePolicy or "aws:sns:TopicPolicy" or AwsTypes.BucketPolicy)
            .Select(r => (r.Name, r.Properties["policy"])).ToList();
        Assert.NotEmpty(documents);
        Assert.All(documents, d => Assert.Empty(NoWildcardPermissions.WildcardActions(d.Item2)));
    }

    [Fact]
    public void Should_Refuse_A_Wildcard_Allow_Action()
    {
        var error = Assert.Throws<ArgumentException>(() => IamStatement.Allow("TooBroad", "s3:*"));
        Assert.Contains("s3:*", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Refuse_An_Allow_On_Any_Resource_Without_A_Reason()
    {
        var statement = IamStatement.Allow("Unscoped", "s3:GetObject").On("*");
        Assert.Throws<InvalidOperationException>(() => statement.Render());
    }
}
