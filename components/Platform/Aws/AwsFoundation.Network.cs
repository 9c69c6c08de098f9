using System.Globalization;
using Supplychain.Components.Domain;
using Supplychain.Components.Model;

namespace Supplychain.Components.Platform.Aws;

/// <summary>
/// The network: a VPC with one private and one public subnet per zone, an internet gateway, NAT gateway(s), route
/// tables and an S3 gateway endpoint — or the existing VPC and subnets from config, used as they are.
/// </summary>
public sealed partial class AwsFoundation
{
    /// <summary>Private subnets are /19s (pods take VPC addresses with the VPC CNI, so they need room); public ones /22s.</summary>
    public static (string Private, string Public) SubnetCidrs(string vpcCidr, int zoneIndex)
    {
        if (zoneIndex is < 0 or > 3) throw new ArgumentOutOfRangeException(nameof(zoneIndex), zoneIndex, "a VPC of this layout holds at most 4 zones");
        var octets = vpcCidr.Split('/')[0].Split('.');
        var prefix = $"{octets[0]}.{octets[1]}";
        return ($"{prefix}.{(zoneIndex * 32).ToString(CultureInfo.InvariantCulture)}.0/19", $"{prefix}.{(128 + zoneIndex * 4).ToString(CultureInfo.InvariantCulture)}.0/22");
    }

    private void RenderNetwork()
    {
        if (Aws.ExistingVpc is { } existing)
        {
            VpcId = existing.VpcId;
            PrivateSubnetIds = existing.PrivateSubnetIds.Select(s => (Value)s).ToList();
            PublicSubnetIds = existing.PublicSubnetIds.Select(s => (Value)s).ToList();
            VpcCidr = existing.Cidr;
            return;
        }

        var zones = Aws.EffectiveZones;
        if (zones.Count is < 2 or > 4) throw new ArgumentException($"AwsTargetSpec.AvailabilityZones: a new VPC spans 2 to 4 zones, got {zones.Count}");
        var scope = Scope.Child("network");
        var vpc = scope.Add("vpc", AwsTypes.Vpc, new MapValue
        {
            ["cidrBlock"] = Aws.VpcCidr,
            // EKS needs DNS hostnames and resolution for private endpoint access and node registration.
            ["enableDnsHostnames"] = true,
            ["enableDnsSupport"] = true,
            ["tags"] = scope.Tags(new Dictionary<string, string> { ["Name"] = NamePrefix }),
        });
        VpcId = vpc.Ref("id");
        VpcCidr = Aws.VpcCidr;
        RenderFlowLog(scope, vpc);

        var igw = scope.Add("igw", AwsTypes.InternetGateway, new MapValue
        {
            ["vpcId"] = vpc.Ref("id"),
            ["tags"] = scope.Tags(new Dictionary<string, string> { ["Name"] = NamePrefix }),
        });
        var publicRoutes = scope.Add("public-routes", AwsTypes.RouteTable, new MapValue
        {
            ["vpcId"] = vpc.Ref("id"),
            ["routes"] = new ListValue { new MapValue { ["cidrBlock"] = "0.0.0.0/0", ["gatewayId"] = igw.Ref("id") } },
            ["tags"] = scope.Tags(new Dictionary<string, string> { ["Name"] = NamePrefix + "-public" }),
        });

        var perZoneNat = Aws.NatGatewayPerZone ?? Scope.Stack.Environment == EnvironmentTier.Prod;
        var privateSubnets = new List<Value>();
        var publicSubnets = new List<Value>();
        var privateRouteTables = new List<Value>();
        Resource? sharedNat = null;
        for (var i = 0; i < zones.Count; i++)
        {
            var zone = zones[i];
            var (privateCidr, publicCidr) = SubnetCidrs(Aws.VpcCidr, i);
            var publicSubnet = scope.Add($"public-{zone}", AwsTypes.Subnet, new MapValue
            {
                ["vpcId"] = vpc.Ref("id"),
                ["availabilityZone"] = zone,
                ["cidrBlock"] = publicCidr,
                // Only load balancers and NAT gateways live here; nothing gets a public address by default.
                ["mapPublicIpOnLaunch"] = false,
                ["tags"] = scope.Tags(new Dictionary<string, string> { ["Name"] = $"{NamePrefix}-public-{zone}", ["kubernetes.io/role/elb"] = "1" }),
            });
            var privateSubnet = scope.Add($"private-{zone}", AwsTypes.Subnet, new MapValue
            {
                ["vpcId"] = vpc.Ref("id"),
                ["availabilityZone"] = zone,
                ["cidrBlock"] = privateCidr,
                ["tags"] = scope.Tags(new Dictionary<string, string> { ["Name"] = $"{NamePrefix}-private-{zone}", ["kubernetes.io/role/internal-elb"] = "1" }),
            });
            publicSubnets.Add(publicSubnet.Ref("id"));
            privateSubnets.Add(privateSubnet.Ref("id"));
            scope.Add($"public-{zone}-routes", AwsTypes.RouteTableAssociation, new MapValue
            {
                ["subnetId"] = publicSubnet.Ref("id"),
                ["routeTableId"] = publicRoutes.Ref("id"),
            });

            Resource nat;
            if (perZoneNat || sharedNat is null)
            {
                var eip = scope.Add($"nat-{zone}-ip", AwsTypes.Eip, new MapValue
                {
                    ["domain"] = "vpc",
                    ["tags"] = scope.Tags(new Dictionary<string, string> { ["Name"] = $"{NamePrefix}-nat-{zone}" }),
                });
                nat = scope.Add($"nat-{zone}", AwsTypes.NatGateway, new MapValue
                {
                    ["allocationId"] = eip.Ref("allocationId"),
                    ["subnetId"] = publicSubnet.Ref("id"),
                    ["tags"] = scope.Tags(new Dictionary<string, string> { ["Name"] = $"{NamePrefix}-nat-{zone}" }),
                }, new ResourceOptions { DependsOn = [igw.Name] });
                sharedNat ??= nat;
            }
            else nat = sharedNat;

            var privateRoutes = scope.Add($"private-{zone}-routes", AwsTypes.RouteTable, new MapValue
            {
                ["vpcId"] = vpc.Ref("id"),
                ["routes"] = new ListValue { new MapValue { ["cidrBlock"] = "0.0.0.0/0", ["natGatewayId"] = nat.Ref("id") } },
                ["tags"] = scope.Tags(new Dictionary<string, string> { ["Name"] = $"{NamePrefix}-private-{zone}" }),
            });
            privateRouteTables.Add(privateRoutes.Ref("id"));
            scope.Add($"private-{zone}-routes-association", AwsTypes.RouteTableAssociation, new MapValue
            {
                ["subnetId"] = privateSubnet.Ref("id"),
                ["routeTableId"] = privateRoutes.Ref("id"),
            });
        }

        // S3 traffic (model artifacts, the feature store's offline data) stays on the AWS network through a free
        // gateway endpoint instead of paying NAT data processing per GB.
        scope.Add("s3-endpoint", AwsTypes.VpcEndpoint, new MapValue
        {
            ["vpcId"] = vpc.Ref("id"),
            ["serviceName"] = $"com.amazonaws.{Region}.s3",
            ["vpcEndpointType"] = "Gateway",
            ["routeTableIds"] = new ListValue(privateRouteTables),
            ["tags"] = scope.Tags(new Dictionary<string, string> { ["Name"] = NamePrefix + "-s3" }),
        });

        PrivateSubnetIds = privateSubnets;
        PublicSubnetIds = publicSubnets;
    }
}
