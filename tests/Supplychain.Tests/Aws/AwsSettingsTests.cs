using System.Text.Json.Nodes;
using Supplychain.Components.Domain;
using static Supplychain.Tests.Settings.SettingsHarness;

namespace Supplychain.Tests.Aws;

public sealed class AwsSettingsTests
{
    private static JsonObject AwsConfig(string environment, JsonObject aws)
    {
        var config = Valid();
        config["target"] = "aws";
        config["environment"] = environment;
        config["aws"] = aws;
        return config;
    }

    [Fact]
    public void Should_Read_Every_Aws_Option()
    {
        // Given every supplychain:aws option
        var aws = JsonNode.Parse("""
            {
              "region": "eu-west-1", "availabilityZones": ["eu-west-1a", "eu-west-1b", "eu-west-1c"], "vpcCidr": "10.60.0.0/16",
              "natGateways": "perZone", "kubernetesVersion": "1.32", "endpointPublicAccess": true,
              "systemNodes": { "instanceType": "m7i.large", "minNodes": 3, "maxNodes": 6 },
              "database": { "instanceClass": "db.m6i.large", "storageGb": 100 }, "cache": { "nodeType": "cache.m6g.large" },
              "githubOidcProviderArn": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
            }
            """)!.AsObject();

        // When it is read in dev
        var spec = ReadYaml(AwsConfig("dev", aws)).Spec.Aws!;

        // Then the spec holds them
        Assert.Equal(["eu-west-1a", "eu-west-1b", "eu-west-1c"], spec.EffectiveZones);
        Assert.Equal(("10.60.0.0/16", true, "1.32", true), (spec.VpcCidr, spec.NatGatewayPerZone, spec.KubernetesVersion, spec.EndpointPublicAccess));
        Assert.Equal(new AwsNodeGroupSpec("m7i.large", 3, 6), spec.SystemNodes);
        Assert.Equal(("db.m6i.large", 100, "cache.m6g.large"), (spec.DatabaseInstanceClass, spec.DatabaseStorageGb, spec.CacheNodeType));
        Assert.NotNull(spec.GitHubOidcProviderArn);
    }

    [Fact]
    public void Should_Default_Everything_But_The_Region()
    {
        var spec = ReadYaml(AwsConfig("staging", new JsonObject { ["region"] = "us-west-2" })).Spec.Aws!;
        Assert.Equal(["us-west-2a", "us-west-2b"], spec.EffectiveZones);
        Assert.Equal(new AwsTargetSpec("us-west-2"), spec);
    }

    [Theory]
    [InlineData("""{ "region": "us-east-1", "endpointPublicAccess": true }""", "staging", "supplychain:aws.endpointPublicAccess", "allowed only in dev")]
    [InlineData("""{ "region": "us-east-1", "availabilityZones": ["us-east-1a"] }""", "dev", "supplychain:aws.availabilityZones", "at least 2")]
    [InlineData("""{ "region": "us-east-1", "availabilityZones": ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e"] }""", "dev", "supplychain:aws.availabilityZones", "at most 4")]
    [InlineData("""{ "region": "us-east-1", "availabilityZones": ["us-east-1a", "eu-west-1b"] }""", "dev", "supplychain:aws.availabilityZones[1]", "zone of us-east-1")]
    [InlineData("""{ "region": "us-east-1", "vpcCidr": "10.0.0.0/8" }""", "dev", "supplychain:aws.vpcCidr", "/16")]
    [InlineData("""{ "region": "us-east-1", "natGateways": "many" }""", "dev", "supplychain:aws.natGateways", "single, perZone")]
    [InlineData("""{ "region": "us-east-1", "existingVpc": { "vpcId": "vpc-0123abcd", "privateSubnetIds": ["subnet-0000aaaa"] } }""", "dev", "supplychain:aws.existingVpc.privateSubnetIds", "at least 2")]
    [InlineData("""{ "region": "us-east-1", "existingVpc": { "vpcId": "vpc-1", "privateSubnetIds": ["subnet-0000aaaa", "subnet-1111bbbb"] } }""", "dev", "supplychain:aws.existingVpc.vpcId", "vpc-")]
    [InlineData("""{ "region": "us-east-1", "vpcCidr": "10.1.0.0/16", "existingVpc": { "vpcId": "vpc-0123abcd", "privateSubnetIds": ["subnet-0000aaaa", "subnet-1111bbbb"] } }""", "dev", "supplychain:aws.existingVpc", "either an existing VPC")]
    [InlineData("""{ "region": "us-east-1", "systemNodes": { "minNodes": 4, "maxNodes": 2 } }""", "dev", "supplychain:aws.systemNodes.maxNodes", "below minNodes")]
    [InlineData("""{ "region": "us-east-1", "database": { "instanceClass": "m6i.large" } }""", "dev", "supplychain:aws.database.instanceClass", "db.t4g.medium")]
    [InlineData("""{ "region": "us-east-1", "cache": { "nodeType": "t4g.small" } }""", "dev", "supplychain:aws.cache.nodeType", "cache.t4g.small")]
    [InlineData("""{ "region": "us-east-1", "kubernetesVersion": "latest" }""", "dev", "supplychain:aws.kubernetesVersion", "major.minor")]
    [InlineData("""{ "region": "us-east-1", "githubOidcProviderArn": "arn:aws:iam::1:role/x" }""", "dev", "supplychain:aws.githubOidcProviderArn", "oidc-provider")]
    [InlineData("""{ "region": "us-east-1", "endpointPublic": true }""", "dev", "supplychain:aws.endpointPublic", "endpointPublicAccess")]
    public void Should_Reject_Invalid_Aws_Options_Naming_The_Key_And_What_Is_Allowed(string aws, string environment, string key, string expected)
    {
        var error = SingleError(AwsConfig(environment, JsonNode.Parse(aws)!.AsObject()));
        Assert.Equal(key, error.Key);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Require_The_Aws_Options_On_The_Aws_Target()
    {
        var config = Valid();
        config["target"] = "aws";
        var error = SingleError(config);
        Assert.Equal("supplychain:aws", error.Key);
    }
}

public sealed class AwsSettingsDocumentationTests
{
    [Fact]
    public void Should_Document_Every_Aws_Key_In_Config_Aws()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Infra.sln"))) root = root.Parent;
        var doc = File.ReadAllText(Path.Combine(root!.FullName, "stacks", "Settings", "CONFIG-AWS.md"));
        var documented = new List<string>();
        documented.AddRange(Stacks.Settings.AwsSettingsReader.Fields.Where(f => f is not ("systemNodes" or "database" or "cache" or "existingVpc")));
        documented.AddRange(Stacks.Settings.AwsSettingsReader.NodeFields.Select(f => "systemNodes." + f));
        documented.AddRange(Stacks.Settings.AwsSettingsReader.DatabaseFields.Select(f => "database." + f));
        documented.AddRange(Stacks.Settings.AwsSettingsReader.CacheFields.Select(f => "cache." + f));
        documented.AddRange(Stacks.Settings.AwsSettingsReader.ExistingVpcFields);
        Assert.All(documented, key => Assert.Contains($"| `{key}` |", doc, StringComparison.Ordinal));
    }
}
