using System.Text;
using System.Text.Json;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Importers;
using static Supplychain.Tests.Audit.AuditHarness;

namespace Supplychain.Tests.Audit;

/// <summary>
/// The one-pass reading of engine values (<see cref="EngineValues.Read"/>, what the importer uses) against the document
/// conversion (<see cref="EngineValues.Convert"/>): the same values, down to a number's digits, on tricky JSON and on every
/// engine file the tests have.
/// </summary>
public sealed class EngineValueReadingTests
{
    private const string Sig = EngineValues.SignatureKey;
    private const string Secret = EngineValues.SecretSignature;

    [Theory]
    [InlineData("""{"b": 1, "a": 2, "c": {"z": [1, 2.50, -0.0, 1e3, 1E-2, 1e400, 79228162514264337593543950336]}}""")]
    [InlineData("""{"a": 1, "a": "second wins", "b": {"x": 1}, "b": [true, false, null]}""")]
    [InlineData("""{"esc\u0061ped": "line\nbreak \u00e9 \"quoted\"", "long": "0123456789012345678901234567890123456789012345678901234567890123456789"}""")]
    [InlineData("""{"u": "04da6b54-80e4-46f7-96ec-b56ff0331ba9", "s": "[secret]", "e": "", "n": null, "arr": [[], {}, [{}]]}""")]
    [InlineData($$"""{"plaintext": "\"text\"", "{{Sig}}": "{{Secret}}"}""")]
    [InlineData($$"""{"ciphertext": "v1:abc", "plaintext": {"x": 1}, "{{Sig}}": "{{Secret}}", "k": 1}""")]
    [InlineData($$"""{"{{Sig}}": "{{Secret}}", "{{Sig}}": "c44067f5952c0a294b673a41bacd8c17", "hash": "abc", "plaintext": "p1", "plaintext": "p2"}""")]
    [InlineData($$"""{"{{Sig}}": "c44067f5952c0a294b673a41bacd8c17", "{{Sig}}": "{{Secret}}", "plaintext": "p"}""")]
    [InlineData($$$"""{"{{{Sig}}}": 5, "ciphertext": "c", "plaintext": "p", "value": {"{{{Sig}}}": "{{{Secret}}}"}}""")]
    [InlineData("""["a", 1, {"k": [null]}]""")]
    [InlineData("\"just text\"")]
    [InlineData("-12.3400")]
    public void Should_Read_The_Values_The_Document_Conversion_Gives(string json) =>
        AssertSameValues(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Should_Read_Every_Engine_Fixture_Like_The_Document_Conversion()
    {
        // Given the engine fixtures of the tests (a preview and a state the compiler's dev stack gave)
        // When every value in them is read both ways
        // Then the values are the same
        foreach (var fixture in new[] { AuditEquivalenceTests.PreviewFixture, AuditEquivalenceTests.StateFixture })
            AssertSameValues(File.ReadAllBytes(FixturePath(fixture)));
    }

    [RealSampleTests.SamplesFact]
    public void Should_Read_Every_Real_Sample_Like_The_Document_Conversion()
    {
        // Given the files Pulumi itself wrote (JSON documents and JSON lines, with secrets, unknowns and assets)
        foreach (var file in Directory.EnumerateFiles(RealSampleTests.SamplesDirectory).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)))
        {
            var bytes = File.ReadAllBytes(file);
            var documents = file.EndsWith(".json", StringComparison.Ordinal)
                ? [bytes]
                : Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Encoding.UTF8.GetBytes).ToArray();
            // When each document is read both ways, Then the values are the same
            foreach (var doc in documents) AssertSameValues(doc);
        }
    }

    [Fact]
    public void Should_Judge_On_Deployed_Values_When_A_Later_Op_Says_So()
    {
        // Given a step whose `op` is given twice, the last (which wins) after its state: an unchanged resource
        const string Urn = "urn:pulumi:dev::supplychain::kubernetes:core/v1:ConfigMap::cm";
        var json = $$"""
            {"steps": [{"op": "create", "urn": "{{Urn}}",
              "newState": {"urn": "{{Urn}}", "type": "kubernetes:core/v1:ConfigMap", "custom": true, "inputs": {"a": 1}, "outputs": {"b": 2} },
              "op": "same"}]}
            """;

        // When it is imported
        var import = EngineImporter.Read(EngineFormat.Preview, new MemoryStream(Encoding.UTF8.GetBytes(json)), "p.json");

        // Then the resource is judged on its deployed values: the outputs were read although the first `op` did not need them
        var view = Assert.Single(import.Resources);
        Assert.Equal(new NumberValue(2), view.Properties["b"]);
        Assert.Equal(new NumberValue(1), view.Properties["a"]);
    }

    /// <summary>Every value of the document, read from a reader on it, equals (strictly) its conversion from the parsed document.</summary>
    private static void AssertSameValues(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        var reader = new Utf8JsonReader(json);
        reader.Read();
        var read = EngineValues.Read(ref reader, new StringPool());
        Assert.False(reader.Read(), "the reader stops on the value's last token");
        AssertStrictlyEqual(EngineValues.Convert(doc.RootElement, new StringPool()), read, "$");
    }

    private static void AssertStrictlyEqual(Value expected, Value actual, string path)
    {
        Assert.True(expected.GetType() == actual.GetType(), $"{path}: {expected.GetType().Name} expected, {actual.GetType().Name} read");
        switch (expected)
        {
            case StringValue s: Assert.Equal(s.Text, ((StringValue)actual).Text); break;
            case NumberValue n: Assert.Equal(decimal.GetBits(n.Number), decimal.GetBits(((NumberValue)actual).Number)); break;
            case BoolValue b: Assert.Equal(b.Flag, ((BoolValue)actual).Flag); break;
            case ListValue l:
                var other = (ListValue)actual;
                Assert.Equal(l.Count, other.Count);
                for (var i = 0; i < l.Count; i++) AssertStrictlyEqual(l[i], other[i], $"{path}[{i}]");
                break;
            case MapValue m:
                var them = (MapValue)actual;
                Assert.Equal(m.Keys, them.Keys);
                foreach (var (k, v) in m) AssertStrictlyEqual(v, them[k], $"{path}.{k}");
                break;
            default: Assert.Same(expected, actual); break; // the null, secret and unknown singletons
        }
    }
}
