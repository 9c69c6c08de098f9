using Supplychain.Components.Model;
using Supplychain.Tests.Support;

namespace Supplychain.Tests.Aws;

public sealed class AwsStabilityTests
{
    [Fact]
    public void Should_Change_Only_The_Models_Own_Resources_When_One_Model_Changes()
    {
        // Given the staging spec, and the same spec with a new version of fraud-detector only
        var before = AwsSpecs.Spec();
        var fraud = before.Models[0];
        var changed = fraud with
        {
            Version = "1.5.0",
            Image = "ghcr.io/acme-ml/fraud-detector:1.5.0@sha256:" + new string('d', 64),
            Artifact = fraud.Artifact with { Digest = "sha256:" + new string('e', 64) },
        };
        var after = before with { Models = [changed, before.Models[1]] };

        // When both render
        var a = AwsSpecs.Render(before);
        var b = AwsSpecs.Render(after);

        // Then the same resources exist, and every resource outside the model's own component renders byte-identical
        Assert.Equal(a.Resources.Select(r => r.Name).Order(StringComparer.Ordinal), b.Resources.Select(r => r.Name).Order(StringComparer.Ordinal));
        var differing = a.Resources.Where(r => AwsSpecs.Yaml(r) != AwsSpecs.Yaml(b.Get(r.Name))).Select(r => r.Name).ToList();
        Assert.NotEmpty(differing);
        Assert.All(differing, name => Assert.StartsWith("models-fraud-detector-", name, StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Add_Only_The_New_Models_Resources_When_A_Model_Is_Added()
    {
        var before = AwsSpecs.Spec();
        var after = before with { Models = [.. before.Models, SampleSpecs.Model("churn-predictor", "fraud")] };
        var a = AwsSpecs.Render(before);
        var b = AwsSpecs.Render(after);

        var added = b.Resources.Select(r => r.Name).Except(a.Resources.Select(r => r.Name)).ToList();
        // Its serving workload, its repository, its monitor and alert rules: each named after the model.
        Assert.All(added, n => Assert.Contains("churn-predictor", n, StringComparison.Ordinal));
        Assert.Contains("artifacts-ecr-fraud-churn-predictor", added);
        // The release role may push to the new repository: the one shared resource that must change.
        var changed = a.Resources.Where(r => AwsSpecs.Yaml(r) != AwsSpecs.Yaml(b.Get(r.Name))).Select(r => r.Name).ToList();
        Assert.Equal(["release-ci-role-release"], changed);
    }

    [Fact]
    public void Should_Render_Byte_Identical_Yaml_Twice()
    {
        var spec = AwsSpecs.Spec();
        Assert.Equal(Components.Yaml.PulumiYamlWriter.Write(AwsSpecs.Render(spec)), Components.Yaml.PulumiYamlWriter.Write(AwsSpecs.Render(spec)));
    }
}
