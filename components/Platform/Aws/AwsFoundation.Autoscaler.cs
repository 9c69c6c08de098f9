using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;

namespace Supplychain.Components.Platform.Aws;

/// <summary>
/// The Kubernetes cluster autoscaler: without it a managed node group stays at its desired size, so a GPU pool with
/// <c>minNodes: 0</c> would never get a node. EKS tags every managed node group's Auto Scaling group for auto-discovery
/// (<c>k8s.io/cluster-autoscaler/enabled</c>, <c>k8s.io/cluster-autoscaler/CLUSTER</c>), and the autoscaler reads a
/// group's labels and taints from <c>eks:DescribeNodegroup</c> to scale it up from zero.
/// </summary>
public sealed partial class AwsFoundation
{
    public const string AutoscalerChart = "cluster-autoscaler";
    /// <summary>The kubernetes/autoscaler chart release (charts/cluster-autoscaler/Chart.yaml version 9.38.0).</summary>
    public const string AutoscalerChartVersion = "9.38.0";
    public const string AutoscalerRepository = "https://kubernetes.github.io/autoscaler";
    /// <summary>The autoscaler's minor version must match the cluster's Kubernetes minor version.</summary>
    public const string AutoscalerImage = "registry.k8s.io/autoscaling/cluster-autoscaler";
    public const string AutoscalerServiceAccount = "cluster-autoscaler";

    private void RenderAutoscaler()
    {
        var scope = Scope.Child("eks").WithKubernetesProvider(KubernetesProvider);
        var role = ServiceAccountRole(scope, "autoscaler-role", "kube-system", AutoscalerServiceAccount, $"{ClusterName}: the cluster autoscaler resizes node groups");
        RolePolicy(scope, "autoscaler-role-scaling", role, AutoscalerPolicy());

        var values = new MapValue
        {
            ["cloudProvider"] = "aws",
            ["awsRegion"] = Region,
            ["autoDiscovery"] = new MapValue { ["clusterName"] = ClusterName },
            ["image"] = new MapValue { ["repository"] = AutoscalerImage, ["tag"] = $"v{Aws.KubernetesVersion}.0" },
            ["fullnameOverride"] = AutoscalerServiceAccount,
            ["rbac"] = new MapValue
            {
                ["serviceAccount"] = new MapValue
                {
                    ["create"] = true,
                    ["name"] = AutoscalerServiceAccount,
                    ["annotations"] = new MapValue { [RoleArnAnnotation] = role.Ref("arn") },
                },
            },
            ["extraArgs"] = new MapValue
            {
                // Pools of one instance type each; spread scale-ups across zones' groups evenly.
                ["balance-similar-node-groups"] = true,
                ["expander"] = "least-waste",
                // Give an idle GPU node back after 10 minutes: GPU hours are the largest line of the bill.
                ["scale-down-unneeded-time"] = "10m",
                ["skip-nodes-with-system-pods"] = false,
            },
            ["nodeSelector"] = new MapValue { [NodeRoleLabel] = "system" },
            ["resources"] = new MapValue
            {
                ["requests"] = new MapValue { ["cpu"] = "100m", ["memory"] = "300Mi" },
                ["limits"] = new MapValue { ["cpu"] = "500m", ["memory"] = "600Mi" },
            },
            ["securityContext"] = new MapValue { ["runAsNonRoot"] = true, ["runAsUser"] = 65534, ["fsGroup"] = 65534, ["seccompProfile"] = new MapValue { ["type"] = "RuntimeDefault" } },
            ["containerSecurityContext"] = new MapValue
            {
                ["allowPrivilegeEscalation"] = false,
                ["readOnlyRootFilesystem"] = true,
                ["capabilities"] = new MapValue { ["drop"] = new ListValue { "ALL" } },
            },
        };
        Kube.HelmRelease(scope, "autoscaler", "kube-system", AutoscalerServiceAccount, AutoscalerChart, AutoscalerChartVersion, AutoscalerRepository, values);
    }

    /// <summary>
    /// The autoscaler's permissions. Resizing is limited by condition to groups tagged as this cluster's (EKS tags its
    /// managed groups <c>owned</c>); the Auto Scaling and EC2 Describe actions support no resource-level scoping, and
    /// DescribeNodegroup is scoped to this cluster's node groups.
    /// </summary>
    public IamPolicyDocument AutoscalerPolicy() => new(
        IamStatement.Allow("ResizeThisClustersGroups", "autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup")
            .AnyResource("Auto Scaling group ARNs are created by EKS, not by this program; the condition limits the actions to groups tagged as this cluster's")
            .When("StringEquals", $"aws:ResourceTag/k8s.io/cluster-autoscaler/{ClusterName}", "owned"),
        IamStatement.Allow("DiscoverGroups", "autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeAutoScalingInstances",
                "autoscaling:DescribeLaunchConfigurations", "autoscaling:DescribeScalingActivities", "autoscaling:DescribeTags",
                "ec2:DescribeImages", "ec2:DescribeInstanceTypes", "ec2:DescribeLaunchTemplateVersions", "ec2:GetInstanceTypesFromInstanceRequirements")
            .AnyResource("Describe and Get actions of Auto Scaling and EC2 support no resource-level permissions"),
        IamStatement.Allow("ReadThisClustersNodeGroups", "eks:DescribeNodegroup")
            .On(new InterpolationValue($"arn:{Partition}:eks:{Region}:", AccountId, $":nodegroup/{ClusterName}/*")));
}
