using Supplychain.Components.Model;
using Supplychain.Components.Yaml;
using Supplychain.Policies.Cost;
using Supplychain.Policies.Cost.Catalog;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Reports;
using Supplychain.Policies.View;
using Supplychain.Policies.Waivers;
using Supplychain.Stacks.Settings;

namespace Supplychain.Stacks.Pipeline;

/// <summary>What one synthesis produced: the program, its YAML, the policy report, the cost estimate and the fixes applied.</summary>
internal sealed record SynthOutcome(
    StackSettings Settings,
    PulumiProgram Program,
    string Yaml,
    PolicyReport Report,
    MonthlyCostEstimate Cost,
    IReadOnlyList<RemediationChange> Remediations);

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
        _ = new Components.SupplyChain.SupplyChain(program, settings.Spec);
        return program;
    }

    public SynthOutcome Run(StackSettings settings)
    {
        var program = Render(settings);
        var registry = PolicyRegistry.Load();
        var spec = EvaluationEvidenceLoader.Attach(settings.Spec, ProjectDirectory);

        MonthlyCostEstimate? cost = null;
        StackView BuildView()
        {
            var views = ProgramViews.From(program);
            cost = CostModel.Estimate(views, spec.Stack, spec, _catalog.Value, settings.Policy.KubernetesRates);
            return new StackView(spec.Stack, views, spec, settings.Policy, cost);
        }

        var remediations = PolicyEngine.Remediate(program, BuildView, registry.Policies, settings.Policy);
        var view = BuildView();
        var report = PolicyEngine.Evaluate(view, registry.Policies, LoadWaivers(settings.Policy.WaiversFile),
            DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));

        // Advisory findings and the summary land in the stack's state: the record of what was enforced at deploy time.
        program.AddOutput(PolicyOutput.OutputName, PolicyOutput.ToValue(report, view.Cost));
        var yaml = PulumiYamlWriter.Write(program, Header(settings));
        return new SynthOutcome(settings, program, yaml, report, view.Cost!, remediations);
    }

    public static string Header(StackSettings settings) =>
        $"Synthesized by supplychain for stack '{settings.StackName}' from {settings.SourceDescription}. Do not edit: change the C# components or the stack config.";

    private WaiverSet LoadWaivers(string relativePath)
    {
        var full = Path.Combine(ProjectDirectory, relativePath);
        return fileSystem.FileExists(full) ? WaiverFile.Parse(fileSystem.ReadAllText(full), relativePath) : WaiverSet.Empty;
    }
}
