using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Components.Naming;

namespace Supplychain.Components.Platform.Aws;

/// <summary>
/// The AWS foundation every component builds on: the network (a new VPC or an existing one), a KMS key, the EKS cluster with
/// its OIDC provider, core add-ons and system node group, the Kubernetes provider built from the cluster's outputs, an
/// encrypted gp3 default StorageClass, the alarm topic and the AWS Budgets budget. Components read its typed outputs.
/// </summary>
public sealed partial class AwsFoundation : ITargetFoundation
{
    /// <summary>The default StorageClass the foundation creates (EBS gp3, encrypted with the stack's key).</summary>
    public const string StorageClassName = "gp3-encrypted";

    private AwsFoundation(Scope scope, SupplyChainSpec spec, AwsTargetSpec aws)
    {
        Scope = scope;
        Spec = spec;
        Aws = aws;
    }

    public Scope Scope { get; }
    public SupplyChainSpec Spec { get; }
    public AwsTargetSpec Aws { get; }
    public string Region => Aws.Region;
    public string Partition => Aws.Partition;

    /// <summary>The <c>pulumi:providers:kubernetes</c> bound to the EKS cluster.</summary>
    public string KubernetesProvider { get; private set; } = "";

    /// <summary>Deterministic base name of account-level resources: <c>supplychain-STACK</c>.</summary>
    public string NamePrefix => AwsNames.Prefix(Scope.Stack.StackName);
    public string ClusterName => AwsNames.ClusterName(Scope.Stack.StackName);

    /// <summary>The account id (from <c>aws:getCallerIdentity</c> at deploy time), for globally unique bucket names and registry hosts.</summary>
    public RefValue AccountId { get; private set; } = null!;

    // Network
    public Value VpcId { get; private set; } = null!;
    public IReadOnlyList<Value> PrivateSubnetIds { get; private set; } = [];
    public IReadOnlyList<Value> PublicSubnetIds { get; private set; } = [];
    /// <summary>The VPC's CIDR when known (a new VPC, or an existing one whose CIDR is configured).</summary>
    public string? VpcCidr { get; private set; }

    // Cluster
    public Resource Cluster { get; private set; } = null!;
    public Resource Key { get; private set; } = null!;
    public RefValue KeyArn => Key.Ref("arn");
    public Resource OidcProvider { get; private set; } = null!;
    public RefValue OidcProviderArn => OidcProvider.Ref("arn");
    /// <summary>The issuer without its scheme (<c>oidc.eks.REGION.amazonaws.com/id/ID</c>), the prefix of IRSA condition keys.</summary>
    public RefValue OidcIssuerHost { get; private set; } = null!;
    /// <summary>The EKS-created security group of the control plane and managed nodes (and so of pods): the peer databases admit.</summary>
    public RefValue ClusterSecurityGroupId => Cluster.Ref("vpcConfig.clusterSecurityGroupId");
    public Resource NodeRole { get; private set; } = null!;
    public Resource SystemNodeGroup { get; private set; } = null!;
    /// <summary>SNS topic CloudWatch alarms notify (subscribed by the budget's alert emails).</summary>
    public Resource AlarmTopic { get; private set; } = null!;

    public static AwsFoundation Create(Scope root, SupplyChainSpec spec)
    {
        var aws = spec.Aws ?? throw new ArgumentException("the aws target needs supplychain:aws (at least its region)");
        if (spec.Stack.Environment != EnvironmentTier.Dev && aws.EndpointPublicAccess)
            throw new ArgumentException($"AwsTargetSpec.EndpointPublicAccess: a public EKS endpoint is allowed only in dev, not in {spec.Stack.EnvironmentName}");
        var foundation = new AwsFoundation(root.Child("platform"), spec, aws);
        foundation.Render();
        return foundation;
    }

    /// <summary>The explicit AWS provider every AWS resource and invoke uses: the region comes from <c>supplychain:aws.region</c>, never from ambient config.</summary>
    public Resource AwsProvider { get; private set; } = null!;

    private void Render()
    {
        AwsProvider = Scope.Add("aws", AwsTypes.AwsProvider, new MapValue { ["region"] = Region });
        AccountId = Scope.Program.AddVariable("awsAccountId", Invoke("aws:getCallerIdentity", new MapValue(), "accountId"));
        RenderKey();
        RenderNetwork();
        RenderCluster();
        RenderKubernetesAccess();
        RenderAutoscaler();
        RenderAlerting();
    }

    /// <summary>An <c>fn::invoke</c> through the stack's AWS provider.</summary>
    public FunctionValue Invoke(string function, MapValue arguments, string returnPath) =>
        new("fn::invoke", new MapValue
        {
            ["function"] = function,
            ["arguments"] = arguments,
            ["options"] = new MapValue { ["provider"] = AwsProvider.Ref() },
            ["return"] = returnPath,
        });

    /// <summary>
    /// Binds every AWS resource of the program that names no provider to the stack's AWS provider. Called once every
    /// component has rendered (SupplyChain), so no resource can land in the region of whatever ambient config the deployer has.
    /// </summary>
    public void BindAwsResources()
    {
        foreach (var r in Scope.Program.Resources)
            if (r.Type.StartsWith("aws:", StringComparison.Ordinal) && r.Options.Provider is null)
                r.Options = r.Options with { Provider = AwsProvider.Name };
    }

    /// <summary>An ARN of an AWS-managed policy in the region's partition.</summary>
    public string ManagedPolicy(string name) => $"arn:{Partition}:iam::aws:policy/{name}";

    private void RenderKey()
    {
        var scope = Scope.Child("kms");
        // The default key policy (the account's root may delegate through IAM) applies: IAM policies of the roles below
        // grant use of the key, so its use stays visible in IAM and CloudTrail rather than in a second policy language.
        Key = scope.Add("key", AwsTypes.KmsKey, new MapValue
        {
            ["description"] = $"{NamePrefix}: EKS secrets, EBS volumes, S3 buckets, ECR, RDS and ElastiCache of the supply chain",
            ["enableKeyRotation"] = true,
            ["deletionWindowInDays"] = 30,
            ["tags"] = scope.Tags(),
        }, new ResourceOptions { Protect = Scope.Stack.Environment == EnvironmentTier.Prod });
        scope.Add("alias", AwsTypes.KmsAlias, new MapValue
        {
            ["name"] = AwsNames.KmsAliasName(Scope.Stack.StackName),
            ["targetKeyId"] = Key.Ref("keyId"),
        });
    }

    /// <summary>A role whose trust is the given principal (a service), with AWS-managed policies attached by ARN.</summary>
    public Resource ServiceRole(Scope scope, string leaf, string service, string description, params string[] managedPolicies)
    {
        var trust = new IamPolicyDocument(IamStatement.Allow("TrustService", "sts:AssumeRole").For(IamPrincipal.Service(service)));
        var role = scope.Add(leaf, AwsTypes.IamRole, new MapValue
        {
            ["description"] = description,
            ["assumeRolePolicy"] = trust.ToJson(),
            ["tags"] = scope.Tags(),
        });
        foreach (var policy in managedPolicies)
            scope.Add($"{leaf}-{Slug(policy)}", AwsTypes.IamRolePolicyAttachment, new MapValue
            {
                ["role"] = role.Ref("name"),
                ["policyArn"] = ManagedPolicy(policy),
            });
        return role;
    }

    /// <summary>
    /// An IAM role for a Kubernetes service account (IRSA): only pods running as <c>ns/serviceAccount</c> in this cluster
    /// can assume it, with a token whose audience is STS. The trust names the issuer in its condition keys, so the
    /// document is rendered by the provider (<see cref="IamPolicyDocument.ViaProvider"/>).
    /// </summary>
    public Resource ServiceAccountRole(Scope scope, string leaf, string ns, string serviceAccount, string description)
    {
        var trust = new IamPolicyDocument(
            IamStatement.Allow("TrustServiceAccount", "sts:AssumeRoleWithWebIdentity")
                .For(IamPrincipal.Federated(OidcProviderArn))
                .When("StringEquals", new InterpolationValue(OidcIssuerHost, ":sub"), $"system:serviceaccount:{ns}:{serviceAccount}")
                .When("StringEquals", new InterpolationValue(OidcIssuerHost, ":aud"), "sts.amazonaws.com"));
        return scope.Add(leaf, AwsTypes.IamRole, new MapValue
        {
            ["description"] = description,
            ["assumeRolePolicy"] = trust.ViaProvider(AwsProvider.Ref()),
            ["tags"] = scope.Tags(),
        });
    }

    /// <summary>An inline policy on <paramref name="role"/> from typed statements.</summary>
    public static Resource RolePolicy(Scope scope, string leaf, Resource role, IamPolicyDocument document) =>
        scope.Add(leaf, AwsTypes.IamRolePolicy, new MapValue
        {
            ["role"] = role.Ref("id"),
            ["policy"] = document.ToJson(),
        });

    /// <summary>Statements letting a principal use the stack's KMS key for data (S3 SSE-KMS objects, EBS volumes).</summary>
    public IamStatement KeyUse(string sid) =>
        IamStatement.Allow(sid, "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey").On(KeyArn);

    /// <summary>The EKS service-account annotation binding a Kubernetes service account to an IAM role.</summary>
    public const string RoleArnAnnotation = "eks.amazonaws.com/role-arn";

    /// <summary>A Kubernetes service account annotated with an IRSA role (its token is projected by the EKS webhook).</summary>
    public static Resource AnnotatedServiceAccount(Scope scope, string leaf, string ns, string name, Resource role, IReadOnlyList<string>? dependsOn = null)
    {
        var metadata = Kubernetes.Kube.Metadata(scope, name, ns);
        metadata["annotations"] = new MapValue { [RoleArnAnnotation] = role.Ref("arn") };
        return scope.Add(leaf, Kubernetes.KubeTypes.ServiceAccount, new MapValue
        {
            ["metadata"] = metadata,
            ["automountServiceAccountToken"] = false,
        }, new ResourceOptions { DependsOn = dependsOn ?? [] });
    }

    private static string Slug(string policy) => policy.ToLowerInvariant().Replace('_', '-');
}
