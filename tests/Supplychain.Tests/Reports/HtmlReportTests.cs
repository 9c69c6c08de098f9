using System.Text.RegularExpressions;
using Moq;
using Supplychain.Policies.Reports;
using Supplychain.Stacks.Pipeline;
using Supplychain.Stacks.Settings;
using Supplychain.Tests.Diff;
using Supplychain.Tests.Settings;

namespace Supplychain.Tests.Reports;

public sealed partial class HtmlReportTests
{
    private static readonly ReportProvenance Provenance = new("4e1d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d", "sha256:" + new string('c', 64), "Pulumi.dev.yaml");

    [Fact]
    public void Should_Load_In_Headless_Chromium_Without_Console_Errors_And_Show_The_Counts()
    {
        // Given the dev stack's report and a failing variant (broken lineage: LIN003 blocking, LIN012 waived)
        var dev = Inputs(SettingsHarness.RepositoryRoot());
        using var h = new DiffHarness().UpgradeGrowAndBreak();
        h.WriteWaivers(h.Head, """
            waivers:
              - policy: LIN012
                component: stack
                reason: The ranker's commit is being recovered from the build logs <by the search team>.
                approver: search-leads
                expires: 2026-12-31
            """);
        var failing = Inputs(h.Head);
        Assert.Equal(1, failing.Report.BlockingCount);

        foreach (var (name, inputs, expected) in new[]
                 {
                     ("policy-report-dev", dev, (Findings: 0, Blocking: 0, Waived: 0)),
                     ("policy-report", failing, (Findings: 2, Blocking: 1, Waived: 1)),
                 })
        {
            // When rendered to a file and opened in headless Chromium
            var html = WriteArtifact(name + ".html", HtmlReport.Write(inputs));
            var page = HeadlessChromium.DumpDom(html);
            var png = Path.Combine(Path.GetDirectoryName(html)!, name + ".png");
            HeadlessChromium.Screenshot(html, png);
            CopyToRepositoryArtifacts(html, png);

            // Then the page loaded with no console output at all, its script ran and counted what the report holds
            Assert.Empty(page.ConsoleLines);
            Assert.Contains("data-ready=\"true\"", page.Dom);
            Assert.Contains($"findings={expected.Findings} blocking={expected.Blocking} advisory=0 waived={expected.Waived}", page.Dom);
            var o = inputs.Report.Outcomes;
            Assert.Equal(expected.Blocking, SummaryCount(page.Dom, "blocking"));
            Assert.Equal(o.Passed, SummaryCount(page.Dom, "passed"));
            Assert.Equal(expected.Waived, SummaryCount(page.Dom, "waived"));
            Assert.True(new FileInfo(png).Length > 10_000, "the screenshot is suspiciously small");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(png)[..4]);
        }
    }

    [Fact]
    public void Should_Show_Evidence_Waivers_Frameworks_Cost_And_Provenance()
    {
        // Given the failing variant's report
        using var h = new DiffHarness().UpgradeGrowAndBreak();
        h.WriteWaivers(h.Head, "waivers:\n  - policy: LIN012\n    component: stack\n    reason: Recovering the commit.\n    approver: search-leads\n    expires: 2026-12-31\n");

        // When rendered
        var html = HtmlReport.Write(Inputs(h.Head));

        // Then each finding shows its evidence, the waiver its reason, approver and expiry, and the page says what it came from
        Assert.Contains("<code>models-query-ranker-rollout:team-search/model-query-ranker</code>", html);
        Assert.Contains("<code>spec.template.metadata.annotations[&quot;supplychain.dev/code-commit&quot;]</code>", html);
        Assert.Contains("waived until 2026-12-31 by search-leads: Recovering the commit.", html);
        Assert.Contains("<summary><strong>EU AI Act</strong>", html);
        Assert.Contains("<summary><strong>NIST AI RMF</strong>", html);
        Assert.Contains("<summary><strong>ISO/IEC 42001</strong>", html);
        Assert.Contains("<summary><strong>SOC 2</strong>", html);
        Assert.Contains("<summary><strong>CIS Kubernetes Benchmark</strong>", html);
        Assert.Contains("<strong>$870.44 expected</strong>", html);
        Assert.Contains("<dt>Commit</dt><dd>4e1d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d</dd>", html);
        Assert.Contains("<dd>Pulumi.dev.yaml, digest sha256:" + new string('c', 64) + "</dd>", html);
        Assert.Contains("<dt>Generated</dt><dd>2026-11-20T09:00:00Z</dd>", html);
    }

    [Fact]
    public void Should_Escape_Every_Text_And_Load_Nothing_From_Outside()
    {
        // Given a finding whose text carries markup
        using var h = new DiffHarness().UpgradeGrowAndBreak();
        var inputs = Inputs(h.Head);
        var hostile = inputs.Report.Findings[0] with { Message = "<script>alert(1)</script>", Observed = "\"><img src=x onerror=alert(2)>" };
        inputs = inputs with { Report = inputs.Report with { Findings = [hostile, .. inputs.Report.Findings.Skip(1)] }, Provenance = null };

        // When rendered
        var html = HtmlReport.Write(inputs);

        // Then the markup is text, provenance falls back to "unknown", and nothing references another origin
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;", html);
        Assert.DoesNotContain("<img", html);
        Assert.Single(Regex.Matches(html, "<script>"));
        Assert.Contains("<dt>Commit</dt><dd>unknown</dd>", html);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        Assert.DoesNotContain("@import", html);
        Assert.DoesNotContain("url(", html);
    }

    private static ReportInputs Inputs(string projectDir)
    {
        var clock = new Mock<TimeProvider>();
        clock.Setup(c => c.GetUtcNow()).Returns(DiffHarness.Now);
        var settings = StackSettingsReader.Read(ConfigSource.FromStackFile(projectDir, "dev"));
        var outcome = new SynthPipeline(projectDir, PhysicalFileSystem.Instance, clock.Object).Run(settings);
        return new ReportInputs(outcome.Report, DiffHarness.Now, outcome.Cost, outcome.Remediations, Provenance: Provenance);
    }

    private static int SummaryCount(string dom, string name)
    {
        var m = Regex.Match(dom, $"data-count=\"{Regex.Escape(name)}\"><span>(\\d+)</span>");
        Assert.True(m.Success, $"no summary count '{name}' in the page");
        return int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Test artifacts: next to the test binaries (artifacts/), so a CI run can collect them.</summary>
    private static string WriteArtifact(string name, string content)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>And under out/test-artifacts/ in the repository, where people look for them.</summary>
    private static void CopyToRepositoryArtifacts(params string[] files)
    {
        var dir = Path.Combine(SettingsHarness.RepositoryRoot(), "out", "test-artifacts");
        Directory.CreateDirectory(dir);
        foreach (var f in files) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)), overwrite: true);
    }
}
