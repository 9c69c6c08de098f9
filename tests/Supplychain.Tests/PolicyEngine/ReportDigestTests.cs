using Supplychain.Policies.Engine;

namespace Supplychain.Tests.PolicyEngine;

/// <summary>
/// The report digest is hashed as the canonical JSON is written, a finding at a time. Deployed stacks keep the digest in
/// their policy output, so it must stay the hash of the whole document: the expected values were computed by the writer
/// that buffered the document whole, on the same report.
/// </summary>
public sealed class ReportDigestTests
{
    [Fact]
    public void Should_Keep_The_Digest_Of_A_Report_Of_Thousands_Of_Findings()
    {
        // Given 2,501 findings (escaped quotes, non-ASCII text, nulls, errors) and an empty report
        IReadOnlyList<FrameworkControl> frameworks = [new("SOC 2", "CC6.1"), new("EU AI Act", "Art. 12")];
        var findings = Enumerable.Range(0, 2501).Select(i => new Finding(
            $"CMP{i % 60:000}", "compliance", Severity.High, Enforcement.Mandatory, $"res-{i}", "models", "models/x",
            "kubernetes:apps/v1:Deployment", $"spec.template.spec.containers[{i % 3}].image", i % 2 == 0 ? null : "o\"bs",
            $"message é {i}", "fix it", frameworks, null, i % 97 == 0)).ToList();

        // When their digests are computed, Then they are the ones the whole-document writer computed
        Assert.Equal("sha256:24204ca2668d33bf1b58ba8068b4c70d405803ef7303db685d448d0571c511a6",
            ReportDigest.Compute(new ReportStack("dev", "dev", "local"), "2026-11-01", findings));
        Assert.Equal("sha256:4e09b1d1562dcf8b4ae021c0b4173cd0466a2898743fe7853776ed4791a7f157",
            ReportDigest.Compute(new ReportStack("dev", "dev", "local"), null, []));
    }
}
