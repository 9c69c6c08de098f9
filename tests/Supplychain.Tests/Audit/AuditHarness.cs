using Supplychain.Components.Model;
using Supplychain.Policies.Cost;
using Supplychain.Policies.Cost.Catalog;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Importers;
using Supplychain.Policies.View;
using Supplychain.Policies.Waivers;
using Supplychain.Stacks.Cli;
using Supplychain.Stacks.Pipeline;
using Supplychain.Stacks.Settings;

namespace Supplychain.Tests.Audit;

/// <summary>The repository's dev stack, synthesized as `preview` does, and helpers to run `audit` on engine output of it.</summary>
internal static class AuditHarness
{
    public static readonly DateTimeOffset Now = new(2026, 11, 5, 12, 0, 0, TimeSpan.Zero);

    public static string RepoRoot { get; } = FindRoot();

    public static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Engine", name);

    /// <summary>The source copy of a fixture (to regenerate it with SUPPLYCHAIN_UPDATE_FIXTURES=1).</summary>
    public static string SourceFixturePath(string name) => Path.Combine(RepoRoot, "tests", "Supplychain.Tests", "Fixtures", "Engine", name);

    public static SynthOutcome Synth(string stack = "dev", string? projectDir = null)
    {
        var dir = projectDir ?? RepoRoot;
        var settings = StackSettingsReader.Read(ConfigSource.FromStackFile(dir, stack, PhysicalFileSystem.Instance));
        return new SynthPipeline(dir, PhysicalFileSystem.Instance, new FixedClock(Now)).Run(settings);
    }

    /// <summary>What `preview` judges for an already synthesized (possibly edited) program: the same views, cost, waivers and date.</summary>
    public static PolicyReport JudgeProgram(SynthOutcome synth, PulumiProgram program)
    {
        var settings = synth.Settings;
        var views = ProgramViews.From(program);
        var cost = CostModel.Estimate(views, settings.Spec.Stack, settings.Spec, PriceCatalog.Embedded(), settings.Policy.KubernetesRates);
        var waivers = WaiverFile.Parse(File.ReadAllText(Path.Combine(RepoRoot, settings.Policy.WaiversFile)), settings.Policy.WaiversFile);
        return global::Supplychain.Policies.Engine.PolicyEngine.Evaluate(new StackView(settings.Spec.Stack, views, settings.Spec, settings.Policy, cost), PolicyRegistry.Load().Policies,
            waivers, DateOnly.FromDateTime(Now.UtcDateTime));
    }

    public static AuditOutcome RunAudit(EngineFormat format, string file, string? stack = "dev", string? projectDir = null) =>
        new AuditPipeline(projectDir ?? RepoRoot, PhysicalFileSystem.Instance, new FixedClock(Now))
            .Run(EngineImporter.ReadFile(format, file), stack);

    public static SortedSet<string> FindingKeys(PolicyReport report) =>
        new(report.Findings.Select(f => $"{f.PolicyId} {f.Resource ?? "(stack)"}"), StringComparer.Ordinal);

    public static SortedSet<string> CheckKeys(PolicyReport report) =>
        new(report.Checks.Select(c => $"{c.PolicyId} {c.Resource ?? "(stack)"}"), StringComparer.Ordinal);

    public static string WriteTemp(string text, string name)
    {
        var dir = Directory.CreateTempSubdirectory("audit-");
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Runs the real command line with captured streams.</summary>
    public static (int Exit, string Out, string Err) Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr, ProcessEnvironment.Instance, PhysicalFileSystem.Instance, new FixedClock(Now), RepoRoot);
        var exit = Entry.Run(args, context);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string FindRoot()
    {
        for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
            if (File.Exists(Path.Combine(dir, "Pulumi.yaml")) && File.Exists(Path.Combine(dir, "Infra.sln"))) return dir;
        throw new InvalidOperationException("no repository root above " + AppContext.BaseDirectory);
    }

    internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
