using System.Text;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Importers;
using static Supplychain.Tests.Audit.AuditHarness;

namespace Supplychain.Tests.Audit;

/// <summary>The streaming importer on its own: windows, parent chains, engine value encodings, skipped steps.</summary>
public sealed class EngineImporterTests
{
    private const string Stack = "urn:pulumi:dev::supplychain::pulumi:pulumi:Stack::supplychain-dev";

    [Theory]
    [InlineData(EngineFormat.Preview, AuditEquivalenceTests.PreviewFixture)]
    [InlineData(EngineFormat.State, AuditEquivalenceTests.StateFixture)]
    public void Should_Read_The_Same_Views_Through_A_Tiny_Window(EngineFormat format, string fixture)
    {
        // Given a fixture far larger than a 64-byte window
        var bytes = File.ReadAllBytes(FixturePath(fixture));

        // When it is read with the default window and with a 64-byte one (refills, and growth for each element)
        var normal = EngineImporter.Read(format, new MemoryStream(bytes), fixture);
        var tiny = EngineImporter.Read(format, new MemoryStream(bytes), fixture, windowSize: 64);

        // Then both give the same resources, names, types, paths and properties
        Assert.Equal(normal.Resources.Count, tiny.Resources.Count);
        Assert.All(normal.Resources.Zip(tiny.Resources), p =>
        {
            Assert.Equal(p.First.Urn, p.Second.Urn);
            Assert.Equal(p.First.ComponentPath, p.Second.ComponentPath);
            Assert.Equal(p.First.Properties, p.Second.Properties);
        });
    }

    [Fact]
    public void Should_Build_Component_Paths_From_Nested_Parents()
    {
        // Given a component inside a component, holding a custom resource, all parented by URN
        var json = State(
            Res(Stack, "pulumi:pulumi:Stack", custom: false),
            Res("urn:pulumi:dev::supplychain::acme:Platform::models", "acme:Platform", custom: false, parent: Stack),
            Res("urn:pulumi:dev::supplychain::acme:Platform$acme:Serving::models-fraud", "acme:Serving", custom: false, parent: "urn:pulumi:dev::supplychain::acme:Platform::models"),
            Res("urn:pulumi:dev::supplychain::acme:Platform$acme:Serving$kubernetes:core/v1:Service::models-fraud-svc", "kubernetes:core/v1:Service",
                parent: "urn:pulumi:dev::supplychain::acme:Platform$acme:Serving::models-fraud"));

        // When it is imported
        var import = EngineImporter.Read(EngineFormat.State, new MemoryStream(Encoding.UTF8.GetBytes(json)), "nested.json");

        // Then only the custom resource is a subject, its path runs through both components, its parent is named
        var view = Assert.Single(import.Resources);
        Assert.Equal(["models", "models-fraud", "models-fraud-svc"], view.ComponentPath);
        Assert.Equal("models-fraud", view.Options!.Parent);
        Assert.Equal(2, import.Counts.Components);
    }

    [Fact]
    public void Should_Map_Engine_Secrets_And_Unknowns_To_Computed_Values()
    {
        // Given inputs with a state secret (plaintext and ciphertext), a preview secret and the unknown sentinel
        var inputs = $$"""
            {"a": {"{{EngineValues.SignatureKey}}": "{{EngineValues.SecretSignature}}", "plaintext": "\"{{EngineFixtureWriter.Sentinel}}\""},
             "b": {"{{EngineValues.SignatureKey}}": "{{EngineValues.SecretSignature}}", "ciphertext": "v1:abc"},
             "c": "[secret]", "d": "{{EngineValues.UnknownSentinel}}", "e": 3, "f": "text"}
            """;
        var json = State(Res(Stack, "pulumi:pulumi:Stack", custom: false), Res("urn:pulumi:dev::supplychain::kubernetes:core/v1:Secret::s", "kubernetes:core/v1:Secret", parent: Stack, inputs: inputs));

        // When it is imported
        var view = Assert.Single(EngineImporter.Read(EngineFormat.State, new MemoryStream(Encoding.UTF8.GetBytes(json)), "s.json").Resources);

        // Then secrets and unknowns are computed values that render without their content; literals stay literal
        Assert.Same(SecretValue.Instance, view.Properties["a"]);
        Assert.Same(SecretValue.Instance, view.Properties["b"]);
        Assert.Same(SecretValue.Instance, view.Properties["c"]);
        Assert.Same(UnknownValue.Instance, view.Properties["d"]);
        Assert.Equal(new NumberValue(3), view.Properties["e"]);
        Assert.DoesNotContain(EngineFixtureWriter.Sentinel, view.Properties.ToString(), StringComparison.Ordinal);
        Assert.Equal("[secret]", view.Properties["a"].ToString());
    }

    [Fact]
    public void Should_Not_Judge_Resources_A_Preview_Deletes()
    {
        // Given a preview that deletes one resource and replaces another (create-replacement, replace, delete-replaced)
        const string Old = "urn:pulumi:dev::supplychain::kubernetes:core/v1:ConfigMap::old";
        const string Swapped = "urn:pulumi:dev::supplychain::kubernetes:core/v1:ConfigMap::swapped";
        var json = $$"""
            {"steps": [
              {"op": "delete", "urn": "{{Old}}", "oldState": {{Res(Old, "kubernetes:core/v1:ConfigMap", parent: Stack)}}},
              {"op": "create-replacement", "urn": "{{Swapped}}", "newState": {{Res(Swapped, "kubernetes:core/v1:ConfigMap", parent: Stack)}}},
              {"op": "replace", "urn": "{{Swapped}}", "newState": {{Res(Swapped, "kubernetes:core/v1:ConfigMap", parent: Stack)}}},
              {"op": "delete-replaced", "urn": "{{Swapped}}", "oldState": {{Res(Swapped, "kubernetes:core/v1:ConfigMap", parent: Stack)}}}
            ], "diagnostics": []}
            """;

        // When it is imported
        var import = EngineImporter.Read(EngineFormat.Preview, new MemoryStream(Encoding.UTF8.GetBytes(json)), "p.json");

        // Then the replaced resource is judged once, as a replacement, and the deleted one not at all
        Assert.Equal(["swapped"], import.Resources.Select(r => r.Name));
        Assert.Equal(1, import.Counts.Deleted);
        Assert.Equal(["old delete", "swapped replace"], import.Changes.Select(c => $"{c.Name} {c.Op}"));
    }

    private static string State(params string[] resources) =>
        "{\"version\": 3, \"deployment\": {\"manifest\": {}, \"resources\": [" + string.Join(",\n", resources) + "]}}";

    private static string Res(string urn, string type, bool custom = true, string? parent = null, string inputs = "{}") =>
        $$"""{"urn": "{{urn}}", "custom": {{(custom ? "true" : "false")}}, "type": "{{type}}", "inputs": {{inputs}}{{(parent is null ? "" : $", \"parent\": \"{parent}\"")}}}""";
}
