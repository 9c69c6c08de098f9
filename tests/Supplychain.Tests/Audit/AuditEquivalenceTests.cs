using Supplychain.Policies.Importers;
using static Supplychain.Tests.Audit.AuditHarness;

namespace Supplychain.Tests.Audit;

/// <summary>`audit` on the engine's output of the dev stack judges exactly what `preview` judges on its program.</summary>
public sealed class AuditEquivalenceTests
{
    public const string PreviewFixture = "dev-preview.json";
    public const string StateFixture = "dev-state.json";

    [Fact]
    public void Should_Keep_Engine_Fixtures_In_Step_With_The_Dev_Program()
    {
        // Given the dev stack synthesized now
        var synth = Synth();
        var writer = new EngineFixtureWriter(synth.Program, "dev");

        // When its engine output is generated
        var preview = writer.Preview();
        var state = writer.State();
        if (Environment.GetEnvironmentVariable("SUPPLYCHAIN_UPDATE_FIXTURES") == "1")
        {
            File.WriteAllText(SourceFixturePath(PreviewFixture), preview);
            File.WriteAllText(SourceFixturePath(StateFixture), state);
        }

        // Then the committed fixtures are exactly that (regenerate with SUPPLYCHAIN_UPDATE_FIXTURES=1 after a component change)
        Assert.Equal(preview, File.ReadAllText(FixturePath(PreviewFixture)));
        Assert.Equal(state, File.ReadAllText(FixturePath(StateFixture)));
    }

    [Theory]
    [InlineData(EngineFormat.Preview, PreviewFixture)]
    [InlineData(EngineFormat.State, StateFixture)]
    public void Should_Find_What_Preview_Finds_On_The_Dev_Stack(EngineFormat format, string fixture)
    {
        // Given the dev stack as `preview` judges it
        var synth = Synth();

        // When `audit` judges the engine's output of the same program
        var audit = RunAudit(format, FixturePath(fixture));

        // Then the same policies judged the same resources, with the same findings and the same cost
        Assert.Equal(CheckKeys(synth.Report), CheckKeys(audit.Report));
        Assert.Equal(FindingKeys(synth.Report), FindingKeys(audit.Report));
        Assert.Equal(synth.Report.Passed, audit.Report.Passed);
        Assert.Equal(synth.Cost.ExpectedUsd, audit.Cost.ExpectedUsd);
        Assert.Equal(synth.Cost.ExpectedByComponent, audit.Cost.ExpectedByComponent);
    }
}
