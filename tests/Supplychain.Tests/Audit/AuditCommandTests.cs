using Supplychain.Tests.Support;
using System.Text.Json;
using Supplychain.Components.Model;
using Supplychain.Policies.Importers;
using Supplychain.Tests.PolicyEngine;
using static Supplychain.Tests.Audit.AuditHarness;

namespace Supplychain.Tests.Audit;

/// <summary>The `audit` verb end to end: exit codes, secrets never printed, drift, unreadable input, evidence.</summary>
public sealed class AuditCommandTests
{
    private const string FraudRollout = "models-fraud-detector-rollout:team-fraud/model-fraud-detector";

    [Theory]
    [InlineData("--preview", AuditEquivalenceTests.PreviewFixture)]
    [InlineData("--state", AuditEquivalenceTests.StateFixture)]
    public void Should_Never_Print_Or_Write_A_Secret(string option, string fixture)
    {
        // Given engine output with secrets: a state's carry the sentinel (plaintext and ciphertext); a preview's are blinded
        var fixturePath = FixturePath(fixture);
        var fixtureText = File.ReadAllText(fixturePath);
        Assert.Contains(option == "--state" ? EngineFixtureWriter.Sentinel : "\"[secret]\"", fixtureText, StringComparison.Ordinal);
        var reports = Directory.CreateTempSubdirectory("audit-reports-").FullName;
        var evidence = Directory.CreateTempSubdirectory("audit-evidence-").FullName;

        // When audit reads it and writes every report and the evidence package
        var (exit, stdout, stderr) = Cli("audit", option, fixturePath, "--stack", "dev", "--report-dir", reports, "--evidence", evidence);

        // Then it passes, and the sentinel appears nowhere: not on stdout, stderr, or in any file written
        Assert.True(exit == 0, stdout + stderr);
        var written = Directory.EnumerateFiles(reports).Concat(Directory.EnumerateFiles(evidence, "*", SearchOption.AllDirectories)).ToList();
        Assert.Equal(9, written.Count); // json, sarif, junit, md, html + the evidence: report, program, config digest, ML-BOM
        foreach (var text in written.Select(File.ReadAllText).Append(stdout).Append(stderr))
        {
            Assert.DoesNotContain(EngineFixtureWriter.Sentinel, text, StringComparison.Ordinal);
            Assert.DoesNotContain(EngineFixtureWriter.SentinelCiphertext, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Should_Exit_1_And_Name_The_Finding_When_Deployed_State_Breaks_A_Mandatory_Policy()
    {
        // Given a deployed state where the fraud model's pods run privileged (changed out of band)
        var synth = Synth();
        var state = new EngineFixtureWriter(synth.Program, "dev").State(r => r.Name == FraudRollout ? r with { Inputs = Privileged((MapValue)r.Inputs) } : r);
        var file = WriteTemp(state, "privileged-state.json");

        // When audit judges it
        var (exit, stdout, _) = Cli("audit", "--state", file, "--stack", "dev");

        // Then it fails on the privileged container (CMP) and reports the drift in securityContext
        Assert.Equal(1, exit);
        Assert.Contains("FAIL", stdout, StringComparison.Ordinal);
        var audit = RunAudit(EngineFormat.State, file);
        Assert.Contains(audit.Report.Findings, f => f.Resource == FraudRollout && f.PropertyPath?.Contains("privileged", StringComparison.Ordinal) == true);
        Assert.Contains(audit.Drift!.Items, i => i.Kind == DriftKind.Changed && i.Resource == FraudRollout
                                                 && i.PropertyPath == "spec.template.spec.containers[0].securityContext.privileged");
    }

    [Fact]
    public void Should_Find_What_Preview_Finds_When_The_Program_Breaks_Policies()
    {
        // Given the dev program with a privileged model container and an unpinned image (as a broken component would render)
        var synth = Synth();
        var broken = Edit(synth.Program, FraudRollout, props => Privileged(props));
        var preview = new EngineFixtureWriter(broken, "dev").Preview();
        var file = WriteTemp(preview, "broken-preview.json");

        // When preview judges the program and audit judges the engine's preview of it
        var atSynth = JudgeProgram(synth, broken);
        var audit = RunAudit(EngineFormat.Preview, file);

        // Then both find the same violations on the same resources, and there are some
        Assert.NotEmpty(atSynth.Findings);
        Assert.Equal(FindingKeys(atSynth), FindingKeys(audit.Report));
        Assert.Equal(CheckKeys(atSynth), CheckKeys(audit.Report));
    }

    [Fact]
    public void Should_Report_A_Changed_Model_Image_And_A_Missing_Resource_As_Drift()
    {
        // Given a deployed state whose fraud model image was changed by hand, one network policy deleted out of band,
        // and one resource created outside the program
        var synth = Synth();
        var writer = new EngineFixtureWriter(synth.Program, "dev");
        var victim = synth.Program.Resources.First(r => r.Type == "kubernetes:networking.k8s.io/v1:NetworkPolicy").Name;
        const string Image = "ghcr.io/acme-ml/fraud-detector:1.4.3-hotfix";
        var state = writer.State(r =>
            r.Name == victim ? null
            : r.Name == FraudRollout ? r with { Inputs = WithImage((MapValue)r.Inputs, Image) }
            : r);
        var extra = ",\n" + JsonSerializer.Serialize(new
        {
            urn = writer.Urn("kubernetes:core/v1:ConfigMap", "debug-notes"),
            custom = true,
            id = "default/debug-notes",
            type = "kubernetes:core/v1:ConfigMap",
            inputs = new { metadata = new { name = "debug-notes", @namespace = "default" }, data = new { note = "x" } },
            parent = writer.StackUrn,
        });
        var marker = "\n        ]\n    }\n}";
        var file = WriteTemp(state.Insert(state.LastIndexOf(marker, StringComparison.Ordinal), extra), "drifted-state.json");

        // When audit compares it with the current config
        var (_, stdout, _) = Cli("audit", "--state", file, "--stack", "dev");
        var drift = RunAudit(EngineFormat.State, file).Drift!;

        // Then exactly those three differences are reported, and printed
        Assert.Equal(
            [
                $"Added debug-notes ",
                $"Missing {victim} ",
                $"Changed {FraudRollout} spec.template.spec.containers[0].image",
            ],
            drift.Items.Select(i => $"{i.Kind} {i.Resource} {i.PropertyPath}"));
        Assert.Equal(Image, drift.Items[2].Deployed);
        Assert.Contains("1 added, 1 missing, 1 changed", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Report_No_Drift_For_The_State_Of_The_Current_Config()
    {
        // Given the state the current config deploys
        // When audit compares it
        var drift = RunAudit(EngineFormat.State, FixturePath(AuditEquivalenceTests.StateFixture)).Drift!;

        // Then nothing drifted
        Assert.Empty(drift.Items);
        Assert.True(drift.Compared > 100);
    }

    [Fact]
    public void Should_Write_The_Drift_Section_In_The_Json_Report()
    {
        // Given a state with a changed label
        var synth = Synth();
        var state = new EngineFixtureWriter(synth.Program, "dev").State(r => r.Name == FraudRollout ? r with { Inputs = WithLabel((MapValue)r.Inputs, "supplychain.dev/owner", "someone-else") } : r);
        var file = WriteTemp(state, "label-state.json");
        var reports = Directory.CreateTempSubdirectory("audit-reports-").FullName;

        // When audit writes its reports
        Cli("audit", "--state", file, "--stack", "dev", "--report-dir", reports);

        // Then policy-report.json holds the drift item as REPORT-SCHEMA.md documents it
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(reports, "policy-report.json")));
        var drift = json.RootElement.GetProperty("drift");
        Assert.Equal(1, drift.GetProperty("changed").GetInt32());
        var item = drift.GetProperty("items")[0];
        Assert.Equal("changed", item.GetProperty("kind").GetString());
        Assert.Equal("metadata.labels.supplychain.dev/owner", item.GetProperty("propertyPath").GetString());
        Assert.Equal("someone-else", item.GetProperty("deployed").GetString());
        Assert.Equal("ml-platform", item.GetProperty("synthesized").GetString());
    }

    [Theory]
    [InlineData("{\"steps\": [\n  {\"op\": \"create\", \"urn\": tru", "--preview", ":2:")]
    [InlineData("{\"steps\": [\n  {\"op\": \"create\"}\n", "--preview", "")]
    [InlineData("[1, 2]", "--preview", "not a JSON object")]
    [InlineData("{\"version\": 3, \"deployment\": {\"resources\": {}}}", "--state", "deployment.resources is not an array")]
    [InlineData("{\"steps\": []}", "--state", "not the output of `pulumi stack export`")]
    public void Should_Exit_2_Naming_File_And_Position_On_Unreadable_Input(string content, string option, string expected)
    {
        // Given a malformed or mismatched engine output file
        var file = WriteTemp(content, "broken.json");

        // When audit reads it
        var (exit, stdout, stderr) = Cli("audit", option, file);

        // Then it exits 2 with nothing on stdout and a message naming the file and where
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains(file, stderr, StringComparison.Ordinal);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Name_Line_And_Column_Of_A_Syntax_Error_Far_Into_A_Large_File()
    {
        // Given the dev preview with a syntax error on its last resource line, well past the first read window
        var lines = File.ReadAllLines(FixturePath(AuditEquivalenceTests.PreviewFixture));
        var at = Array.FindLastIndex(lines, l => l.Contains("\"op\": \"create\"", StringComparison.Ordinal));
        lines[at] = lines[at].Replace("\"create\"", "create", StringComparison.Ordinal);
        var file = WriteTemp(string.Join("\n", lines), "syntax.json");

        // When audit reads it
        var (exit, _, stderr) = Cli("audit", "--preview", file);

        // Then the message names that line (1-based) and the column
        Assert.Equal(2, exit);
        Assert.Contains($"{file}:{at + 1}:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Audit_Without_Config_With_Config_Level_Policies_Not_Applicable()
    {
        // Given the dev preview and no --stack
        // When audit judges it
        var audit = RunAudit(EngineFormat.Preview, FixturePath(AuditEquivalenceTests.PreviewFixture), stack: null);

        // Then the stack context is inferred from the resources, the stack-level lineage and budget policies did not run,
        // and policy settings are the defaults: the stack's approved registry (ghcr.io/acme-ml) is unknown, so only CMP006 finds
        Assert.Equal("dev", audit.View.Stack.StackName);
        Assert.Equal("ml-platform", audit.View.Stack.Owner);
        Assert.Null(audit.View.Spec);
        Assert.DoesNotContain(audit.Report.Checks, c => c.PolicyId is "LIN001" or "COST002" && c.Resource is null);
        Assert.Equal(["CMP006"], audit.Report.Findings.Select(f => f.PolicyId).Distinct());
        Assert.Contains(audit.Notes, n => n.Contains("not applicable", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Export_A_CycloneDX_1_5_MlBom_That_Validates_Against_The_Official_Schema()
    {
        // Given the dev state
        var evidence = Directory.CreateTempSubdirectory("audit-evidence-").FullName;

        // When the evidence package is exported
        var (exit, _, _) = Cli("audit", "--state", FixturePath(AuditEquivalenceTests.StateFixture), "--stack", "dev", "--evidence", evidence);

        // Then the ML-BOM validates against CycloneDX 1.5 and lists each served model with its lineage
        Assert.Equal(0, exit);
        var dir = Path.Combine(evidence, "dev");
        Assert.Equal(["Main.yaml", "config-digest.txt", "mlbom.cdx.json", "policy-report.json"],
            Directory.EnumerateFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var schema = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Schemas", "cyclonedx-bom-1.5.schema.json");
        using var bom = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "mlbom.cdx.json")));
        // The SPDX license list and the JSF signature schema are not in the test data: a license id is a string, a signature anything.
        Assert.Empty(SchemaValidation.Errors(schema, bom.RootElement,
            ("http://cyclonedx.org/schema/spdx.schema.json", """{"$schema": "http://json-schema.org/draft-07/schema#", "type": "string"}"""),
            ("http://cyclonedx.org/schema/jsf-0.82.schema.json", """{"$schema": "http://json-schema.org/draft-07/schema#", "definitions": {"signature": {}}}""")));

        var models = bom.RootElement.GetProperty("components").EnumerateArray().Where(c => c.GetProperty("type").GetString() == "machine-learning-model").ToList();
        Assert.Equal(["fraud-detector", "query-ranker"], models.Select(m => m.GetProperty("name").GetString()));
        var fraud = models[0];
        Assert.Equal("1.4.2", fraud.GetProperty("version").GetString());
        Assert.Equal("8d4e1f0a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6", fraud.GetProperty("hashes")[0].GetProperty("content").GetString());
        var properties = fraud.GetProperty("properties").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("value").GetString());
        Assert.Equal("sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9", properties["supplychain:dataset-digest"]);
        Assert.Equal("transactions-2026-10-31", properties["supplychain:dataset-version"]);
        Assert.Equal("6f9e2c1d8a7b4e3f", properties["supplychain:training-run"]);
        Assert.Equal("4e1d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d", properties["supplychain:code-commit"]);
        Assert.Equal("approved", properties["supplychain:approval-status"]);
        Assert.Equal("models-fraud-detector-rollout:team-fraud/model-fraud-detector", properties["supplychain:served-by"]);
        Assert.StartsWith("dataset:", fraud.GetProperty("modelCard").GetProperty("modelParameters").GetProperty("datasets")[0].GetProperty("ref").GetString());

        // and the program is the one synthesized, the config digest a sha256
        Assert.Equal(Synth().Yaml, File.ReadAllText(Path.Combine(dir, "Main.yaml")));
        Assert.Matches("^sha256:[0-9a-f]{64}\n$", File.ReadAllText(Path.Combine(dir, "config-digest.txt")));
    }

    [Fact]
    public void Should_Refuse_Evidence_Without_A_Stack()
    {
        // Given no --stack
        // When evidence is asked for
        var (exit, _, stderr) = Cli("audit", "--preview", FixturePath(AuditEquivalenceTests.PreviewFixture), "--evidence", Path.GetTempPath());

        // Then it is an input error naming the need
        Assert.Equal(2, exit);
        Assert.Contains("--evidence needs --stack", stderr, StringComparison.Ordinal);
    }

    private static MapValue Privileged(MapValue manifest)
    {
        var copy = Clone(manifest);
        var container = (MapValue)((ListValue)copy.At("spec.template.spec")!.As<MapValue>()["containers"])[0];
        var security = (MapValue)container["securityContext"];
        security["privileged"] = true;
        return copy;
    }

    private static MapValue WithImage(MapValue manifest, string image)
    {
        var copy = Clone(manifest);
        var container = (MapValue)((ListValue)copy.At("spec.template.spec")!.As<MapValue>()["containers"])[0];
        container["image"] = image;
        return copy;
    }

    private static MapValue WithLabel(MapValue manifest, string key, string value)
    {
        var copy = Clone(manifest);
        ((MapValue)copy.At("metadata.labels")!)[key] = value;
        return copy;
    }

    /// <summary>The program with one ConfigGroup object (found by its child view name) edited.</summary>
    private static PulumiProgram Edit(PulumiProgram program, string childName, Func<MapValue, MapValue> edit)
    {
        var copy = new PulumiProgram();
        foreach (var config in program.Config) copy.DeclareConfig(config.Key, config.Type, config.Secret);
        foreach (var r in program.Resources)
        {
            if (childName.StartsWith(r.Name + ":", StringComparison.Ordinal) && r.Properties.At("objs") is ListValue objs)
            {
                var props = Clone(r.Properties);
                var edited = new ListValue(objs.Select(o => o is MapValue m && childName.EndsWith("/" + m.At("metadata.name"), StringComparison.Ordinal) ? edit(m) : o));
                props["objs"] = edited;
                copy.Add(new Resource(r.Name, r.Type, props, r.Options, r.Component));
            }
            else copy.Add(r);
        }
        return copy;
    }

    private static MapValue Clone(MapValue m) => (MapValue)CloneValue(m);

    private static Value CloneValue(Value v) => v switch
    {
        MapValue m => new MapValue(m.Select(kv => KeyValuePair.Create(kv.Key, CloneValue(kv.Value)))),
        ListValue l => new ListValue(l.Select(CloneValue)),
        _ => v,
    };
}

internal static class ValueCasts
{
    public static T As<T>(this Value v) where T : Value => (T)v;
}
