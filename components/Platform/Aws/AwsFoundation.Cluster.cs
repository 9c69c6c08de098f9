using System.Globalization;
using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Components.Naming;

namespace Supplychain.Components.Platform.Aws;

/// <summary>
/// The EKS cluster: control-plane logs, Secrets envelope-encrypted with the stack's key, private endpoint (public only
/// in dev when asked), access entries (API authentication mode), the IRSA OIDC provider, core add-ons, the system node
/// group, and the Kubernetes provider and default StorageClass built from it.
/// </summary>
public sealed partial class AwsFoundation
{
    /// <summary>Every control-plane log type: audit and authenticator are the security record; api, controllerManager and scheduler explain outages.</summary>
    public static readonly IReadOnlyList<string> ControlPlaneLogTypes = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

    /// <summary>The node role's managed policies: join the cluster and pull images. The CNI policy is on the vpc-cni add-on's own IRSA role.</summary>
    public static readonly IReadOnlyList<string> NodeRolePolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly"];

    /// <summary>Labels of the system node group's nodes (platform services schedule anywhere without the GPU taint).</summary>
    public const string NodeRoleLabel = Labels.Prefix + "node-role";

    private void RenderCluster()
    {
        var scope = Scope.Child("eks");
        var prod = Scope.Stack.Environment == EnvironmentTier.Prod;

        var clusterRole = ServiceRole(scope, "cluster-role", "eks.amazonaws.com",
            $"{ClusterName}: the EKS control plane manages network interfaces and load balancers", "AmazonEKSClusterPolicy");

        // EKS writes control-plane logs to this group; creating it first sets a retention instead of "never expire".
        var logs = scope.Add("control-plane-logs", AwsTypes.LogGroup, new MapValue
        {
            ["name"] = $"/aws/eks/{ClusterName}/cluster",
            ["retentionInDays"] = prod ? 365 : 90,
            ["tags"] = scope.Tags(),
        });

        var vpcConfig = new MapValue
        {
            ["subnetIds"] = new ListValue(PrivateSubnetIds),
            ["endpointPrivateAccess"] = true,
            ["endpointPublicAccess"] = Aws.EndpointPublicAccess,
        };
        Cluster = scope.Add("cluster", AwsTypes.EksCluster, new MapValue
        {
            ["name"] = ClusterName,
            ["version"] = Aws.KubernetesVersion,
            ["roleArn"] = clusterRole.Ref("arn"),
            ["vpcConfig"] = vpcConfig,
            ["enabledClusterLogTypes"] = new ListValue(ControlPlaneLogTypes.Select(t => (Value)t)),
            ["encryptionConfig"] = new MapValue
            {
                ["resources"] = new ListValue { "secrets" },
                ["provider"] = new MapValue { ["keyArn"] = KeyArn },
            },
            // Access entries (not the aws-auth ConfigMap); whoever runs `pulumi up` becomes cluster admin, which the
            // Kubernetes provider below needs. Further admins are access entries added outside this program.
            ["accessConfig"] = new MapValue
            {
                ["authenticationMode"] = "API",
                ["bootstrapClusterCreatorAdminPermissions"] = true,
            },
            // The core add-ons are the managed aws:eks:Addon resources below, not unmanaged copies EKS would install first.
            ["bootstrapSelfManagedAddons"] = false,
            ["tags"] = scope.Tags(),
        }, new ResourceOptions
        {
            DependsOn = [logs.Name, $"{clusterRole.Name}-amazoneksclusterpolicy"],
            Protect = prod,
        });

        // IRSA: IAM trusts tokens of the cluster's issuer. Thumbprints: IAM validates EKS issuers (hosted on AWS) against
        // its own trusted root CAs and ignores the thumbprint, so none is pinned here (the provider accepts none since
        // aws v6); a pinned thumbprint would only break at the issuer's next certificate rotation.
        OidcProvider = scope.Add("oidc-provider", AwsTypes.OidcProvider, new MapValue
        {
            ["url"] = Cluster.Ref("identities[0].oidcs[0].issuer"),
            ["clientIdLists"] = new ListValue { "sts.amazonaws.com" },
            ["tags"] = scope.Tags(),
        });
        OidcIssuerHost = Scope.Program.AddVariable("eksOidcIssuerHost", new FunctionValue("fn::select", new ListValue
        {
            1,
            new FunctionValue("fn::split", new ListValue { "https://", Cluster.Ref("identities[0].oidcs[0].issuer") }),
        }));

        NodeRole = ServiceRole(scope, "node-role", "ec2.amazonaws.com",
            $"{ClusterName}: nodes join the cluster and pull images", [.. NodeRolePolicies]);

        // vpc-cni and kube-proxy come before nodes (nodes stay NotReady without them); the CNI enforces NetworkPolicies,
        // which the platform's default-deny isolation depends on (off by default in the add-on).
        var cniRole = ServiceAccountRole(scope, "vpc-cni-role", "kube-system", "aws-node", $"{ClusterName}: the VPC CNI assigns pod addresses");
        scope.Add("vpc-cni-role-amazoneks-cni-policy", AwsTypes.IamRolePolicyAttachment, new MapValue
        {
            ["role"] = cniRole.Ref("name"),
            ["policyArn"] = ManagedPolicy("AmazonEKS_CNI_Policy"),
        });
        var cni = Addon(scope, "vpc-cni", cniRole, FunctionValue.ToJson(new MapValue { ["enableNetworkPolicy"] = "true" }));
        var kubeProxy = Addon(scope, "kube-proxy");

        var nodes = Aws.SystemNodes;
        SystemNodeGroup = scope.Add("system-nodes", AwsTypes.EksNodeGroup, new MapValue
        {
            ["clusterName"] = Cluster.Ref("name"),
            ["nodeRoleArn"] = NodeRole.Ref("arn"),
            ["subnetIds"] = new ListValue(PrivateSubnetIds),
            ["instanceTypes"] = new ListValue { nodes.InstanceType },
            ["amiType"] = "AL2023_x86_64_STANDARD",
            ["capacityType"] = "ON_DEMAND",
            ["scalingConfig"] = new MapValue { ["minSize"] = nodes.MinNodes, ["desiredSize"] = nodes.MinNodes, ["maxSize"] = nodes.MaxNodes },
            ["updateConfig"] = new MapValue { ["maxUnavailable"] = 1 },
            ["labels"] = new MapValue { [NodeRoleLabel] = "system" },
            ["tags"] = scope.Tags(),
        }, new ResourceOptions
        {
            DependsOn = [cni.Name, kubeProxy.Name, .. NodeRolePolicies.Select(p => $"{NodeRole.Name}-{Slug(p)}")],
            // The cluster autoscaler moves the desired size; Pulumi must not undo it on every update.
            IgnoreChanges = ["scalingConfig.desiredSize"],
        });

        // CoreDNS and the EBS CSI controller are Deployments: they become healthy only once nodes exist.
        var coredns = Addon(scope, "coredns", dependsOn: [SystemNodeGroup.Name]);
        var ebsRole = ServiceAccountRole(scope, "ebs-csi-role", "kube-system", "ebs-csi-controller-sa", $"{ClusterName}: the EBS CSI driver creates and attaches volumes");
        scope.Add("ebs-csi-role-amazonebscsidriverpolicy", AwsTypes.IamRolePolicyAttachment, new MapValue
        {
            ["role"] = ebsRole.Ref("name"),
            ["policyArn"] = ManagedPolicy("service-role/AmazonEBSCSIDriverPolicy"),
        });
        // Volumes are encrypted with the stack's key: the driver creates grants for EC2 to use it, and only for AWS resources.
        RolePolicy(scope, "ebs-csi-role-kms", ebsRole, new IamPolicyDocument(
            IamStatement.Allow("UseStackKeyForVolumes", "kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
                "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey").On(KeyArn),
            IamStatement.Allow("GrantStackKeyToEbs", "kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant").On(KeyArn)
                .When("Bool", "kms:GrantIsForAWSResource", "true")));
        var ebs = Addon(scope, "aws-ebs-csi-driver", ebsRole, dependsOn: [SystemNodeGroup.Name]);
        _clusterReady = [SystemNodeGroup.Name, coredns.Name, ebs.Name];
    }

    private List<string> _clusterReady = [];

    /// <summary>
    /// An EKS add-on at the default version EKS pairs with the cluster's Kubernetes version (no addonVersion), so a
    /// cluster upgrade and its add-ons move together; the version in use is visible in the add-on's state.
    /// </summary>
    private static Resource Addon(Core.Scope scope, string name, Resource? role = null, Value? configuration = null, IReadOnlyList<string>? dependsOn = null)
    {
        var cluster = scope.Program.Get(scope.NameOf("cluster"));
        var props = new MapValue
        {
            ["clusterName"] = cluster.Ref("name"),
            ["addonName"] = name,
            ["resolveConflictsOnCreate"] = "OVERWRITE",
            ["resolveConflictsOnUpdate"] = "OVERWRITE",
            ["tags"] = scope.Tags(),
        };
        if (role is not null) props["serviceAccountRoleArn"] = role.Ref("arn");
        if (configuration is not null) props["configurationValues"] = configuration;
        return scope.Add("addon-" + name, AwsTypes.EksAddon, props, new ResourceOptions { DependsOn = dependsOn ?? [] });
    }

    /// <summary>
    /// The Kubernetes provider every in-cluster resource uses, built from the cluster's outputs: endpoint, CA data and
    /// exec authentication through <c>aws eks get-token</c> (the AWS CLI on the deployer's PATH, with the same credentials
    /// Pulumi uses). It waits for the system nodes and core add-ons, so no Helm release starts on an empty cluster.
    /// </summary>
    private void RenderKubernetesAccess()
    {
        var scope = Scope.Child("eks");
        var kubeconfig = new MapValue
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Config",
            ["clusters"] = new ListValue
            {
                new MapValue
                {
                    ["name"] = ClusterName,
                    ["cluster"] = new MapValue
                    {
                        ["server"] = Cluster.Ref("endpoint"),
                        ["certificate-authority-data"] = Cluster.Ref("certificateAuthority.data"),
                    },
                },
            },
            ["contexts"] = new ListValue
            {
                new MapValue { ["name"] = ClusterName, ["context"] = new MapValue { ["cluster"] = ClusterName, ["user"] = ClusterName } },
            },
            ["current-context"] = ClusterName,
            ["users"] = new ListValue
            {
                new MapValue
                {
                    ["name"] = ClusterName,
                    ["user"] = new MapValue
                    {
                        ["exec"] = new MapValue
                        {
                            ["apiVersion"] = "client.authentication.k8s.io/v1beta1",
                            ["command"] = "aws",
                            ["args"] = new ListValue { "eks", "get-token", "--cluster-name", Cluster.Ref("name"), "--region", Region, "--output", "json" },
                            ["interactiveMode"] = "Never",
                        },
                    },
                },
            },
        };
        var provider = scope.Add("k8s", AwsTypes.KubernetesProvider, new MapValue
        {
            ["kubeconfig"] = FunctionValue.ToJson(kubeconfig),
            ["enableServerSideApply"] = true,
            ["suppressHelmHookWarnings"] = true,
        }, new ResourceOptions { DependsOn = _clusterReady });
        KubernetesProvider = provider.Name;

        // The default class for every claim (MLflow, Prometheus, Grafana): gp3, encrypted with the stack's key, bound where
        // the pod lands. EKS 1.30+ marks no class default; claims created before this class exists get it retroactively.
        var metadata = Kube.Metadata(scope, StorageClassName, null);
        metadata["annotations"] = new MapValue { ["storageclass.kubernetes.io/is-default-class"] = "true" };
        scope.Add("storage-class", "kubernetes:storage.k8s.io/v1:StorageClass", new MapValue
        {
            ["metadata"] = metadata,
            ["provisioner"] = "ebs.csi.aws.com",
            ["parameters"] = new MapValue { ["type"] = "gp3", ["encrypted"] = "true", ["kmsKeyId"] = KeyArn },
            ["volumeBindingMode"] = "WaitForFirstConsumer",
            ["allowVolumeExpansion"] = true,
            ["reclaimPolicy"] = "Delete",
        }, new ResourceOptions { Provider = provider.Name });
    }

    /// <summary>The alarm topic (subscribed by the budget's emails) and the AWS Budgets budget at the stack's budget.</summary>
    private void RenderAlerting()
    {
        var scope = Scope.Child("alerts");
        AlarmTopic = scope.Add("topic", AwsTypes.SnsTopic, new MapValue
        {
            ["name"] = AwsNames.SnsTopicName(Scope.Stack.StackName, "alarms"),
            ["tags"] = scope.Tags(),
        });
        // AWS Budgets publishes only to topics whose policy lets it, and only on behalf of this account.
        scope.Add("topic-policy", "aws:sns:TopicPolicy", new MapValue
        {
            ["arn"] = AlarmTopic.Ref("arn"),
            ["policy"] = new IamPolicyDocument(
                IamStatement.Allow("BudgetsPublish", "sns:Publish").On(AlarmTopic.Ref("arn"))
                    .For(IamPrincipal.Service("budgets.amazonaws.com")).When("StringEquals", "aws:SourceAccount", AccountId),
                IamStatement.Allow("CloudWatchPublish", "sns:Publish").On(AlarmTopic.Ref("arn"))
                    .For(IamPrincipal.Service("cloudwatch.amazonaws.com")).When("StringEquals", "aws:SourceAccount", AccountId)).ToJson(),
        });
        var emails = Spec.Budget?.AlertEmails ?? [];
        foreach (var (email, i) in emails.Select((e, i) => (e, i)))
            scope.Add($"email-{i.ToString(CultureInfo.InvariantCulture)}", AwsTypes.SnsSubscription, new MapValue
            {
                ["topic"] = AlarmTopic.Ref("arn"),
                ["protocol"] = "email",
                ["endpoint"] = email,
            });

        if (Spec.Budget is not { } budget) return;
        var notifications = new ListValue();
        foreach (var threshold in budget.EffectiveThresholds)
            foreach (var kind in new[] { "FORECASTED", "ACTUAL" })
                notifications.Add(new MapValue
                {
                    ["comparisonOperator"] = "GREATER_THAN",
                    ["threshold"] = threshold,
                    ["thresholdType"] = "PERCENTAGE",
                    ["notificationType"] = kind,
                    ["subscriberEmailAddresses"] = new ListValue(budget.AlertEmails.Select(e => (Value)e)),
                    ["subscriberSnsTopicArns"] = new ListValue { AlarmTopic.Ref("arn") },
                });
        // The budget watches the account's whole bill: the stack's resources are tagged, but a tag filter only works once
        // the tag is activated as a cost allocation tag, which no program can do. docs/aws.md says to give each stack its account.
        scope.Add("budget", AwsTypes.Budget, new MapValue
        {
            ["name"] = AwsNames.BudgetName(Scope.Stack.StackName, "monthly"),
            ["budgetType"] = "COST",
            ["timeUnit"] = "MONTHLY",
            ["limitAmount"] = budget.MonthlyUsd.ToString(CultureInfo.InvariantCulture),
            ["limitUnit"] = "USD",
            ["notifications"] = notifications,
            ["tags"] = scope.Tags(),
        });
    }
}
