using System.Text;
using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Importers;
using static Supplychain.Tests.Audit.AuditHarness;

namespace Supplychain.Tests.Audit;

/// <summary>Every engine shape and signal the audit reads, each on a small document of its own.</summary>
public sealed class EngineShapeTests
{
    private const string Stack = "urn:pulumi:prod::supplychain::pulumi:pulumi:Stack::supplychain-prod";
    private const string Bucket = "urn:pulumi:prod::supplychain::aws:s3/bucket:Bucket::models";
    private const string Db = "urn:pulumi:prod::supplychain::aws:rds/instance:Instance::mlflow-db";

    private static EngineImport Read(EngineFormat format, string json, int window = 1 << 20) =>
        EngineImporter.Read(format, new MemoryStream(Encoding.UTF8.GetBytes(json)), "input.json", window);

    [Fact]
    public void Should_Accept_An_Export_Of_Deployment_Version_4()
    {
        var import = Read(EngineFormat.State, """{"version": 4, "features": ["refreshBeforeUpdate"], "deployment": {"manifest": {"time": "2026-11-01T00:00:00Z", "version": "v3.200.0"}, "resources": [@0@, @1@]}}""".With(Res(Stack, "pulumi:pulumi:Stack", custom: false), Res(Bucket, "aws:s3/bucket:Bucket")));
        Assert.Equal(4, import.Version);
        Assert.Equal(EngineShape.Export, import.Shape);
        Assert.Equal(["models"], import.Resources.Select(r => r.Name));
        Assert.Equal("v3.200.0", import.ManifestVersion);
    }

    [Fact]
    public void Should_Read_A_Backend_Checkpoint()
    {
        var import = Read(EngineFormat.State, """{"version": 3, "checkpoint": {"stack": "prod", "latest": {"manifest": {}, "resources": [@0@]}}}""".With(Res(Bucket, "aws:s3/bucket:Bucket")));
        Assert.Equal(EngineShape.Checkpoint, import.Shape);
        Assert.Equal(["models"], import.Resources.Select(r => r.Name));
    }

    [Theory]
    [InlineData("""{"version": 2, "deployment": {"resources": []}}""", "deployment version 2 is not supported (3 and 4 are)")]
    [InlineData("""{"deployment": {"resources": []}}""", "no top-level `version`")]
    [InlineData("""{"name": "x"}""", "not Pulumi engine output")]
    [InlineData("", "the file is empty")]
    public void Should_Reject_What_It_Cannot_Read_With_A_Message_To_Act_On(string json, string expected)
    {
        var e = Assert.Throws<EngineImportException>(() => Read(EngineFormat.State, json));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Read_A_Destroyed_Stacks_Export_As_An_Empty_Stack()
    {
        // Given an export whose empty resource list the engine left out
        var file = WriteTemp("""{"version": 3, "deployment": {"manifest": {"time": "2026-11-01T00:00:00Z"}}}""", "destroyed.json");

        // When it is audited
        var (code, stdout, _) = Cli("audit", "--state", file);

        // Then the audit passes and says the stack is empty
        Assert.Equal(0, code);
        Assert.Contains("The stack is empty", RealSampleTests.Flat(stdout), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Print_The_Error_Diagnostics_Of_A_Failed_Preview()
    {
        // Given a preview that failed before any step: only diagnostics
        var file = WriteTemp("""{"diagnostics": [{"urn": "", "message": "<{%reset%}>error: the compiler exited 1<{%reset%}>", "severity": "error"}], "duration": 1000}""", "failed.json");

        // When it is audited
        var (code, stdout, _) = Cli("audit", "--preview", file);

        // Then the engine's error is printed, without display markers, and the stack reported empty in this input
        var flat = RealSampleTests.Flat(stdout);
        Assert.Equal(0, code);
        Assert.Contains("Engine error: error: the compiler exited 1", flat, StringComparison.Ordinal);
        Assert.Contains("The stack is empty in this input", flat, StringComparison.Ordinal);
        Assert.Contains("engine-error", flat, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_List_External_Resources_As_Read_Only_And_Not_Judge_Them()
    {
        var external = "urn:pulumi:prod::supplychain::aws:s3/bucket:Bucket::shared-logs";
        var import = Read(EngineFormat.State, State(Res(Bucket, "aws:s3/bucket:Bucket"), Res(external, "aws:s3/bucket:Bucket", extra: "\"external\": true")));
        Assert.Equal(["models"], import.Resources.Select(r => r.Name));
        Assert.Equal(["shared-logs"], import.External.Select(r => r.Name));
        Assert.Contains(SafetySignals.Of(import, EnvironmentTier.Prod), s => s.Kind == SafetyKind.ReadOnly && s.Resource == "shared-logs");
    }

    [Fact]
    public void Should_Report_Pending_Operations_As_Existing_But_Unaudited()
    {
        var json = """{"version": 3, "deployment": {"resources": [@0@], "pending_operations": [{"resource": @1@, "type": "creating"}]}}""".With(Res(Bucket, "aws:s3/bucket:Bucket"), Res(Db, "aws:rds/instance:Instance"));
        var import = Read(EngineFormat.State, json);
        var pending = Assert.Single(import.PendingOperations);
        Assert.Equal(("creating", "aws:rds/instance:Instance"), (pending.Kind, pending.Type));
        var signal = Assert.Single(SafetySignals.Of(import, EnvironmentTier.Dev), s => s.Kind == SafetyKind.PendingOperation);
        Assert.Equal("mlflow-db", signal.Resource);
        Assert.Contains("not audited", signal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Report_A_Resource_Whose_Initialization_Failed()
    {
        var import = Read(EngineFormat.State, State(Res(Db, "aws:rds/instance:Instance", extra: "\"initErrors\": [\"timeout waiting for the instance\"]")));
        var signal = Assert.Single(SafetySignals.Of(import, EnvironmentTier.Dev), s => s.Kind == SafetyKind.EngineError);
        Assert.Equal("mlflow-db", signal.Resource);
        Assert.Contains("timeout waiting for the instance", signal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Signal_Data_Loss_With_Replace_Reasons_And_Protection_Removed()
    {
        // Given a preview that replaces a database and takes protect off a bucket, in prod
        var json = """
            {"steps": [
              {"op": "replace", "urn": "@0@", "replaceReasons": ["engine", "identifier"], "oldState": @1@, "newState": @4@},
              {"op": "update", "urn": "@2@", "oldState": @3@, "newState": @5@}
            ], "changeSummary": {"replace": 1, "update": 1}}
            """.With(Db, Res(Db, "aws:rds/instance:Instance"), Bucket, Res(Bucket, "aws:s3/bucket:Bucket", extra: "\"protect\": true"), Res(Db, "aws:rds/instance:Instance"), Res(Bucket, "aws:s3/bucket:Bucket"));

        // When its safety signals are computed
        var signals = SafetySignals.Of(Read(EngineFormat.Preview, json), EnvironmentTier.Prod);

        // Then the replacement names its reasons and the lost protection is reported
        var loss = Assert.Single(signals, s => s.Kind == SafetyKind.DataLoss);
        Assert.Equal(("mlflow-db", Severity.Critical), (loss.Resource, loss.Severity));
        Assert.Contains("engine, identifier", loss.Message, StringComparison.Ordinal);
        Assert.Contains(signals, s => s.Kind == SafetyKind.ProtectionRemoved && s.Resource == "models");
        Assert.Contains(signals, s => s.Kind == SafetyKind.Unprotected && s.Resource == "mlflow-db");
    }

    [Fact]
    public void Should_Judge_An_Updated_Resource_With_Its_Deployed_Values_Less_What_The_Update_Removes()
    {
        // Given an update: the provider computed an encryption default; the update drops a declared ACL
        var old = Res(Bucket, "aws:s3/bucket:Bucket", inputs: """{"acl": "private", "tags": {"a": "1"}}""",
            extra: "\"outputs\": {\"acl\": \"private\", \"tags\": {\"a\": \"1\"}, \"sse\": {\"algorithm\": \"AES256\"}, \"arn\": \"arn:aws:s3:::models\"}");
        var @new = Res(Bucket, "aws:s3/bucket:Bucket", inputs: """{"tags": {"a": "2"}}""");
        var import = Read(EngineFormat.Preview, """{"steps": [{"op": "update", "urn": "@0@", "oldState": @1@, "newState": @2@}], "changeSummary": {"update": 1}}""".With(Bucket, old, @new));

        // Then the new inputs win, the computed value stays, and the dropped input is gone
        var p = Assert.Single(import.Resources).Properties;
        Assert.Equal("2", p.At("tags.a")?.ToString());
        Assert.Equal("AES256", p.At("sse.algorithm")?.ToString());
        Assert.Null(p.At("acl"));
    }

    [Fact]
    public void Should_Stream_Event_Lines_Through_A_Tiny_Window()
    {
        var lines = string.Join("\n",
            """{"sequence": 0, "timestamp": 1, "preludeEvent": {"config": {}}}""",
            """{"sequence": 1, "timestamp": 1, "resOutputsEvent": {"metadata": {"op": "same", "urn": "@0@", "type": "aws:s3/bucket:Bucket", "new": @1@}}}""".With(Bucket, Res(Bucket, "aws:s3/bucket:Bucket")),
            """{"sequence": 2, "timestamp": 2, "summaryEvent": {"resourceChanges": {"same": 1}}}""");
        var import = Read(EngineFormat.Preview, lines, window: 16);
        Assert.Equal(EngineShape.EventsLines, import.Shape);
        Assert.Equal(new Coverage(CoverageKind.Complete, 1, 1, "event log's summary"), import.Coverage);
    }

    [Fact]
    public void Should_Report_Protection_And_Ignore_Changes_Drift()
    {
        // Given a deployed resource that was protected with no ignored property, and a program that drops protect and ignores one
        var deployed = new ResourceView("models", "aws:s3/bucket:Bucket", ["artifacts"], new MapValue(), Bucket, new ResourceOptions { Protect = true });
        var synthesized = new ResourceView("models", "aws:s3/bucket:Bucket", ["artifacts"], new MapValue(), null, new ResourceOptions { IgnoreChanges = ["tags"] });

        // When drift is computed
        var drift = Drift.Compare([deployed], [synthesized]);

        // Then both changes are drift items
        Assert.Equal(["(ignoreChanges) [] [tags]", "(protect) true false"], drift.Items.Select(i => $"{i.PropertyPath} {i.Deployed} {i.Synthesized}"));
    }

    [Fact]
    public void Should_Not_Call_A_Value_Only_The_Provider_Computed_Drift()
    {
        // Given a deployed bucket whose outputs carry a provider default nobody declared
        var deployed = new ResourceView("models", "aws:s3/bucket:Bucket", ["artifacts"],
            new MapValue { ["tags"] = new MapValue { ["a"] = new StringValue("1") }, ["serverSideEncryptionConfiguration"] = new MapValue { ["sseAlgorithm"] = new StringValue("AES256") } }, Bucket);
        var declared = new MapValue { ["tags"] = new MapValue { ["a"] = new StringValue("1") } };
        var synthesized = new ResourceView("models", "aws:s3/bucket:Bucket", ["artifacts"], new MapValue { ["tags"] = new MapValue { ["a"] = new StringValue("1") } });

        // Then with the declared inputs known, the default is not drift; without them, it is
        Assert.False(Drift.Compare([deployed], [synthesized], new Dictionary<string, MapValue> { ["models"] = declared }).HasDrift);
        Assert.True(Drift.Compare([deployed], [synthesized]).HasDrift);
    }

    [Fact]
    public void Should_Signal_A_Diff_That_Drops_A_Bucket_Or_Its_Protection()
    {
        var protectedBucket = new ResourceView("models", "aws:s3/bucket:Bucket", ["artifacts"], new MapValue(), null, new ResourceOptions { Protect = true });
        var logs = new ResourceView("logs", "aws:s3/bucket:Bucket", ["artifacts"], new MapValue());
        var unprotected = protectedBucket with { Options = new ResourceOptions() };

        var signals = SafetySignals.Between([protectedBucket, logs], [unprotected], EnvironmentTier.Prod);

        Assert.Contains(signals, s => s.Kind == SafetyKind.DataLoss && s.Resource == "logs");
        Assert.Contains(signals, s => s.Kind == SafetyKind.ProtectionRemoved && s.Resource == "models");
        Assert.DoesNotContain(signals, s => s.Kind == SafetyKind.Unprotected && s.Resource == "models"); // one signal per fact
    }

    private static string State(params string[] resources) =>
        "{\"version\": 3, \"deployment\": {\"manifest\": {}, \"resources\": [" + string.Join(",\n", resources) + "]}}";

    private static string Res(string urn, string type, bool custom = true, string inputs = "{}", string? extra = null) =>
        """{"urn": "@0@", "custom": @1@, "type": "@2@", "inputs": @3@@4@}""".With(urn, (custom ? "true" : "false"), type, inputs, (extra is null ? "" : ", " + extra));
}

internal static class TemplateText
{
    /// <summary>Fills @0@, @1@, ... (JSON is all braces: interpolation would fight it).</summary>
    public static string With(this string template, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) template = template.Replace($"@{i}@", values[i].ToString(), StringComparison.Ordinal);
        return template;
    }
}
