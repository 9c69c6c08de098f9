using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Components.Platform.Aws;

namespace Supplychain.Tests.Aws;

public sealed class AwsFoundationTests
{
    [Fact]
    public void Should_Create_Private_And_Public_Subnets_In_Each_Default_Zone()
    {
        // Given a staging spec with only a region / When it renders
        var program = AwsSpecs.Render(AwsSpecs.Spec());

        // Then each of the region's a and b zones has a private /19 and a public /22 inside the VPC's /16
        var subnets = program.OfType(AwsTypes.Subnet).ToDictionary(s => s.Name, s => (Zone: s.Properties["availabilityZone"].ToString(), Cidr: s.Properties["cidrBlock"].ToString()));
        Assert.Equal(
            new Dictionary<string, (string, string)>
            {
                ["platform-network-private-us-east-1a"] = ("us-east-1a", "10.40.0.0/19"),
                ["platform-network-public-us-east-1a"] = ("us-east-1a", "10.40.128.0/22"),
                ["platform-network-private-us-east-1b"] = ("us-east-1b", "10.40.32.0/19"),
                ["platform-network-public-us-east-1b"] = ("us-east-1b", "10.40.132.0/22"),
            },
            subnets);
        Assert.Equal("10.40.0.0/16", program.Named("platform-network-vpc").Properties["cidrBlock"].ToString());
        Assert.Single(program.OfType(AwsTypes.InternetGateway));
    }

    [Theory]
    [InlineData(EnvironmentTier.Staging, 1)]
    [InlineData(EnvironmentTier.Prod, 2)]
    public void Should_Share_One_Nat_Gateway_Outside_Prod_And_Use_One_Per_Zone_In_Prod(EnvironmentTier env, int expected)
    {
        var program = AwsSpecs.Render(AwsSpecs.Spec(env));
        Assert.Equal(expected, program.OfType(AwsTypes.NatGateway).Count());
        // Every private subnet still routes to a NAT gateway.
        Assert.All(program.OfType(AwsTypes.RouteTable).Where(r => r.Name.Contains("private", StringComparison.Ordinal)),
            rt => Assert.IsType<RefValue>(rt.Properties.At("routes")!.As<ListValue>()[0].As<MapValue>()["natGatewayId"]));
    }

    [Fact]
    public void Should_Use_The_Existing_Vpc_And_Create_No_Network()
    {
        // Given an existing VPC in config
        var aws = new AwsTargetSpec("eu-west-1") { ExistingVpc = new AwsExistingVpc("vpc-0123abcd", ["subnet-0000aaaa", "subnet-1111bbbb"], [], "10.0.0.0/16") };
        var program = AwsSpecs.Render(AwsSpecs.Spec(aws: aws));

        // Then no network resource is created and the cluster and node groups use the configured subnets
        Assert.DoesNotContain(program.Resources, r => r.Type.StartsWith("aws:ec2:", StringComparison.Ordinal) && r.Type != AwsTypes.SecurityGroup);
        Assert.Equal(["subnet-0000aaaa", "subnet-1111bbbb"], AwsSpecs.Strings(program.Named("platform-eks-cluster").Properties.At("vpcConfig.subnetIds")));
        Assert.Equal(["subnet-0000aaaa", "subnet-1111bbbb"], AwsSpecs.Strings(program.Named("gpu-pools-training-node-group").Properties.At("subnetIds")));
        Assert.Equal("vpc-0123abcd", program.Named("mlflow-database-security-group").Properties["vpcId"].ToString());
    }

    [Fact]
    public void Should_Encrypt_Secrets_With_The_Rotating_Stack_Key_And_Ship_Every_Control_Plane_Log()
    {
        var program = AwsSpecs.Render(AwsSpecs.Spec());
        var cluster = program.Named("platform-eks-cluster").Properties;

        Assert.Equal(["secrets"], AwsSpecs.Strings(cluster.At("encryptionConfig.resources")));
        Assert.Equal(new RefValue("platform-kms-key", "arn"), cluster.At("encryptionConfig.provider.keyArn"));
        Assert.Equal(new BoolValue(true), program.Named("platform-kms-key").Properties["enableKeyRotation"]);
        Assert.Equal(["api", "audit", "authenticator", "controllerManager", "scheduler"], AwsSpecs.Strings(cluster["enabledClusterLogTypes"]));
        Assert.Equal("/aws/eks/supplychain-staging-aws/cluster", program.Named("platform-eks-control-plane-logs").Properties["name"].ToString());
    }

    [Fact]
    public void Should_Keep_The_Api_Endpoint_Private_Outside_Dev()
    {
        var cluster = AwsSpecs.Render(AwsSpecs.Spec(EnvironmentTier.Prod)).Named("platform-eks-cluster").Properties;
        Assert.Equal(new BoolValue(false), cluster.At("vpcConfig.endpointPublicAccess"));
        Assert.Equal(new BoolValue(true), cluster.At("vpcConfig.endpointPrivateAccess"));
    }

    [Fact]
    public void Should_Refuse_A_Public_Endpoint_Outside_Dev()
    {
        var spec = AwsSpecs.Spec(EnvironmentTier.Staging, new AwsTargetSpec("us-east-1") { EndpointPublicAccess = true });
        var error = Assert.Throws<ArgumentException>(() => AwsSpecs.Render(spec));
        Assert.Contains("EndpointPublicAccess", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Allow_A_Public_Endpoint_In_Dev_When_Asked()
    {
        var spec = AwsSpecs.Spec(EnvironmentTier.Dev, new AwsTargetSpec("us-east-1") { EndpointPublicAccess = true });
        Assert.Equal(new BoolValue(true), AwsSpecs.Render(spec).Named("platform-eks-cluster").Properties.At("vpcConfig.endpointPublicAccess"));
    }

    [Fact]
    public void Should_Attach_Only_The_Managed_Policies_Each_Role_Needs()
    {
        var program = AwsSpecs.Render(AwsSpecs.Spec());
        var attachments = program.OfType(AwsTypes.IamRolePolicyAttachment)
            .GroupBy(a => ((RefValue)a.Properties["role"]).Resource)
            .ToDictionary(g => g.Key, g => g.Select(a => a.Properties["policyArn"].ToString()).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(
            new Dictionary<string, string[]>
            {
                ["platform-eks-cluster-role"] = ["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"],
                ["platform-eks-node-role"] = ["arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly", "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"],
                ["platform-eks-vpc-cni-role"] = ["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"],
                ["platform-eks-ebs-csi-role"] = ["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"],
            },
            attachments);
    }

    [Fact]
    public void Should_Install_The_Core_Addons_With_Irsa_Roles_And_Network_Policy_Enforcement()
    {
        var program = AwsSpecs.Render(AwsSpecs.Spec());
        var addons = program.OfType(AwsTypes.EksAddon).ToDictionary(a => a.Properties["addonName"].ToString(), a => a);
        Assert.Equal(["aws-ebs-csi-driver", "coredns", "kube-proxy", "vpc-cni"], addons.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new RefValue("platform-eks-ebs-csi-role", "arn"), addons["aws-ebs-csi-driver"].Properties["serviceAccountRoleArn"]);
        Assert.Equal(new RefValue("platform-eks-vpc-cni-role", "arn"), addons["vpc-cni"].Properties["serviceAccountRoleArn"]);
        Assert.Equal("true", AwsSpecs.Json(addons["vpc-cni"].Properties["configurationValues"])["enableNetworkPolicy"].ToString());
        // Deployments among the add-ons wait for nodes; the node group waits for the network add-ons.
        Assert.Contains("platform-eks-system-nodes", addons["coredns"].Options.DependsOn);
        Assert.Contains(addons["vpc-cni"].Name, program.Named("platform-eks-system-nodes").Options.DependsOn);
    }

    [Fact]
    public void Should_Create_The_Irsa_Oidc_Provider_From_The_Cluster_Issuer()
    {
        var provider = AwsSpecs.Render(AwsSpecs.Spec()).Named("platform-eks-oidc-provider").Properties;
        Assert.Equal(new RefValue("platform-eks-cluster", "identities[0].oidcs[0].issuer"), provider["url"]);
        Assert.Equal(["sts.amazonaws.com"], AwsSpecs.Strings(provider["clientIdLists"]));
        Assert.False(provider.ContainsKey("thumbprintLists"));
    }

    [Fact]
    public void Should_Build_The_Kubernetes_Provider_From_The_Cluster_And_Use_It_For_Every_In_Cluster_Resource()
    {
        var program = AwsSpecs.Render(AwsSpecs.Spec());
        var provider = program.Named("platform-eks-k8s");
        var kubeconfig = AwsSpecs.Json(provider.Properties["kubeconfig"]);

        Assert.Equal(new RefValue("platform-eks-cluster", "endpoint"), kubeconfig.At("clusters")!.As<ListValue>()[0].As<MapValue>().At("cluster.server"));
        Assert.Equal(new RefValue("platform-eks-cluster", "certificateAuthority.data"),
            kubeconfig.At("clusters")!.As<ListValue>()[0].As<MapValue>().At("cluster.certificate-authority-data"));
        var exec = kubeconfig.At("users")!.As<ListValue>()[0].As<MapValue>().At("user.exec")!.As<MapValue>();
        Assert.Equal("aws", exec["command"].ToString());
        Assert.Equal(["eks", "get-token", "--cluster-name", "${platform-eks-cluster.name}", "--region", "us-east-1", "--output", "json"], AwsSpecs.Strings(exec["args"]));
        Assert.All(program.Resources.Where(r => r.Type.StartsWith("kubernetes:", StringComparison.Ordinal)), r => Assert.Equal(provider.Name, r.Options.Provider));
        Assert.Contains("platform-eks-system-nodes", provider.Options.DependsOn);
    }

    [Fact]
    public void Should_Make_An_Encrypted_Gp3_Class_The_Default_StorageClass()
    {
        var sc = AwsSpecs.Render(AwsSpecs.Spec()).Named("platform-eks-storage-class").Properties;
        Assert.Equal("true", sc.At("metadata.annotations")!.As<MapValue>()["storageclass.kubernetes.io/is-default-class"].ToString());
        Assert.Equal("gp3", sc.At("parameters.type")!.ToString());
        Assert.Equal("true", sc.At("parameters.encrypted")!.ToString());
        Assert.Equal(new RefValue("platform-kms-key", "arn"), sc.At("parameters.kmsKeyId"));
    }

    [Fact]
    public void Should_Size_The_System_Node_Group_From_Config_With_A_Catalog_Instance_Type()
    {
        var aws = new AwsTargetSpec("us-east-1") { SystemNodes = new AwsNodeGroupSpec("m7i.large", 3, 5) };
        var nodes = AwsSpecs.Render(AwsSpecs.Spec(aws: aws)).Named("platform-eks-system-nodes").Properties;
        Assert.Equal(["m7i.large"], AwsSpecs.Strings(nodes["instanceTypes"]));
        Assert.Equal("3", nodes.At("scalingConfig.minSize")!.ToString());
        Assert.Equal("5", nodes.At("scalingConfig.maxSize")!.ToString());
        Assert.Equal("ON_DEMAND", nodes["capacityType"].ToString());
    }

    [Fact]
    public void Should_Declare_A_Budget_At_The_Stack_Budget_With_Forecast_And_Actual_Notifications()
    {
        var budget = AwsSpecs.Render(AwsSpecs.Spec()).Named("platform-alerts-budget").Properties;
        Assert.Equal("6000", budget["limitAmount"].ToString());
        Assert.Equal("MONTHLY", budget["timeUnit"].ToString());
        var notifications = budget["notifications"].As<ListValue>().Cast<MapValue>().ToList();
        Assert.Equal(["80 FORECASTED", "80 ACTUAL", "100 FORECASTED", "100 ACTUAL"], notifications.Select(n => $"{n["threshold"]} {n["notificationType"]}"));
        Assert.All(notifications, n => Assert.Equal(["ml-platform@example.com"], AwsSpecs.Strings(n["subscriberEmailAddresses"])));
    }

    [Fact]
    public void Should_Run_The_Cluster_Autoscaler_With_Resizing_Limited_To_This_Clusters_Groups()
    {
        var program = AwsSpecs.Render(AwsSpecs.Spec());
        var release = program.Named("platform-eks-autoscaler").Properties;
        Assert.Equal(AwsFoundation.AutoscalerChartVersion, release["version"].ToString());
        Assert.Equal("supplychain-staging-aws", release.At("values.autoDiscovery.clusterName")!.ToString());
        var resize = AwsSpecs.Statements(program.Named("platform-eks-autoscaler-role-scaling").Properties["policy"]).Single(s => s["Sid"].ToString() == "ResizeThisClustersGroups");
        Assert.Equal("owned", resize.At("Condition.StringEquals")!.As<MapValue>()["aws:ResourceTag/k8s.io/cluster-autoscaler/supplychain-staging-aws"].ToString());
    }
}

internal static class ValueCasts
{
    public static T As<T>(this Value v) where T : Value => v as T ?? throw new Xunit.Sdk.XunitException($"expected {typeof(T).Name}, got {v.GetType().Name}: {v}");
}

public sealed class AwsProviderBindingTests
{
    [Fact]
    public void Should_Bind_Every_Aws_Resource_To_The_Stacks_Regional_Provider()
    {
        var program = AwsSpecs.Render(AwsSpecs.Spec(aws: new AwsTargetSpec("eu-central-1")));
        var provider = program.Named("platform-aws");
        Assert.Equal("pulumi:providers:aws", provider.Type);
        Assert.Equal("eu-central-1", provider.Properties["region"].ToString());
        Assert.All(program.Resources.Where(r => r.Type.StartsWith("aws:", StringComparison.Ordinal)), r => Assert.Equal("platform-aws", r.Options.Provider));
    }
}
