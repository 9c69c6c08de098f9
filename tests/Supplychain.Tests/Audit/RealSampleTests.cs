using System.Text;
using System.Text.Json;
using Supplychain.Policies.Importers;
using static Supplychain.Tests.Audit.AuditHarness;

namespace Supplychain.Tests.Audit;

/// <summary>
/// `audit` on files Pulumi itself wrote (../shared/samples/pulumi-engine-output, read in place; SOURCES.md names each
/// file's origin). Each sample must give the resource count its own summary or resource list implies, the right exit
/// code, and no secret in any output. Skipped, saying why, where the samples folder is absent.
/// </summary>
public sealed class RealSampleTests
{
    public static readonly string SamplesDirectory = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "samples", "pulumi-engine-output"));

    public static string Sample(string name) => Path.Combine(SamplesDirectory, name);

    /// <summary>Runs only where the samples are (they come from other projects and are never copied into this repository).</summary>
    public sealed class SamplesTheoryAttribute : TheoryAttribute
    {
        public SamplesTheoryAttribute()
        {
            if (!Directory.Exists(SamplesDirectory)) Skip = $"real engine samples not found at {SamplesDirectory}";
        }
    }

    public sealed class SamplesFactAttribute : FactAttribute
    {
        public SamplesFactAttribute()
        {
            if (!Directory.Exists(SamplesDirectory)) Skip = $"real engine samples not found at {SamplesDirectory}";
        }
    }

    // sample, option, coverage, resources read, resources the summary or list implies (-1: none), judged, exit code
    [SamplesTheory]
    [InlineData("checkpoint-v3-aws-2017.json", "--state", "complete", 30, 30, 23, 1)]
    [InlineData("checkpoint-v4-aws-2017.json", "--state", "complete", 30, 30, 23, 1)]
    [InlineData("events-cloud-api-small-scale-10.json", "--preview", "complete", 12, 12, 10, 0)]
    [InlineData("events-eks-up.jsonl", "--preview", "complete", 6, 6, 5, 1)]
    [InlineData("events-simple-s3-drift.ndjson", "--preview", "complete", 2, 2, 1, 1)]
    [InlineData("preview-aws-cascading-deps.json", "--preview", "partial", 5, 8, 4, 1)]
    [InlineData("preview-aws-secret-input.json", "--preview", "partial", 4, 5, 3, 1)]
    [InlineData("preview-aws-tags-and-sets.json", "--preview", "partial", 5, 6, 4, 1)]
    [InlineData("preview-large-scale-250-trimmed.json", "--preview", "unknown", 3, -1, 3, 0)]
    [InlineData("preview-small-scale-10-replace.json", "--preview", "partial", 6, 12, 4, 0)]
    [InlineData("state-aws-cascading-deps.json", "--state", "complete", 9, 9, 7, 1)]
    [InlineData("state-aws-secret-input.json", "--state", "complete", 6, 6, 4, 1)]
    [InlineData("state-aws-tags-and-sets.json", "--state", "complete", 7, 7, 5, 1)]
    [InlineData("state-azure-native-aks-agentpool.json", "--state", "complete", 5, 5, 3, 1)]
    [InlineData("state-azure-native-keyvault.json", "--state", "complete", 6, 6, 4, 1)]
    [InlineData("state-eks-authmode-upgrade.json", "--state", "complete", 38, 38, 28, 1)]
    [InlineData("state-eks-cluster-1.0.4.json", "--state", "complete", 117, 117, 95, 1)]
    public void Should_State_The_Coverage_Its_Own_Summary_Implies_With_The_Right_Exit_Code(string sample, string option, string coverage, int read, int expected, int judged, int exit)
    {
        // Given a file the Pulumi engine wrote
        var file = Sample(sample);
        var reports = Directory.CreateTempSubdirectory("audit-sample-").FullName;

        // When audit judges it and writes every report
        var (code, stdout, stderr) = Cli("audit", option, file, "--report-dir", reports);

        // Then the coverage, the judged count and the exit code are what the file itself implies
        Assert.True(code == exit, $"exit {code}, expected {exit}\n{stderr}\n{stdout}");
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(reports, "policy-report.json"))).RootElement;
        var c = json.GetProperty("audit").GetProperty("coverage");
        Assert.Equal(coverage, c.GetProperty("kind").GetString());
        Assert.Equal(read, c.GetProperty("read").GetInt32());
        if (expected >= 0) Assert.Equal(expected, c.GetProperty("expected").GetInt32());
        else Assert.Equal(JsonValueKind.Null, c.GetProperty("expected").ValueKind);
        Assert.Contains($"{judged} resources judged", Flat(stdout), StringComparison.Ordinal);
        Assert.Contains($"Coverage: {coverage}", Flat(stdout), StringComparison.Ordinal);
        if (coverage != "complete")
        {
            // And a partial input gives no cost total and names the way to a complete audit
            Assert.Equal(JsonValueKind.Null, json.GetProperty("cost").GetProperty("expectedUsd").ValueKind);
            Assert.Contains("--show-sames", Flat(stdout), StringComparison.Ordinal);
        }
        // And no secret of the input appears in any output
        var outputs = new[] { stdout, stderr }.Concat(Directory.GetFiles(reports).Select(File.ReadAllText)).ToList();
        foreach (var secret in Secrets(file))
            Assert.DoesNotContain(outputs, o => o.Contains(secret, StringComparison.Ordinal));
    }

    [SamplesFact]
    public void Should_Judge_The_Deployed_Default_Encryption_Of_A_Bucket()
    {
        // Given a state whose bucket declares no encryption but whose deployed outputs show AES256
        var import = EngineImporter.ReadFile(EngineFormat.State, Sample("state-aws-tags-and-sets.json"));

        // When it is audited
        var audit = RunAudit(EngineFormat.State, Sample("state-aws-tags-and-sets.json"), stack: null);

        // Then the bucket's view carries the deployed value and CMP017 does not fire
        var bucket = Assert.Single(import.Resources, r => r.Name == "test-bucket");
        Assert.Equal("AES256", bucket.Properties.At("serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault.sseAlgorithm")?.ToString());
        Assert.DoesNotContain(audit.Report.Findings, f => f.PolicyId == "CMP017");
    }

    [SamplesFact]
    public void Should_Not_Guess_Stack_Level_Verdicts_On_A_Partial_Preview()
    {
        // Given a real preview without --show-sames (the stack and the VPC are unchanged and left out)
        var audit = RunAudit(EngineFormat.Preview, Sample("preview-aws-tags-and-sets.json"), stack: null);

        // Then COST007 (no budget) and the companion-resource policies are not applicable (partial input), not failed
        Assert.Equal(CoverageKind.Partial, audit.Import.Coverage.Kind);
        Assert.Contains("COST007", audit.NotApplicable);
        Assert.Contains("CMP017", audit.NotApplicable);
        Assert.DoesNotContain(audit.Report.Findings, f => audit.NotApplicable.Contains(f.PolicyId));
        Assert.True(audit.Report.Policies.Single(p => p.Id == "COST007").Counts.NotApplicable > 0);
    }

    [SamplesFact]
    public void Should_Judge_The_Stack_After_The_Update_From_A_Preview_And_Its_Export()
    {
        // Given the preview and the export of the same stack
        // When both are passed
        var (code, stdout, _) = Cli("audit", "--preview", Sample("preview-aws-tags-and-sets.json"), "--state", Sample("state-aws-tags-and-sets.json"));

        // Then the audit is complete (6 resources after the update: the unchanged VPC comes from the export) and the
        // updated bucket keeps its deployed default encryption
        var flat = Flat(stdout);
        Assert.Equal(1, code);
        Assert.Contains("Coverage: complete: 6 of 6", flat, StringComparison.Ordinal);
        Assert.Contains("5 resources judged", flat, StringComparison.Ordinal);
        Assert.DoesNotContain("CMP017", flat, StringComparison.Ordinal);
    }

    [SamplesFact]
    public void Should_Refuse_A_Preview_And_An_Export_Of_Different_Stacks()
    {
        var (code, stdout, stderr) = Cli("audit", "--preview", Sample("preview-aws-tags-and-sets.json"), "--state", Sample("state-aws-secret-input.json"));
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("pass the export of the stack the preview ran on", stderr, StringComparison.Ordinal);
    }

    [SamplesFact]
    public void Should_Read_Json_Lines_And_A_Json_Event_Document_Alike()
    {
        // Given the Pulumi Cloud event document and the same events as JSON lines
        var document = File.ReadAllText(Sample("events-cloud-api-small-scale-10.json"));
        var lines = string.Join("\n", JsonDocument.Parse(document).RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetRawText().ReplaceLineEndings(" ")));

        // When both are read (the lines through a tiny window, so events straddle refills)
        var a = EngineImporter.Read(EngineFormat.Preview, new MemoryStream(Encoding.UTF8.GetBytes(document)), "events.json");
        var b = EngineImporter.Read(EngineFormat.Preview, new MemoryStream(Encoding.UTF8.GetBytes(lines)), "events.jsonl", windowSize: 128);

        // Then they give the same resources, coverage and changes, with same steps and the policy events kept
        Assert.Equal(EngineShape.EventsJson, a.Shape);
        Assert.Equal(EngineShape.EventsLines, b.Shape);
        Assert.Equal(a.Resources.Select(r => r.Name), b.Resources.Select(r => r.Name));
        Assert.Equal(a.Coverage, b.Coverage);
        Assert.Equal(a.Changes.Select(c => $"{c.Name} {c.Op}"), b.Changes.Select(c => $"{c.Name} {c.Op}"));
        Assert.Contains(a.Changes, c => c.Op == "same" && c.Name == "random-str-2");
        Assert.Contains(a.Changes, c => c.Op == "replace" && c.Name == "tls-key-0" && c.ReplaceReasons.Count > 0);
        Assert.True(a.IsPreviewLog);
    }

    [SamplesFact]
    public void Should_Keep_The_Policy_Events_Of_An_Engine_Log()
    {
        var import = EngineImporter.ReadFile(EngineFormat.Preview, Sample("events-simple-s3-drift.ndjson"));
        var e = Assert.Single(import.PolicyEvents);
        Assert.Equal("s3-bucket-replication-enabled", e.Policy);
        Assert.Equal("advisory", e.Enforcement);
        Assert.DoesNotContain("<{%", e.Message, StringComparison.Ordinal);
    }

    [SamplesFact]
    public void Should_Tell_Which_Option_A_Mismatched_Shape_Belongs_To()
    {
        var (code, stdout, stderr) = Cli("audit", "--preview", Sample("checkpoint-v4-aws-2017.json"));
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("backend checkpoint", stderr, StringComparison.Ordinal);
        Assert.Contains("pass it with --state", stderr, StringComparison.Ordinal);
    }

    /// <summary>Console output wraps at the terminal width: compare words, not lines.</summary>
    internal static string Flat(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");

    /// <summary>Every secret payload of a sample: plaintext values (decoded) and ciphertexts, long enough to be telling.</summary>
    internal static IReadOnlyList<string> Secrets(string file)
    {
        var text = File.ReadAllText(file);
        var found = new List<string>();
        void Walk(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object when EngineValues.IsSecret(e):
                    foreach (var key in new[] { "plaintext", "ciphertext" })
                        if (e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String)
                        {
                            var payload = v.GetString()!;
                            found.Add(payload);
                            if (key == "plaintext" && payload.StartsWith('"')) found.Add(JsonSerializer.Deserialize<string>(payload)!);
                        }
                    break;
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject()) Walk(p.Value);
                    break;
                case JsonValueKind.Array:
                    foreach (var i in e.EnumerateArray()) Walk(i);
                    break;
            }
        }
        foreach (var line in file.EndsWith(".json", StringComparison.Ordinal) ? [text] : text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Walk(JsonDocument.Parse(line).RootElement);
        return found.Where(s => s.Length >= 6).Distinct().ToList();
    }
}
