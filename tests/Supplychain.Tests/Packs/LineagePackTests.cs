using Supplychain.Components.Domain;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Lineage;
using Supplychain.Tests.Support;

namespace Supplychain.Tests.Packs;

public sealed class LineagePackTests
{
    private const string Fraud = "fraud:team-fraud/model-fraud-detector";
    private const string Search = "search:team-search/model-query-ranker";

    [Theory]
    [InlineData(typeof(DatasetLineageRecorded), "complete-lineage-PASSED", EnvironmentTier.Dev, new string[0])]
    [InlineData(typeof(DatasetLineageRecorded), "missing-and-malformed-digest-FAILED", EnvironmentTier.Dev, new[] { Fraud, Search })]
    [InlineData(typeof(TrainingRunRecorded), "training-run-recorded-PASSED", EnvironmentTier.Dev, new string[0])]
    [InlineData(typeof(TrainingRunRecorded), "training-run-missing-FAILED", EnvironmentTier.Dev, new[] { Fraud })]
    [InlineData(typeof(CodeCommitRecorded), "commit-recorded-PASSED", EnvironmentTier.Dev, new string[0])]
    [InlineData(typeof(CodeCommitRecorded), "label-disagrees-with-annotation-FAILED", EnvironmentTier.Dev, new[] { Search })]
    [InlineData(typeof(ArtifactDigestRecorded), "artifact-recorded-and-loaded-PASSED", EnvironmentTier.Dev, new string[0])]
    [InlineData(typeof(ArtifactDigestRecorded), "server-loads-another-artifact-FAILED", EnvironmentTier.Dev, new[] { Fraud })]
    [InlineData(typeof(MetricsRecorded), "metrics-json-PASSED", EnvironmentTier.Dev, new string[0])]
    [InlineData(typeof(MetricsRecorded), "metrics-missing-or-not-json-FAILED", EnvironmentTier.Dev, new[] { Fraud, Search })]
    [InlineData(typeof(ServingImagePinnedByDigest), "digest-pinned-PASSED", EnvironmentTier.Prod, new string[0])]
    [InlineData(typeof(ServingImagePinnedByDigest), "tag-only-FAILED", EnvironmentTier.Staging, new[] { Fraud })]
    [InlineData(typeof(ReleaseApproved), "approved-PASSED", EnvironmentTier.Prod, new string[0])]
    [InlineData(typeof(ReleaseApproved), "pending-and-unsigned-FAILED", EnvironmentTier.Prod, new[] { Fraud, Search })]
    [InlineData(typeof(ReleaseApproved), "rejected-FAILED", EnvironmentTier.Staging, new[] { Fraud })]
    [InlineData(typeof(MetricsMeetMinimums), "above-threshold-PASSED", EnvironmentTier.Dev, new string[0])]
    [InlineData(typeof(MetricsMeetMinimums), "below-threshold-or-unmeasured-FAILED", EnvironmentTier.Dev, new[] { Fraud, Search })]
    [InlineData(typeof(ServedModelHasAlertRules), "alerts-per-model-PASSED", EnvironmentTier.Dev, new string[0])]
    [InlineData(typeof(ServedModelHasAlertRules), "model-without-alerts-FAILED", EnvironmentTier.Dev, new[] { Search })]
    [InlineData(typeof(ProdCanaryWithAnalysis), "canary-with-analysis-PASSED", EnvironmentTier.Prod, new string[0])]
    [InlineData(typeof(ProdCanaryWithAnalysis), "no-analysis-or-missing-template-FAILED", EnvironmentTier.Prod, new[] { Fraud, Search })]
    [InlineData(typeof(DeployedLineageMatchesConfig), "deployed-matches-config-PASSED", EnvironmentTier.Dev, new string[0])]
    [InlineData(typeof(DeployedLineageMatchesConfig), "drifted-dataset-version-FAILED", EnvironmentTier.Dev, new[] { Fraud })]
    public void Should_Report_Exactly_The_Violating_Workloads(Type policyType, string fixture, EnvironmentTier env, string[] expected)
    {
        // Given a fixture program and the sample spec in the environment, When the policy runs, Then exactly these resources violate it.
        var policy = (Policy)Activator.CreateInstance(policyType)!;
        PackHarness.AssertFixture(policy, fixture, env, expected);
    }

    [Fact]
    public void Should_Not_Judge_Digest_Pinning_In_Dev()
    {
        // Given tag-only images in dev, When the policy runs, Then it judges nothing (not applicable, not passed)
        var (passed, failed) = PackHarness.Outcomes(new ServingImagePinnedByDigest(), PackHarness.FixtureStack(nameof(ServingImagePinnedByDigest), "tag-only-in-dev-NOTAPPLICABLE", EnvironmentTier.Dev));
        Assert.Empty(passed);
        Assert.Empty(failed);
    }

    [Theory]
    [InlineData("complete-lineage-PASSED", false, new string[0])]
    [InlineData("missing-lineage-FAILED", true, new[] { "models.fraud-detector.lineage" })]
    public void Should_Require_Declared_Lineage_For_Every_Model(string name, bool omitLineage, string[] expectedPaths)
    {
        // Given the dev spec with or without the fraud model's lineage
        var spec = SampleSpecs.Dev(models: [SampleSpecs.Model(omitLineage: omitLineage), SampleSpecs.Model("query-ranker", "search")]);
        // When LIN012 runs on the config
        var violations = PackHarness.Run(new ModelLineageDeclared(), new StackView(spec.Stack, [], spec, PackHarness.DevPolicyConfig));
        // Then exactly the missing lineage is named
        Assert.Equal(expectedPaths, violations.Select(v => v.PropertyPath).ToArray());
        Assert.Equal(name.EndsWith("-PASSED", StringComparison.Ordinal), violations.Count == 0);
    }

    [Fact]
    public void Should_Name_Each_Incomplete_Lineage_Field()
    {
        var partial = SampleSpecs.FullLineage() with { DatasetDigest = "md5:abc", TrainingRun = null, CodeCommit = "main", Metrics = new Dictionary<string, decimal>() };
        var spec = SampleSpecs.Dev(models: [SampleSpecs.Model(lineage: partial)]);
        var paths = PackHarness.Run(new ModelLineageDeclared(), new StackView(spec.Stack, [], spec, PackHarness.DevPolicyConfig)).Select(v => v.PropertyPath);
        Assert.Equal(
            ["models.fraud-detector.lineage.codeCommit", "models.fraud-detector.lineage.datasetDigest", "models.fraud-detector.lineage.metrics", "models.fraud-detector.lineage.trainingRun"],
            paths.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("approved-PASSED", EnvironmentTier.Prod, "approved", new string[0])]
    [InlineData("pending-in-prod-FAILED", EnvironmentTier.Prod, "pending", new[] { "models.fraud-detector.lineage.approval.status" })]
    [InlineData("pending-in-staging-PASSED", EnvironmentTier.Staging, "pending", new string[0])]
    [InlineData("rejected-in-staging-FAILED", EnvironmentTier.Staging, "rejected", new[] { "models.fraud-detector.lineage.approval.status" })]
    [InlineData("rejected-in-dev-PASSED", EnvironmentTier.Dev, "rejected", new string[0])]
    public void Should_Require_Declared_Approval_Outside_Dev(string name, EnvironmentTier env, string status, string[] expectedPaths)
    {
        var spec = SampleSpecs.Dev(env: env, models: [SampleSpecs.Model(lineage: SampleSpecs.FullLineage(status))]);
        var violations = PackHarness.Run(new ModelApprovalDeclared(), new StackView(spec.Stack, [], spec, PackHarness.DevPolicyConfig));
        Assert.Equal(expectedPaths, violations.Select(v => v.PropertyPath).ToArray());
        Assert.Equal(name.EndsWith("-PASSED", StringComparison.Ordinal), violations.Count == 0);
    }

    [Fact]
    public void Should_Require_Approver_And_Date_In_Prod()
    {
        var lineage = SampleSpecs.FullLineage() with { Approval = new ApprovalSpec("approved", null, "yesterday") };
        var spec = SampleSpecs.Dev(env: EnvironmentTier.Prod, models: [SampleSpecs.Model(lineage: lineage)]);
        var paths = PackHarness.Run(new ModelApprovalDeclared(), new StackView(spec.Stack, [], spec, PackHarness.DevPolicyConfig)).Select(v => v.PropertyPath);
        Assert.Equal(["models.fraud-detector.lineage.approval.at", "models.fraud-detector.lineage.approval.by"], paths.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Should_Scope_Thresholds_To_One_Model_With_A_Model_Prefixed_Key()
    {
        var configured = new Dictionary<string, decimal> { ["auc"] = 0.9m, ["query-ranker/ndcg"] = 0.7m, ["query-ranker/auc"] = 0.5m };
        Assert.Equal(new Dictionary<string, decimal> { ["auc"] = 0.9m }, MetricsMeetMinimums.ThresholdsFor("fraud-detector", configured));
        Assert.Equal(new Dictionary<string, decimal> { ["auc"] = 0.5m, ["ndcg"] = 0.7m }, MetricsMeetMinimums.ThresholdsFor("query-ranker", configured));
    }
}
