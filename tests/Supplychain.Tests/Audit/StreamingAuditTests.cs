using Supplychain.Bench;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Supplychain.Components.Model;
using Supplychain.Components.Yaml;
using Supplychain.Policies.Cost.Catalog;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Importers;
using Supplychain.Policies.Judging;
using Supplychain.Policies.Reports;
using Supplychain.Policies.View;
using Supplychain.Policies.Waivers;
using Supplychain.Stacks.Pipeline;
using Supplychain.Stacks.Settings;
using static Supplychain.Tests.Audit.AuditHarness;

namespace Supplychain.Tests.Audit;

/// <summary>
/// The streaming audit (each resource judged as it is read, only what non-local policies need kept) against the batch
/// audit on the same input: the same findings in the same order with the same messages and paths, the same checks,
/// summary counts, cost, notes, coverage and safety signals — on the engine fixtures, on every real sample, on a
/// generated multi-copy preview, and on every policy fixture with the smallest chunk (one resource at a time), where
/// a policy wrongly judged as local would see no other resource.
/// </summary>
public sealed class StreamingAuditTests
{
    [Theory]
    [InlineData("dev-preview.json", "dev", 256)]
    [InlineData("dev-preview.json", "dev", 1)]
    [InlineData("dev-preview.json", null, 256)]
    [InlineData("dev-preview.json", null, 7)]
    [InlineData("dev-state.json", null, 256)]
    [InlineData("dev-state.json", null, 1)]
    public void Should_Give_The_Batch_Audit_On_The_Engine_Fixtures(string fixture, string? stack, int chunk)
    {
        // Given an engine fixture of the dev stack
        var file = FixturePath(fixture);
        var format = fixture.Contains("state", StringComparison.Ordinal) ? EngineFormat.State : EngineFormat.Preview;

        // When it is audited as it streams and in batch
        var streamed = Pipeline().RunStreaming(format, file, stack, chunk);
        var batch = RunAudit(format, file, stack);

        // Then the outcomes are the same
        Assert.NotNull(streamed);
        Assert.Equal(Describe(batch), Describe(streamed));
    }

    [Fact]
    public void Should_Leave_Drift_To_The_Batch_Audit()
    {
        // Given a state export with the stack's config (drift compares every deployed view)
        // When it is offered to the streaming audit
        var streamed = Pipeline().RunStreaming(EngineFormat.State, FixturePath("dev-state.json"), "dev");

        // Then it declines
        Assert.Null(streamed);
    }

    [RealSampleTests.SamplesTheory]
    [InlineData("checkpoint-v3-aws-2017.json", EngineFormat.State)]
    [InlineData("checkpoint-v4-aws-2017.json", EngineFormat.State)]
    [InlineData("events-cloud-api-small-scale-10.json", EngineFormat.Preview)]
    [InlineData("events-eks-up.jsonl", EngineFormat.Preview)]
    [InlineData("events-simple-s3-drift.ndjson", EngineFormat.Preview)]
    [InlineData("preview-aws-cascading-deps.json", EngineFormat.Preview)]
    [InlineData("preview-aws-secret-input.json", EngineFormat.Preview)]
    [InlineData("preview-aws-tags-and-sets.json", EngineFormat.Preview)]
    [InlineData("preview-large-scale-250-trimmed.json", EngineFormat.Preview)]
    [InlineData("preview-small-scale-10-replace.json", EngineFormat.Preview)]
    [InlineData("state-aws-cascading-deps.json", EngineFormat.State)]
    [InlineData("state-aws-secret-input.json", EngineFormat.State)]
    [InlineData("state-aws-tags-and-sets.json", EngineFormat.State)]
    [InlineData("state-azure-native-aks-agentpool.json", EngineFormat.State)]
    [InlineData("state-azure-native-keyvault.json", EngineFormat.State)]
    [InlineData("state-eks-authmode-upgrade.json", EngineFormat.State)]
    [InlineData("state-eks-cluster-1.0.4.json", EngineFormat.State)]
    public void Should_Give_The_Batch_Audit_On_Every_Real_Sample(string sample, EngineFormat format)
    {
        // Given a file the Pulumi engine wrote (read in place)
        var file = RealSampleTests.Sample(sample);

        // When it is audited as it streams, one resource at a time and in chunks, and in batch
        var batch = RunAudit(format, file, stack: null);
        foreach (var chunk in new[] { 1, 256 })
        {
            var streamed = Pipeline().RunStreaming(format, file, null, chunk);

            // Then the outcome is the batch one; an event log, whose resources come twice (pre-event, then outputs), is left to the batch audit
            if (sample.StartsWith("events-", StringComparison.Ordinal)) { Assert.Null(streamed); continue; }
            Assert.NotNull(streamed);
            Assert.Equal(Describe(batch), Describe(streamed));
        }
    }

    [Theory]
    [InlineData("dev", 5, 64)]
    [InlineData(null, 5, 100)]
    [InlineData(null, 3, 1)]
    public void Should_Give_The_Batch_Audit_On_A_Multi_Copy_Preview(string? stack, int copies, int chunk)
    {
        // Given a preview of several copies of the dev stack (URNs suffixed per copy; names, namespaces and labels shared)
        var file = MultiCopyPreview(copies);

        // When it is audited as it streams and in batch
        var streamed = Pipeline().RunStreaming(EngineFormat.Preview, file, stack, chunk);
        var batch = RunAudit(EngineFormat.Preview, file, stack);

        // Then the outcomes are the same
        Assert.NotNull(streamed);
        Assert.Equal(Describe(batch), Describe(streamed));
    }

    [Theory]
    [InlineData("dev", 3, 64)]
    [InlineData(null, 2, 1)]
    public void Should_Give_The_Same_Audit_Without_Keeping_The_Checks(string? stack, int copies, int chunk)
    {
        // Given a multi-copy preview
        var file = MultiCopyPreview(copies);

        // When it is audited as it streams with its checks kept, and without them (no report will list them)
        var kept = Pipeline().RunStreaming(EngineFormat.Preview, file, stack, chunk, keepChecks: true);
        var dropped = Pipeline().RunStreaming(EngineFormat.Preview, file, stack, chunk, keepChecks: false);

        // Then everything but the list of checks is the same: findings, counts, cost, digest, notes
        Assert.NotNull(kept);
        Assert.NotNull(dropped);
        Assert.True(kept.Report.ChecksKept);
        Assert.NotEmpty(kept.Report.Checks);
        Assert.False(dropped.Report.ChecksKept);
        Assert.Empty(dropped.Report.Checks);
        Assert.Equal(Describe(kept with { Report = kept.Report with { Checks = [] } }), Describe(dropped));
        // And a report that did not keep its checks cannot pass for one without any: the JUnit report refuses it
        var scope = new AuditScope("input", dropped.Import.Describe, dropped.Import.Coverage, dropped.NotApplicable, dropped.Safety, dropped.Import.IsEmpty);
        Assert.Throws<InvalidOperationException>(() => JUnitReport.Write(new ReportInputs(dropped.Report, Now, dropped.Cost, null, null, null, scope)));
    }

    [Fact]
    public void Should_Write_The_Batch_Audits_Reports_When_Streaming_With_A_Report_Dir()
    {
        // Given a preview of the dev stack
        var file = MultiCopyPreview(2);
        var batchReports = Directory.CreateTempSubdirectory("audit-batch-reports-").FullName;
        var streamedReports = Directory.CreateTempSubdirectory("audit-streamed-reports-").FullName;
        var evidence = Directory.CreateTempSubdirectory("audit-evidence-").FullName;

        // When the CLI audits it in batch (--evidence reads every view) and as it streams, writing the reports each time
        var batch = Cli("audit", "--preview", file, "--stack", "dev", "--report-dir", batchReports, "--evidence", evidence);
        var streamed = Cli("audit", "--preview", file, "--stack", "dev", "--report-dir", streamedReports);

        // Then both exit alike and every report, the JUnit report with its one testcase per check included, is byte for byte the same
        Assert.Equal(batch.Exit, streamed.Exit);
        var names = Directory.EnumerateFiles(batchReports).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(names, Directory.EnumerateFiles(streamedReports).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList());
        Assert.Contains(JUnitReport.FileName, names);
        foreach (var name in names)
            Assert.True(File.ReadAllText(Path.Combine(batchReports, name!)) == File.ReadAllText(Path.Combine(streamedReports, name!)), $"{name} differs");
        Assert.Contains("<testcase ", File.ReadAllText(Path.Combine(streamedReports, JUnitReport.FileName)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("web")]          // a parent whose path ends with its own name (component "web", then "web-config")
    [InlineData("web-config")]   // a parent named like its component label: its path is the component alone
    public void Should_Give_Children_Of_A_Streamed_Resource_The_Batch_Audits_Component_Path(string parentComponent)
    {
        // Given a preview where a custom resource, dropped once streamed, is the parent of later resources (one nested twice)
        const string Stack = "urn:pulumi:dev::supplychain::pulumi:pulumi:Stack::supplychain-dev";
        static string Urn(string type, string name) => $"urn:pulumi:dev::supplychain::{type}::{name}";
        var parent = Urn("kubernetes:core/v1:ConfigMap", "web-config");
        var child = Urn("kubernetes:core/v1:Service", "web-svc");
        static System.Text.Json.Nodes.JsonObject Step(string urn, string type, string? parentUrn, string? component)
        {
            var inputs = new System.Text.Json.Nodes.JsonObject();
            if (component is not null) inputs["metadata"] = new System.Text.Json.Nodes.JsonObject { ["labels"] = new System.Text.Json.Nodes.JsonObject { ["supplychain.dev/component"] = component } };
            var state = new System.Text.Json.Nodes.JsonObject { ["urn"] = urn, ["custom"] = !type.StartsWith("pulumi:pulumi", StringComparison.Ordinal), ["type"] = type, ["inputs"] = inputs };
            if (parentUrn is not null) state["parent"] = parentUrn;
            return new System.Text.Json.Nodes.JsonObject { ["op"] = "create", ["urn"] = urn, ["newState"] = state };
        }
        var steps = new System.Text.Json.Nodes.JsonArray(
            Step(Stack, "pulumi:pulumi:Stack", null, null),
            Step(parent, "kubernetes:core/v1:ConfigMap", Stack, parentComponent),
            Step(child, "kubernetes:core/v1:Service", parent, null),
            Step(Urn("kubernetes:core/v1:Endpoints", "web-endpoints"), "kubernetes:core/v1:Endpoints", child, null));
        var file = Path.Combine(Directory.CreateTempSubdirectory("audit-parents-").FullName, "preview.json");
        File.WriteAllText(file, new System.Text.Json.Nodes.JsonObject { ["steps"] = steps, ["changeSummary"] = new System.Text.Json.Nodes.JsonObject { ["create"] = 4 } }.ToJsonString());

        // When it is imported as it streams and in batch
        var streamed = new List<ResourceView>();
        EngineImporter.ReadFile(EngineFormat.Preview, file, new CollectingSink(streamed));
        var batch = EngineImporter.ReadFile(EngineFormat.Preview, file).Resources;

        // Then every resource has the batch import's component path, the children's inherited from the dropped parent
        Assert.Equal(3, streamed.Count);
        Assert.Equal(batch.Select(v => (v.Name, string.Join("/", v.ComponentPath))), streamed.Select(v => (v.Name, string.Join("/", v.ComponentPath))));
        Assert.Equal(parentComponent == "web" ? "web/web-config/web-svc/web-endpoints" : "web-config/web-svc/web-endpoints",
            string.Join("/", streamed[^1].ComponentPath));
    }

    private sealed class CollectingSink(List<ResourceView> views) : IEngineResourceSink
    {
        public void Add(ResourceView view, bool isProvider) { if (!isProvider) views.Add(view); }
    }

    [Fact]
    public void Should_Judge_Every_Policy_Fixture_As_The_Batch_Judge_Does_One_Resource_At_A_Time()
    {
        // Given every policy's PASSED and FAILED fixtures (tests/…/Fixtures/Policies/<ID or class>/…), each judged by every policy
        var root = Path.Combine(RepoRoot, "tests", "Supplychain.Tests", "Fixtures", "Policies");
        var settingsByStack = new Dictionary<string, StackSettings>(StringComparer.Ordinal);
        var compared = 0;
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (!name.EndsWith("-PASSED", StringComparison.Ordinal) && !name.EndsWith("-FAILED", StringComparison.Ordinal)) continue;
            var folder = Path.GetRelativePath(root, Path.GetDirectoryName(file)!).Split(Path.DirectorySeparatorChar);
            var stack = folder.Length > 1 && File.Exists(Path.Combine(RepoRoot, $"Pulumi.{folder[1]}.yaml")) ? folder[1] : "dev";
            if (!settingsByStack.TryGetValue(stack, out var settings))
                settingsByStack[stack] = settings = StackSettingsReader.Read(ConfigSource.FromStackFile(RepoRoot, stack, PhysicalFileSystem.Instance));
            IReadOnlyList<ResourceView> views;
            try { views = Views(file); }
            catch (Exception e) when (e is FormatException or InvalidCastException or IOException or JsonException or EngineImportException) { continue; } // fixtures of malformed input

            // When the batch judge and the streaming judge (chunks of one resource) judge it
            var request = new JudgeRequest(settings.Spec.Stack, settings.Spec, settings.Policy, WaiverSet.Empty, PolicySet.BuiltIn, DateOnly.FromDateTime(Now.UtcDateTime));
            var batch = new StackJudge(PriceCatalog.Embedded()).Judge(views, request);
            var streaming = new StreamingJudge(PriceCatalog.Embedded(), request, chunkSize: 1);
            foreach (var v in views) streaming.Add(v);
            var streamed = streaming.Finish();

            // Then they agree
            Assert.True(Describe(batch) == Describe(streamed), $"{Path.GetRelativePath(root, file)}: the streaming judge differs from the batch judge\n{Describe(streamed)}");
            compared++;
        }
        Assert.True(compared > 150, $"only {compared} fixtures compared");
    }

    [Fact]
    public void Should_Judge_Every_Whole_Stack_Policy_When_The_Input_Ends()
    {
        // Given the built-in policies
        var policies = PolicyRegistry.Load().Policies;
        var context = Synth().Settings.Spec.Stack with { Environment = Components.Domain.EnvironmentTier.Prod };

        // Then every stack policy and every policy marked as judging the whole stack is judged when the input ends, never per chunk
        foreach (var p in policies.Where(p => p is StackPolicy || p is IJudgesWholeStack))
            Assert.True(StreamingPlan.For(p, context).AtFinish, $"{p.Id} judges the whole stack but is planned as local");
        // And the table names only policies that exist
        Assert.DoesNotContain(StreamingPlan.NonLocalBuiltIns, id => id != WaiverValidity.PolicyId && policies.All(p => p.Id != id));
    }

    [Fact]
    public void Should_Keep_Only_The_Properties_A_Plan_Reads()
    {
        // Given a workload with a pod template
        var template = new MapValue
        {
            ["metadata"] = new MapValue { ["labels"] = new MapValue { ["app"] = new StringValue("model-a") } },
            ["spec"] = new MapValue { ["containers"] = new ListValue([new MapValue { ["image"] = new StringValue("ghcr.io/acme-ml/a:1") }]) },
        };
        var view = new ResourceView("model-a", "kubernetes:apps/v1:Deployment", ["models", "model-a"],
            new MapValue { ["metadata"] = new MapValue { ["name"] = new StringValue("model-a") }, ["spec"] = new MapValue { ["template"] = template } }, "urn:pulumi:dev::p::t::model-a");

        // When it is pruned to its name and its template's metadata, the template's spec kept only as present
        var pruned = StreamingJudge.Pruned(view, ["metadata.name", "spec.template.metadata", "spec.template.spec{}"]);

        // Then the template is still a template with its labels, without containers, and nothing else is kept
        Assert.Equal(new StringValue("model-a"), pruned.Properties.At("metadata.name"));
        Assert.Same(template["metadata"], pruned.Properties.At("spec.template.metadata"));
        Assert.Equal(new MapValue(), pruned.Properties.At("spec.template.spec"));
        Assert.NotNull(Workloads.TemplateOf(pruned)?.Labels);
        Assert.Null(pruned.Urn);
        Assert.Equal((view.Name, view.Type, view.ComponentPath), (pruned.Name, pruned.Type, pruned.ComponentPath));

        // And a path below one kept whole changes nothing of the view's own tree
        var whole = StreamingJudge.Pruned(view, ["spec.template", "spec.template.metadata.extra", "spec.template.spec{}"]);
        Assert.Same(template, whole.Properties.At("spec.template"));
        Assert.Equal(2, template.Count);
    }

    private static AuditPipeline Pipeline() => new(RepoRoot, PhysicalFileSystem.Instance, new FixedClock(Now));

    private static IReadOnlyList<ResourceView> Views(string file)
    {
        if (!file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            return ProgramViews.From(PulumiYamlReader.Read(File.ReadAllText(file), file));
        var isPreview = File.ReadAllText(file).Contains("\"steps\"", StringComparison.Ordinal);
        var import = EngineImporter.ReadFile(isPreview ? EngineFormat.Preview : EngineFormat.State, file);
        return import.Resources.Concat(import.Providers.Where(p => p.Name != "default" && !p.Name.StartsWith("default_", StringComparison.Ordinal))).ToList();
    }

    /// <summary>Everything an audit reports, in one text: the JSON report (findings in order, counts, cost), the checks in order, notes, coverage, safety.</summary>
    private static string Describe(AuditOutcome? outcome)
    {
        Assert.NotNull(outcome);
        var import = outcome.Import;
        var scope = new AuditScope("input", import.Describe, import.Coverage, outcome.NotApplicable, outcome.Safety, import.IsEmpty);
        var sb = new StringBuilder(JsonReport.Write(new ReportInputs(outcome.Report, Now, outcome.Cost, null, outcome.Drift, null, scope)));
        sb.AppendLine().AppendLine($"counts {import.Counts} coverage {import.Coverage.Sentence} stack {outcome.View.Stack}");
        foreach (var c in outcome.Report.Checks) sb.AppendLine($"check {c.PolicyId} {c.Resource}");
        foreach (var n in outcome.Notes) sb.AppendLine($"note {n}");
        foreach (var s in outcome.Safety) sb.AppendLine($"safety {s}");
        return sb.ToString();
    }

    private static string Describe(Judgement judgement)
    {
        var sb = new StringBuilder(JsonReport.Write(new ReportInputs(judgement.Report, Now, judgement.Cost)));
        sb.AppendLine();
        foreach (var c in judgement.Report.Checks) sb.AppendLine($"check {c.PolicyId} {c.Resource}");
        foreach (var l in judgement.Cost.Lines) sb.AppendLine($"cost {l}");
        foreach (var a in judgement.Cost.Assumptions) sb.AppendLine($"assume {a}");
        foreach (var u in judgement.Cost.Unpriced) sb.AppendLine($"unpriced {u}");
        return sb.ToString();
    }

    /// <summary>The dev preview fixture's steps repeated, each copy's URNs suffixed (as the audit benchmark generates its files).</summary>
    private static string MultiCopyPreview(int copies)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(FixturePath("dev-preview.json")));
        var path = Path.Combine(Directory.CreateTempSubdirectory("audit-stream-").FullName, "preview.json");
        using (var stream = File.Create(path))
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartArray("steps");
            var count = 0;
            for (var copy = 0; copy < copies; copy++)
                count += PreviewCopies.WriteCopy(w, doc.RootElement.GetProperty("steps"), copy);
            w.WriteEndArray();
            w.WriteStartObject("changeSummary");
            w.WriteNumber("create", count);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return path;
    }
}
