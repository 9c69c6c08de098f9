using Supplychain.Components.Model;
using Supplychain.Policies.Cost;
using Supplychain.Policies.Cost.Catalog;
using Supplychain.Policies.Engine;
using Supplychain.Policies.View;
using Supplychain.Policies.Waivers;
using Supplychain.Stacks.Pipeline;
using Supplychain.Stacks.Settings;
using static Supplychain.Bench.BenchSupport;

namespace Supplychain.Bench;

/// <summary>
/// Every policy pack over a generated program of 10,000 resources: resources per second and peak memory. Runs in a fresh
/// process (the other benchmarks of `all` leave their heap behind), with the CLI's runtime settings
/// (<see cref="BenchSupport.CliRuntimeSettings"/>); the memory
/// figure is the process's peak while it evaluates (the views of 10,000 resources held, the policies judging them),
/// beside its peak while rendering the 1,700 models those resources come from.
/// </summary>
internal static class PolicyBenchmark
{
    public const string ChildVerb = "policy-child";

    public static void Run() => RunChild(ChildVerb, CliRuntimeSettings);

    private static long AllocatedBy(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    public static void RunInProcess(int targetResources = 10_000)
    {
        // A generated stack large enough, rendered by the real components, then trimmed to the target size.
        var env = new FixedEnvironment(GeneratedConfig(teams: 50, models: 1_700));
        var settings = StackSettingsReader.Read(ConfigSource.FromCompilerEnvironment(env)!);
        var views = ProgramViews.From(SynthPipeline.Render(settings)).Take(targetResources).ToList();
        var catalog = PriceCatalog.Embedded();
        var cost = CostModel.Estimate(views, settings.Spec.Stack, settings.Spec, catalog, null);
        var stack = new StackView(settings.Spec.Stack, views, settings.Spec, settings.Policy, cost);
        var policies = PolicyRegistry.Load().Policies;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        PolicyReport? report = null;
        // Rendering 1,700 models left ~500 MB of garbage: collect it now, or the first full collection it causes lands in
        // the timed evaluations and is counted as theirs.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true); // and give its pages back
        var renderingPeak = PeakResident.MiB();
        var liveViews = GC.GetTotalMemory(true) / 1048576.0; // the views, their indexes, the settings and cost estimate
        PeakResident.Reset();
        var (gen0, gen1, gen2, paused) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
        // Ten warm-ups: the first evaluation builds the view's indexes, and tiered compilation recompiles the hot policies
        // (instrumented, then optimized) on a background thread during the next ones; process CPU time would count that
        // JIT work as evaluation. The figure is the steady state of a process that judges stack after stack.
        var (time, cpu) = MedianWallCpu(10, 5, () => report = PolicyEngine.Evaluate(stack, policies, WaiverSet.Empty, today));
        Console.WriteLine($"garbage collection over the 15 evaluations: {GC.CollectionCount(0) - gen0} gen0, {GC.CollectionCount(1) - gen1} gen1, " +
                          $"{GC.CollectionCount(2) - gen2} gen2, paused {Ms(GC.GetTotalPauseDuration() - paused)}");
        // The fastest of ten: neighbours on a shared machine only ever add CPU time (cache, cores), never take it away.
        var fastest = Enumerable.Range(0, 10).Min(_ => MedianWallCpu(0, 1, () => PolicyEngine.Evaluate(stack, policies, WaiverSet.Empty, today)).Cpu);
        var allocated = AllocatedBy(() => PolicyEngine.Evaluate(stack, policies, WaiverSet.Empty, today));
        var costTime = Median(1, 3, () => CostModel.Estimate(views, settings.Spec.Stack, settings.Spec, catalog, null));
        Console.WriteLine($"policy evaluation, {views.Count} resources × {policies.Count} policies  {Ms(time)}  " +
                          $"= {views.Count / time.TotalSeconds:#,0} resources/s; CPU {Ms(cpu)} = {views.Count / cpu.TotalSeconds:#,0} resources/s ({report!.Checks.Count} checks, {report.Findings.Count} findings)");
        var resourcePolicies = policies.OfType<ResourcePolicy>().ToList();
        Console.WriteLine($"  (policy, resource) pairs offered through the type index: {resourcePolicies.Sum(p => stack.OfTypes(p.JudgesType).Count):#,0} " +
                          $"of {resourcePolicies.Count * views.Count:#,0} ({resourcePolicies.Count} resource policies × {views.Count:#,0} resources)");
        Console.WriteLine($"  fastest of 10: CPU {Ms(fastest)} = {views.Count / fastest.TotalSeconds:#,0} resources/s; {allocated / 1048576.0:0.0} MiB allocated per evaluation");
        Console.WriteLine($"cost estimate, {views.Count} resources                 {Ms(costTime)}  = {views.Count / costTime.TotalSeconds:#,0} resources/s");
        var evaluatingPeak = PeakResident.MiB();
        var liveAfter = GC.GetTotalMemory(true) / 1048576.0;
        Console.WriteLine($"memory: {PeakMemory()}; peak resident {evaluatingPeak:0} MiB while evaluating, {renderingPeak:0} MiB while rendering 1,700 models{(PeakResident.CanReset ? "" : " (no /proc/self/clear_refs: both are the process's peak)")}; live {liveViews:0} MiB before the evaluations, {liveAfter:0} MiB after");
        // Judged on CPU time: wall time on this shared machine measures the neighbours (see bench/README.md).
        Goals.Record($"policy evaluation at {views.Count:#,0} resources, resources/s",
            $"{Goals.F(views.Count / time.TotalSeconds, "#,0")} wall, {Goals.F(views.Count / cpu.TotalSeconds, "#,0")} CPU (median), {Goals.F(views.Count / fastest.TotalSeconds, "#,0")} CPU (fastest)",
            ">= 100,000 (CPU)", views.Count / cpu.TotalSeconds >= 100_000);
        Goals.Record($"policy evaluation at {views.Count:#,0} resources, peak memory", $"{Goals.F(evaluatingPeak, "0")} MiB evaluating ({Goals.F(renderingPeak, "0")} MiB rendering the models first)",
            "<= 200 MB", evaluatingPeak * 1.048576 <= 200);
        if (Environment.GetEnvironmentVariable("BENCH_POLICY_PROFILE") is null) return;
        // Where the time goes: each policy alone over the same view (Stopwatch per policy), slowest first.
        var perPolicy = policies.Select(p => (p.Id, p.GetType().Name, Time: MedianWallCpu(0, 3, () => PolicyEngine.Evaluate(stack, [p], WaiverSet.Empty, today)).Cpu,
                Allocated: AllocatedBy(() => PolicyEngine.Evaluate(stack, [p], WaiverSet.Empty, today))))
            .OrderByDescending(t => t.Time).Take(25);
        foreach (var (id, name, t, bytes) in perPolicy) Console.WriteLine($"  {id,-8} CPU {Ms(t)}  {bytes / 1048576.0,6:0.0} MiB allocated  {name}");
        Console.WriteLine($"  all policies together allocate {AllocatedBy(() => PolicyEngine.Evaluate(stack, policies, WaiverSet.Empty, today)) / 1048576.0:0.0} MiB");
        // The engine's own share (waiver validity, ordering, digest) with no policy of the packs.
        var engineOnly = MedianWallCpu(0, 3, () => PolicyEngine.Evaluate(stack, [], WaiverSet.Empty, today)).Cpu;
        Console.WriteLine($"  (engine alone, no pack policy: CPU {Ms(engineOnly)}; the sum of all {policies.Count} policies alone: CPU {Ms(TimeSpan.FromTicks(policies.Sum(p => MedianWallCpu(0, 1, () => PolicyEngine.Evaluate(stack, [p], WaiverSet.Empty, today)).Cpu.Ticks)))})");
    }
}
