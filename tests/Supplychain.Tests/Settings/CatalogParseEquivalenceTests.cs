using Supplychain.Tests.Support;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Supplychain.Stacks.Settings;

namespace Supplychain.Tests.Settings;

/// <summary>
/// Catalog files are read by a reader of the YAML teams write (<see cref="CatalogYamlSubset"/>); whatever it accepts must
/// give the tree YamlDotNet's representation model gave (<see cref="CatalogFile.ReadModel"/>), and whatever it declines
/// goes through the model, so messages and lines stay the same.
/// </summary>
public sealed class CatalogParseEquivalenceTests
{
    // Fragments of YAML a team might write, and some it should not: joined at random they make valid and invalid files.
    private static readonly Gen<string> Line = Gen.Elements(
        "name: fraud-detector", "team: fraud", "releases:", "  dev:", "    version: 1.2.0", "    version: \"1.2.0\"", "    replicas: 3",
        "    replicas: '3'", "    canarySteps: [10, 50]", "    canarySteps: []", "    metrics: {auc: 0.95, f1: .5}", "    on: yes", "    off: ~",
        "    at: 2026-11-01", "    big: 123456789012345678901234567890", "    hex: 0x1F", "    oct: 0o17", "    inf: .inf", "    nan: .NaN",
        "    tagged: !!int \"7\"", "    str: !!str 7", "    nul: !!null ''", "    custom: !thing x", "  - item", "  - {a: 1}", "  -", "- a",
        "    text: |", "      line one", "      line two", "    folded: >-", "      folded text", "# comment", "", "---", "...",
        "    anchor: &a {x: 1}", "    alias: *a", "    dup: 1", "    dup: 2", "? complex", ": value", "    \"quoted key\": v",
        "    'single': 'it''s'", "    empty:", "    null: null", "    True: False", "  bad: [unclosed", "\tindented: tab", "    merge: <<",
        "    neg: -0.5", "    exp: 1e3", "    plus: +12", "    colon: a:b", "    url: http://x/y", "    hash: a #b",
        "    - a", "- b # c", "  tags:", "  - x", "    - y", "      z: 1", "k: 'a # b'", "k: \"a # b\"", "k: [a, b] # c", "k: [ ]", "k: [a,]",
        "k: -1", "k: a  b", "k:", "  - ", "-x: 1", "a:b: c", "a:: b", "k: \"x\" y", "k: 'x' y", "k: a:", "k: -", "k:  # c", "  k2: v2",
        "   odd: 3", "k: it's", "k: a\\b", "k: \"a\\b\"", "k: [1, [2]]", "k: ?x", "? x", "k: a,b", "k: {a: 1}", "k: ~", "k: 0o7", "- - x",
        "- k: v", "-", "k: \"\"", "k: ''", "k: 'it''s'", "  # indented comment", "k: a ", "k: .5", "k: 1_000", "k: 0b11", "k: +.inf");

    private static readonly Gen<string> Text = Line.ListOf().Select(lines => string.Join("\n", lines) + "\n");

    [Fact]
    public void Should_Read_Any_Text_The_Subset_Reader_Accepts_As_The_Representation_Model_Does()
    {
        // Given any text, When the subset reader accepts it, Then the representation model reads the same tree
        Check.One(PropertyRuns.Replaying(0x5EED_2026_1203UL),
            Prop.ForAll(Arb.From(Text), text =>
            {
                if (!CatalogYamlSubset.TryRead(text, out var subset)) return true;
                var (model, _) = CatalogFile.ReadModel(text);
                return JsonNode.DeepEquals(subset, model) && Kinds(subset) == Kinds(model);
            }));
    }

    [Fact]
    public void Should_Read_The_Fleet_Benchmark_Model_File_With_The_Subset_Reader()
    {
        // Given a model file as the fleet benchmark writes it (and teams do), When read, Then the subset reader takes it
        const string text = "name: model-0001\nteam: team01\nserving:\n  resources:\n    cpu: 250m\n    memory: 512Mi\n  canarySteps: [10, 50]\n" +
                            "releases:\n  dev:\n    version: 1.2.0\n    image: ghcr.io/acme-ml/model-0001:1.2.0@sha256:abc\n    lineage:\n" +
                            "      hyperparameters:\n        learningRate: 0.01\n      approval:\n        at: 2026-11-01\n    serving:\n      replicas: 2\n\n";
        Assert.True(CatalogYamlSubset.TryRead(text, out var subset));
        Assert.True(JsonNode.DeepEquals(subset, CatalogFile.ReadModel(text).Root));
        Assert.Equal(Kinds(CatalogFile.ReadModel(text).Root), Kinds(subset));
    }

    [Fact]
    public void Should_Take_The_Subset_Reader_For_A_Plain_Catalog_File()
    {
        // Given a file as teams write them, When read by the subset reader, Then it is accepted and equals the model's tree
        const string text = "name: m\nteam: t\nserving:\n  canarySteps: [10, 50]\nreleases:\n  dev:\n    version: 1.0.0\n    lineage:\n      metrics:\n        auc: 0.95\n";
        Assert.True(CatalogYamlSubset.TryRead(text, out var direct));
        Assert.True(JsonNode.DeepEquals(direct, CatalogFile.ReadModel(text).Root));
    }

    [Theory]
    [InlineData("a: &x 1\nb: *x\n")]
    [InlineData("a: 1\na: 2\n")]
    [InlineData("a: [1\n")]
    [InlineData("a: 1\n---\nb: 2\n")]
    public void Should_Leave_Anchors_Repeats_Errors_And_Documents_To_The_Representation_Model(string text)
    {
        // Given text the subset reader does not take as it is, When read by it, Then it declines
        Assert.False(CatalogYamlSubset.TryRead(text, out _));
    }

    /// <summary>The JSON value kinds along the tree (DeepEquals compares numbers by value: 1 and 1.0 are equal).</summary>
    private static string Kinds(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject o => "{" + string.Join(",", o.Select(kv => kv.Key + ":" + Kinds(kv.Value))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Kinds)) + "]",
        JsonValue v => v.GetValueKind() + (v.TryGetValue<long>(out _) ? "L" : v.TryGetValue<double>(out _) ? "D" : ""),
        _ => "?",
    };
}
