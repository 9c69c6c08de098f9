using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Components.Naming;
using Supplychain.Stacks.Pipeline;
using Supplychain.Stacks.Settings;
using Supplychain.Tests.Aws;
using Supplychain.Tests.Azure;
using Supplychain.Tests.Settings;
using Supplychain.Tests.Support;

namespace Supplychain.Tests.Naming;

/// <summary>Every physical name of every example stack, and of stacks at every documented maximum, meets its service's rule.</summary>
public sealed class PhysicalNameTests
{
    /// <summary>63 characters, the documented maximum of a stack name, with '_', '.' and upper case.</summary>
    public const string LongStackName = "Staging_AWS.ap-southeast-2.Team-Platform_Blue.Green-Release.v12";
    private static readonly string Team40 = "t" + new string('e', 38) + "m";
    private static readonly string Model50 = "m" + new string('o', 48) + "l";
    private static readonly string Pool63 = "inference-" + new string('p', 52) + "l";

    public static TheoryData<string> ExampleStacks => new() { "dev", "staging-aws", "prod-aws", "staging-azure", "prod-azure" };

    private static PulumiProgram Example(string stack) =>
        SynthPipeline.Render(StackSettingsReader.Read(ConfigSource.FromStackFile(SettingsHarness.RepositoryRoot(), stack)));

    [Theory]
    [MemberData(nameof(ExampleStacks))]
    public void Should_Give_Every_Example_Stack_Names_That_Meet_Each_Services_Rule(string stack)
    {
        var program = Example(stack);

        Assert.Empty(PhysicalNames.Invalid(program));
        Assert.Contains(PhysicalNames.Of(program), n => n.Rule == KubernetesNames.ServiceName);
    }

    [Fact]
    public void Should_Find_Every_Named_Cloud_Service_In_The_Example_Stacks()
    {
        var rules = new[] { "staging-aws", "staging-azure" }.SelectMany(s => PhysicalNames.Of(Example(s))).Select(n => n.Rule).ToHashSet();

        Assert.All(AwsNames.Rules.Concat(AzureNames.Rules), rule => Assert.Contains(rule, rules));
    }

    [Fact]
    public void Should_Keep_The_Example_Stacks_Cloud_Names()
    {
        // A renamed cloud resource is a replaced one: names that were valid before the naming layer stay as they were.
        var aws = PhysicalNames.Of(Example("prod-aws")).ToLookup(n => n.Rule, n => n.Name);
        var azure = PhysicalNames.Of(Example("prod-azure")).ToLookup(n => n.Rule, n => n.Name);

        Assert.Equal(["supplychain-prod-aws-mlflow"], aws[AwsNames.RdsInstance]);
        Assert.Equal(["supplychain-prod-aws-feast"], aws[AwsNames.ElastiCacheReplicationGroup]);
        Assert.Equal(["supplychain-prod-aws"], aws[AwsNames.EksCluster]);
        Assert.Equal(["alias/supplychain-prod-aws"], aws[AwsNames.KmsAlias]);
        Assert.Contains("supplychain-prod-aws-models-123456789012", aws[AwsNames.S3Bucket]);
        Assert.Contains("prod-aws/fraud/fraud-detector", aws[AwsNames.EcrRepository]);
        Assert.Equal(["aks-supplychain-prod-azure"], azure[AzureNames.AksCluster]);
        Assert.Equal(["vnet-supplychain-prod-azure"], azure[AzureNames.VirtualNetwork]);
        Assert.Contains("github-main", azure[AzureNames.FederatedCredential]);
    }

    public static TheoryData<DeploymentTarget> CloudTargets => new() { DeploymentTarget.Aws, DeploymentTarget.Azure, DeploymentTarget.Local };

    [Theory]
    [MemberData(nameof(CloudTargets))]
    public void Should_Synthesize_Valid_Names_For_A_Stack_At_Every_Documented_Maximum(DeploymentTarget target)
    {
        var sample = SampleSpecs.Model(Model50, Team40, gpus: 1);
        var model = sample with { Serving = sample.Serving with { GpuPool = Pool63 } };
        var spec = Maximal(target, model);

        var program = SampleSpecs.Render(spec);

        Assert.Empty(PhysicalNames.Invalid(program));
    }

    [Theory]
    [InlineData("staging-aws-ap-southeast-2")]
    [InlineData("staging-aws-ap-southeast-2-blue-green-team")]
    [InlineData(LongStackName)]
    public void Should_Synthesize_Valid_AWS_Names_For_Long_Stack_Names(string stack)
    {
        var spec = AwsSpecs.Spec() with { Stack = SampleSpecs.Context(DeploymentTarget.Aws, EnvironmentTier.Staging, stack) };

        var program = AwsSpecs.Render(spec);

        Assert.Empty(PhysicalNames.Invalid(program));
        var cache = Assert.Single(PhysicalNames.Of(program), n => n.Rule == AwsNames.ElastiCacheReplicationGroup);
        Assert.StartsWith("supplychain-", cache.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Keep_Stacks_That_Normalise_Alike_Apart()
    {
        Assert.NotEqual(AwsNames.ClusterName("prod_eu"), AwsNames.ClusterName("prod.eu"));
        Assert.NotEqual(AwsNames.ClusterName("prod_eu"), AwsNames.ClusterName("prod-eu"));
        Assert.Equal("supplychain-prod-eu", AwsNames.ClusterName("prod-eu"));
    }

    [Fact]
    public void Should_Give_A_Valid_Federated_Credential_Name_To_A_Release_Branch()
    {
        var spec = AzureSpecs.Spec() with { Ci = new CiSpec("acme-ml/ml-platform", "release/2026.11") };

        var names = PhysicalNames.Of(AzureSpecs.Render(spec)).Where(n => n.Rule == AzureNames.FederatedCredential).Select(n => n.Name).ToList();

        Assert.Contains(names, n => n.StartsWith("github-release-2026-11-", StringComparison.Ordinal));
        Assert.All(names, n => Assert.True(AzureNames.FederatedCredential.IsValid(n), n));
    }

    [Fact]
    public void Should_Fit_The_Services_Of_A_Model_At_The_Maximum_Name_Length()
    {
        var names = Components.ModelServing.ModelServing.ServiceNames(Model50);

        Assert.Equal("model-" + Model50, names.Stable);
        Assert.Equal("model-" + Model50 + "-canary", names.Canary);
        Assert.Equal(63, names.Metrics.Length);
        Assert.True(KubernetesNames.ServiceName.IsValid(names.Metrics), names.Metrics);
    }

    [Fact]
    public void Should_Give_Two_Long_GPU_Pools_Different_Agent_Pool_Names()
    {
        var a = AzureNames.AgentPoolName("inference-a100-eastus");
        var b = AzureNames.AgentPoolName("inference-a100-westus");

        Assert.NotEqual(a, b);
        Assert.True(AzureNames.AgentPool.IsValid(a) && AzureNames.AgentPool.IsValid(b), $"{a} {b}");
        Assert.Equal("inference", AzureNames.AgentPoolName("inference"));
    }

    [Fact]
    public void Should_Leave_Short_Node_Groups_To_Pulumi_And_Prefix_Long_Ones()
    {
        // Given an AWS stack with the example pools and one whose name makes the auto-name pass 63 characters
        var spec = AwsSpecs.Spec();
        spec = spec with { GpuPools = [.. spec.GpuPools, new GpuPoolSpec(Pool63, GpuPoolPurpose.Inference, "g5.xlarge", 1, 0, 2, false)] };

        // When it is rendered
        var groups = AwsSpecs.Render(spec).Resources.Where(r => r.Type == "aws:eks:NodeGroup").ToDictionary(g => g.Name);

        // Then the example pools keep Pulumi's auto-name and the long one gets a prefix that fits with the provider's suffix
        Assert.All(groups.Values.Where(g => !g.Name.Contains(Pool63, StringComparison.Ordinal)), g => Assert.False(g.Properties.ContainsKey("nodeGroupNamePrefix"), g.Name));
        var prefix = groups.Values.Single(g => g.Name.Contains(Pool63, StringComparison.Ordinal)).Properties.At("nodeGroupNamePrefix")!.ToString()!;
        Assert.True(prefix.Length + AutoNames.ProviderPrefixSuffixLength <= 63, prefix);
        Assert.StartsWith("gpu-pools-inference-", prefix, StringComparison.Ordinal);
    }

    private static SupplyChainSpec Maximal(DeploymentTarget target, ModelSpec model)
    {
        var baseSpec = target switch
        {
            DeploymentTarget.Aws => AwsSpecs.Spec(models: model),
            DeploymentTarget.Azure => AzureSpecs.Spec(EnvironmentTier.Staging, model),
            _ => SampleSpecs.Dev(DeploymentTarget.Local, EnvironmentTier.Dev, model),
        };
        var ci = target == DeploymentTarget.Local ? null : new CiSpec("acme-ml/ml-platform", "release/2026.11");
        return baseSpec with
        {
            Stack = SampleSpecs.Context(target, EnvironmentTier.Staging, LongStackName),
            Teams = [new TeamSpec(Team40, GpuQuota: 4)],
            GpuPools =
            [
                new GpuPoolSpec(Pool63, GpuPoolPurpose.Inference, baseSpec.GpuPools[0].InstanceType, 1, 0, 2, false),
                new GpuPoolSpec(Pool63[..62] + "m", GpuPoolPurpose.Training, baseSpec.GpuPools[^1].InstanceType, 4, 0, 2, true),
            ],
            Ci = ci,
        };
    }
}
