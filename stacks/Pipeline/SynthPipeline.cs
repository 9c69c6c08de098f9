using Supplychain.Components.Model;
using Supplychain.Components.Yaml;
using Supplychain.Policies.Cost.Catalog;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Judging;
using Supplychain.Policies.Reports;
using Supplychain.Stacks.Settings;

namespace Supplychain.Stacks.Pipeline;

/// <summary>What one synthesis produced: the program, its YAML, the policy report, the cost estimate and the fixes applied.</summary>
/// <param name="Header">The comment the YAML starts with.</param>
internal sealed record SynthOutcome(
    StackSettings Settings,
    PulumiProgram Program,
    string Header,
    PolicyReport Report,
    MonthlyCostEstimate Cost,
    IReadOnlyList<RemediationChange> Remediations)
{
    private string? _yaml;

    /// <summary>The program as Pulumi YAML, written on first use (the compiler streams it instead: <see cref="WriteYaml"/>).</summary>
    public string Yaml => _yaml ??= PulumiYamlWriter.Write(Program, Header);

    /// <summary>Streams the YAML: a fleet's program is 15 MB of text, which need not be held as one string.</summary>
    public void WriteYaml(TextWriter output)
    {
        if (_yaml is not null) output.Write(_yaml);
        else PulumiYamlWriter.Write(Program, Header, output);
    }
}

/// <summary>
/// The one-way flow of the design: settings → components → program → cost → policies → YAML.
/// Every verb that synthesizes goes through here, so preview, cost and the compiler judge the same program.
/// </summary>
internal sealed class SynthPipeline(string projectDirectory, IFileSystem fileSystem, TimeProvider clock, Lazy<PriceCatalog>? catalog = null)
{
    private readonly Lazy<PriceCatalog> _catalog = catalog ?? new Lazy<PriceCatalog>(PriceCatalog.Embedded);

    public string ProjectDirectory { get; } = projectDirectory;

    /// <summary>Renders the supply chain only (no cost, no policies): the plugin-discovery union needs nothing more.</summary>
    public static PulumiProgram Render(StackSettings settings)
    {
        var program = new PulumiProgram();
        try
        {
            _ = new Components.SupplyChain.SupplyChain(program, settings.Spec);
        }
        catch (DuplicateResourceNameException e)
        {
            // The settings reader refuses the collisions it knows (NameCollisions); any other is still bad input, never a crash.
            throw new ConfigurationException(settings.SourceDescription, "supplychain",
                $"the config names at {e.First} and {e.Second} derive the same resource name '{e.Name}'; expected team, model and GPU pool names that stay apart when joined with '-'; rename one of them");
        }
        return program;
    }

    public SynthOutcome Run(StackSettings settings)
    {
        var program = Render(settings);
        // Evaluation records the lineage cites are read here, so policies judge evidence without touching files.
        var spec = EvaluationEvidenceLoader.Attach(settings.Spec, ProjectDirectory);
        var inputs = new PolicyInputs(ProjectDirectory, fileSystem);
        var request = new JudgeRequest(spec.Stack, spec, settings.Policy, inputs.Waivers(settings), inputs.Policies(settings.Policy),
            DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var judged = new StackJudge(_catalog.Value).JudgeProgram(program, request);

        // Advisory findings and the summary land in the stack's state: the record of what was enforced at deploy time.
        program.AddOutput(PolicyOutput.OutputName, PolicyOutput.ToValue(judged.Report, judged.Cost));
        return new SynthOutcome(settings, program, Header(settings), judged.Report, judged.Cost, judged.Remediations);
    }

    public static string Header(StackSettings settings) =>
        $"Synthesized by supplychain for stack '{settings.StackName}' from {settings.SourceDescription}. Do not edit: change the C# components or the stack config.";
}
