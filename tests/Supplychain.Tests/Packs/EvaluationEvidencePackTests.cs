using Supplychain.Components.Domain;
using Supplychain.Components.Domain.Evaluation;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Lineage;
using Supplychain.Tests.Support;

namespace Supplychain.Tests.Packs;

/// <summary>
/// The evaluation-evidence policies (LIN014–LIN018) on record fixtures: the fraud model's lineage cites
/// <c>Fixtures/Policies/&lt;Policy&gt;/&lt;case&gt;.json</c> with the file's real digest (unless the case says otherwise),
/// the evidence is loaded as the pipeline loads it, and the exact violation paths are asserted.
/// </summary>
public sealed class EvaluationEvidencePackTests
{
    private const string At = "models.fraud-detector.lineage.evaluation";
    private static readonly string WrongDigest = "sha256:" + new string('9', 64);

    public enum Declared { ActualDigest, WrongDigest, MissingFile }

    private static IReadOnlyList<Violation> Judge(Policy policy, string fixture, Declared declared = Declared.ActualDigest,
        EnvironmentTier env = EnvironmentTier.Dev, IReadOnlyDictionary<string, decimal>? gaps = null)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Policies", policy.GetType().Name);
        var uri = declared == Declared.MissingFile ? "absent.json" : fixture + ".json";
        var full = Path.Combine(directory, uri);
        var digest = declared == Declared.ActualDigest ? "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(full))) : WrongDigest;
        var lineage = SampleSpecs.FullLineage() with { Metrics = new Dictionary<string, decimal> { ["auc"] = 0.962m, ["precision"] = 0.91m } };
        lineage = lineage with { Evaluation = new EvaluationReference(uri, digest) { Evidence = EvaluationEvidence.Load(full) } };
        var spec = SampleSpecs.Dev(env: env, models: [SampleSpecs.Model(lineage: lineage), SampleSpecs.Model("query-ranker", "search")]);
        var config = PackHarness.DevPolicyConfig with { MaxSliceGaps = gaps ?? new Dictionary<string, decimal> { ["fraud-detector/auc"] = 0.05m } };
        return PackHarness.Run(policy, new StackView(spec.Stack, [], spec, config));
    }

    [Theory]
    [InlineData(typeof(EvaluationRecordMatchesDigest), "record-matches-PASSED", Declared.ActualDigest, new string[0])]
    [InlineData(typeof(EvaluationRecordMatchesDigest), "edited-after-digest-FAILED", Declared.WrongDigest, new[] { At + ".digest" })]
    [InlineData(typeof(EvaluationRecordMatchesDigest), "not-a-record-FAILED", Declared.ActualDigest, new[] { At + ".uri" })]
    [InlineData(typeof(EvaluationRecordMatchesDigest), "record-matches-PASSED", Declared.MissingFile, new[] { At + ".uri" })]
    [InlineData(typeof(EvaluationCoversDeclaredArtifacts), "same-artifact-and-dataset-PASSED", Declared.ActualDigest, new string[0])]
    [InlineData(typeof(EvaluationCoversDeclaredArtifacts), "other-artifact-FAILED", Declared.ActualDigest, new[] { "models.fraud-detector.artifact.digest" })]
    [InlineData(typeof(EvaluationCoversDeclaredArtifacts), "other-dataset-FAILED", Declared.ActualDigest, new[] { "models.fraud-detector.lineage.datasetDigest" })]
    [InlineData(typeof(EvaluationCoversDeclaredArtifacts), "predictions-for-declared-version-PASSED", Declared.ActualDigest, new string[0])]
    [InlineData(typeof(EvaluationCoversDeclaredArtifacts), "predictions-for-other-version-FAILED", Declared.ActualDigest, new[] { At + ".uri" })]
    [InlineData(typeof(DeclaredMetricsMatchEvaluation), "metrics-match-PASSED", Declared.ActualDigest, new string[0])]
    [InlineData(typeof(DeclaredMetricsMatchEvaluation), "metrics-differ-FAILED", Declared.ActualDigest, new[] { "models.fraud-detector.lineage.metrics.auc" })]
    [InlineData(typeof(DeclaredMetricsMatchEvaluation), "metric-not-measured-FAILED", Declared.ActualDigest, new[] { "models.fraud-detector.lineage.metrics.auc" })]
    [InlineData(typeof(EvaluationVerdictPassed), "passed-PASSED", Declared.ActualDigest, new string[0])]
    [InlineData(typeof(EvaluationVerdictPassed), "failed-gate-FAILED", Declared.ActualDigest, new[] { At + ".uri" })]
    [InlineData(typeof(SliceGapsWithinFairnessThresholds), "gap-within-PASSED", Declared.ActualDigest, new string[0])]
    [InlineData(typeof(SliceGapsWithinFairnessThresholds), "gap-above-FAILED", Declared.ActualDigest, new[] { At + ".uri" })]
    [InlineData(typeof(SliceGapsWithinFairnessThresholds), "no-slices-FAILED", Declared.ActualDigest, new[] { At + ".uri" })]
    public void Should_Report_Exactly_The_Violating_Paths(Type policyType, string fixture, Declared declared, string[] expected)
    {
        // Given the fraud model citing the fixture record, When the policy runs, Then exactly these paths violate it
        var policy = (Policy)Activator.CreateInstance(policyType)!;
        var violations = Judge(policy, fixture, declared);
        Assert.Equal(expected, violations.Select(v => v.PropertyPath).ToArray());
        Assert.Equal(fixture.EndsWith("-PASSED", StringComparison.Ordinal) && declared != Declared.MissingFile, violations.Count == 0);
    }

    [Fact]
    public void Should_Not_Judge_Evidence_A_Record_Does_Not_Verify()
    {
        // Given a record whose digest does not match: only LIN014 speaks, the others do not judge unverified content
        foreach (var policy in new Policy[] { new EvaluationCoversDeclaredArtifacts(), new DeclaredMetricsMatchEvaluation(), new EvaluationVerdictPassed(), new SliceGapsWithinFairnessThresholds() })
            Assert.Empty(Judge(policy, FirstFixture(policy), Declared.WrongDigest));
    }

    private static string FirstFixture(Policy policy) =>
        Path.GetFileNameWithoutExtension(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Policies", policy.GetType().Name), "*-FAILED.json").Order().First());

    [Theory]
    [InlineData(EnvironmentTier.Prod, new[] { "policy.maxSliceGaps" })]
    [InlineData(EnvironmentTier.Staging, new string[0])]
    public void Should_Require_A_Fairness_Threshold_In_Prod(EnvironmentTier env, string[] expected)
    {
        var violations = Judge(new SliceGapsWithinFairnessThresholds(), "gap-within-PASSED", env: env, gaps: new Dictionary<string, decimal>());
        Assert.Equal(expected, violations.Select(v => v.PropertyPath).ToArray());
    }

    [Fact]
    public void Should_Not_Apply_To_Models_Citing_No_Record()
    {
        var spec = SampleSpecs.Dev(models: [SampleSpecs.Model()]);
        Assert.False(new EvaluationRecordMatchesDigest().AppliesTo(new StackView(spec.Stack, [], spec, PackHarness.DevPolicyConfig)));
    }

    [Fact]
    public void Should_Apply_The_Metric_Tolerance_From_Policy_Settings()
    {
        // Given the record's auc 0.9624 and the declared 0.962: within the default 0.001, outside a 0.0001 tolerance
        Assert.Empty(Judge(new DeclaredMetricsMatchEvaluation(), "metrics-match-PASSED"));
        var directory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Policies", nameof(DeclaredMetricsMatchEvaluation));
        var full = Path.Combine(directory, "metrics-match-PASSED.json");
        var digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(full)));
        var lineage = SampleSpecs.FullLineage() with { Evaluation = new EvaluationReference("metrics-match-PASSED.json", digest) { Evidence = EvaluationEvidence.Load(full) } };
        var spec = SampleSpecs.Dev(models: [SampleSpecs.Model(lineage: lineage)]);
        var strict = PackHarness.DevPolicyConfig with { MetricTolerance = 0.0001m };
        var violations = PackHarness.Run(new DeclaredMetricsMatchEvaluation(), new StackView(spec.Stack, [], spec, strict));
        Assert.Equal(["models.fraud-detector.lineage.metrics.auc"], violations.Select(v => v.PropertyPath));
    }
}
