using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Policies.Cost;
using Supplychain.Policies.Cost.Catalog;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Judging;
using Supplychain.Policies.Importers;
using Supplychain.Policies.View;
using Supplychain.Policies.Waivers;
using Supplychain.Stacks.Settings;

namespace Supplychain.Stacks.Pipeline;

/// <summary>What an audit of engine output found: the import, the stack view judged, the report, cost and (state) drift.</summary>
/// <param name="Synth">The current config's synthesis, when a stack was named (drift and evidence compare against it).</param>
/// <param name="Notes">What the audit could not do or inferred, in sentences (printed and kept for the evidence).</param>
internal sealed record AuditOutcome(
    EngineImport Import,
    StackView View,
    PolicyReport Report,
    MonthlyCostEstimate Cost,
    DriftReport? Drift,
    SynthOutcome? Synth,
    ConfigSource? Config,
    IReadOnlyList<string> Notes)
{
    /// <summary>Policies reported not applicable because the input is partial (<see cref="PartialInput"/>).</summary>
    public IReadOnlyList<string> NotApplicable { get; init; } = [];

    /// <summary>Data loss, protection, engine errors, pending operations, read-only resources (<see cref="SafetySignals"/>).</summary>
    public IReadOnlyList<SafetySignal> Safety { get; init; } = [];
}

/// <summary>
/// Judges the engine's own output with the same packs, waivers and cost model as synthesis. With a stack's config the
/// stack-level policies (lineage, budgets) see its spec, and a state export is compared with what that config synthesizes
/// (drift). Without config the stack context is inferred from the resources' governance labels and the config-level
/// policies are not applicable. Nothing is remediated: the deployed resources are judged as they are.
/// </summary>
internal sealed partial class AuditPipeline(string? projectDirectory, IFileSystem fileSystem, TimeProvider clock, Lazy<PriceCatalog>? catalog = null)
{
    private readonly Lazy<PriceCatalog> _catalog = catalog ?? new Lazy<PriceCatalog>(PriceCatalog.Embedded);

    public AuditOutcome Run(EngineImport import, string? stackName)
    {
        var stack = StackOf(stackName);
        var context = stack.Spec?.Stack ?? InferContext(import);
        var notes = ContextNotes(stack, import, context);
        var views = import.Resources.Concat(import.Providers.Where(IsExplicitProvider)).ToList();
        var (waivers, policies) = PolicyFiles(stack.Policy, notes);
        var judgement = new StackJudge(_catalog.Value).Judge(views, Request(context, stack, waivers, policies));
        return Conclude(import, stack, context, judgement, views, notes);
    }

    /// <summary>What a named stack's config gives the audit: its synthesis, config, spec (with evaluation evidence) and policy settings.</summary>
    private sealed record StackInputs(SynthOutcome? Synth, ConfigSource? Config, SupplyChainSpec? Spec, PolicyConfig Policy, string? Name);

    private StackInputs StackOf(string? stackName)
    {
        if (stackName is null) return new StackInputs(null, null, null, PolicyConfig.Default, null);
        if (projectDirectory is null) throw new InvalidOperationException("a stack's config needs the project directory");
        var config = ConfigSource.FromStackFile(projectDirectory, stackName, fileSystem);
        var settings = StackSettingsReader.Read(config);
        var synth = new SynthPipeline(projectDirectory, fileSystem, clock, _catalog).Run(settings);
        var spec = EvaluationEvidenceLoader.Attach(settings.Spec, projectDirectory);
        return new StackInputs(synth, config, spec, settings.Policy, stackName);
    }

    private static List<string> ContextNotes(StackInputs stack, EngineImport import, StackContext context)
    {
        var notes = new List<string>();
        if (stack.Name is not null)
        {
            if (import.StackName is not null && import.StackName != stack.Name)
                notes.Add($"The input's URNs name stack '{import.StackName}', judged with the config of stack '{stack.Name}'.");
        }
        else
            notes.Add($"No --stack: the stack context was inferred from the resources (target {context.TargetName}, environment {context.EnvironmentName}); " +
                      "config-level policies (model lineage, budgets, GPU pools) are not applicable, policy settings (enforcement overrides, approved registries, " +
                      "metric minimums) are the defaults, and no drift is computed.");
        return notes;
    }

    private JudgeRequest Request(StackContext context, StackInputs stack, WaiverSet waivers, PolicySet policies) =>
        new(context, stack.Spec, stack.Policy, waivers, policies, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));

    /// <summary>Everything after the judging: coverage, drift, notes and safety signals.</summary>
    private static AuditOutcome Conclude(EngineImport import, StackInputs stack, StackContext context, Judgement judgement, IReadOnlyList<ResourceView> views, List<string> notes)
    {
        var (view, report, cost) = (judgement.View, judgement.Report, judgement.Cost);
        var (judged, notApplicable) = ForCoverage(import, report, notes);

        DriftReport? drift = null;
        if (import.Format == EngineFormat.State && stack.Synth is not null)
            drift = Drift.Compare(views, ProgramViews.From(stack.Synth.Program), import.DeclaredInputs);
        else if (import.Format == EngineFormat.State)
            notes.Add("Drift needs the stack's config: pass --stack to compare the deployed resources with what it synthesizes.");
        if (import.Counts.Deleted > 0)
            notes.Add($"{import.Counts.Deleted} resource(s) being deleted were not judged.");
        if (import.Counts.External > 0)
            notes.Add($"{import.Counts.External} read-only (external) resource(s) are listed, not judged: the stack reads them but does not own them.");
        if (import.IsEmpty)
            notes.Add(import.Format == EngineFormat.State
                ? "The stack is empty: the state holds no resources (a new or destroyed stack)."
                : "The stack is empty in this input: it holds no resource steps" + (import.Errors.Any() ? " (the engine reported errors, listed below)." : "."));
        return new AuditOutcome(import, view, judged, cost, drift, stack.Synth, stack.Config, notes)
        {
            NotApplicable = notApplicable,
            Safety = SafetySignals.Of(import, context.Environment),
        };
    }

    /// <summary>
    /// A partial input (a preview without its unchanged resources) cannot support whole-stack verdicts: those policies
    /// become not applicable (partial input), and the note says how to get a complete input. Runs after the judging.
    /// </summary>
    private static (PolicyReport Report, IReadOnlyList<string> NotApplicable) ForCoverage(EngineImport import, PolicyReport report, List<string> notes)
    {
        if (import.Coverage.IsComplete) return (report, []);
        var ids = PartialInput.WholeStackPolicies(PolicyRegistry.Load().Policies);
        var restricted = PartialInput.Restrict(report, ids);
        var listed = restricted.Policies.Where(p => ids.Contains(p.Id) && p.Status == PolicyStatus.Evaluated).Select(p => p.Id).ToList();
        notes.Add($"Not applicable (partial input), as they judge the whole stack: {string.Join(", ", listed)}; the cost total likewise.");
        return (restricted, listed);
    }

    /// <summary>
    /// Providers the program declares (a kubernetes provider for the cluster, cloud providers with default tags) are judged
    /// as at synth time; the engine's default providers (<c>default</c>, <c>default_4_18_0</c>) are not part of the program.
    /// </summary>
    private static bool IsExplicitProvider(ResourceView provider) =>
        provider.Name != "default" && !provider.Name.StartsWith("default_", StringComparison.Ordinal);

    /// <summary>The stack context from the resources: URN stack name, target from provider packages, governance labels by majority.</summary>
    internal static StackContext InferContext(EngineImport import)
    {
        var votes = new ContextVotes();
        foreach (var r in import.Resources) votes.Observe(r, isProvider: false);
        foreach (var p in import.Providers) votes.Observe(p, isProvider: true);
        return votes.Context(import.StackName);
    }

    /// <summary>
    /// <c>sha256:&lt;hex&gt;</c> over the canonical JSON of the stack's <c>supplychain:</c> config: keys sorted (ordinal) at every
    /// level, compact, secret values left out (a secret key is listed with the value <c>"[secret]"</c>, so adding or removing a
    /// secret still changes the digest while its value never enters it).
    /// </summary>
    public static string ConfigDigest(ConfigSource config)
    {
        var root = new JsonObject();
        foreach (var entry in config.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
            root[entry.Key] = entry.IsSecret || entry.IsEncrypted ? JsonValue.Create("[secret]") : Canonical(entry.Value);
        var bytes = Encoding.UTF8.GetBytes(root.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, Canonical(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(Canonical).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };

    private (WaiverSet Waivers, PolicySet Policies) PolicyFiles(PolicyConfig policy, List<string> notes)
    {
        if (projectDirectory is null)
        {
            notes.Add("No project directory: no waivers or custom policies were applied.");
            return (WaiverSet.Empty, PolicySet.BuiltIn);
        }
        var inputs = new PolicyInputs(projectDirectory, fileSystem);
        return (inputs.Waivers(policy), inputs.Policies(policy));
    }
}
