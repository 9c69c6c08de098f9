using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Supplychain.Components.Domain;
using Supplychain.Policies.Cost;
using Supplychain.Policies.Cost.Catalog;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Importers;
using Supplychain.Policies.Judging;
using Supplychain.Policies.View;
using Supplychain.Policies.Waivers;

namespace Supplychain.Bench;

/// <summary>
/// <c>audit</c>: generates <c>pulumi preview --json</c> files of ~10 MB and ~100 MB by repeating the dev stack's engine
/// fixture (every URN suffixed per copy, so each copy is a distinct set of resources with the real shapes: create steps
/// with inputs, outputs, secrets, unknowns, ConfigGroup children), then, each in a fresh process so peaks do not mix:
/// <list type="bullet">
/// <item><c>import-only</c>: the streaming walk and value conversion, keeping nothing (the parser's own memory);</item>
/// <item><c>batch</c>: import, cost estimate and every policy pack over the retained views (the audit before streaming);</item>
/// <item><c>audit</c>: the streaming audit (what the verb does): each resource judged as it is read, only the views
/// whole-stack policies read kept; also on a 1 GB preview in /tmp, when there is room;</item>
/// <item><c>verb</c>: the shipped verb, <c>bin/audit --preview FILE</c> (the native build), whose figures are the goal's.</item>
/// </list>
/// Prints MB/s (wall, and per CPU-second of the whole process), the process's peak working set, and the GC heap size at
/// the last collection, for each.
/// </summary>
internal static class AuditBench
{
    public const string ChildVerb = "audit-child";

    /// <summary>The dev stack's preview fixture the generated previews repeat.</summary>
    public static string Template => Path.Combine(AppContext.BaseDirectory, "Fixtures", "dev-preview.json");

    public static int Run(string[] args)
    {
        var dir = Directory.CreateTempSubdirectory("supplychain-bench-").FullName;
        try
        {
            var template = Template;
            Console.WriteLine($"Template: the dev stack's preview fixture ({new FileInfo(template).Length / 1024} KiB); files in {dir}");
            var files = new[] { 10, 100 }.Select(mb => Generate(template, Path.Combine(dir, $"preview-{mb}mb.json"), mb * 1_000_000L)).ToList();
            // 1 GB goes to /tmp when it has room for it (and the batch audit, which holds every view, is not run on it).
            var large = Path.Combine(Path.GetTempPath(), $"supplychain-bench-preview-1gb-{Environment.ProcessId}.json");
            var free = new DriveInfo(Path.GetPathRoot(Path.GetTempPath())!).AvailableFreeSpace;
            if (free > 3_000_000_000L) files.Add(Generate(template, large, 1_000_000_000L));
            else Console.WriteLine($"1 GB preview skipped: {free / 1e9:0.0} GB free in {Path.GetTempPath()}");
            Console.WriteLine();
            Console.WriteLine($"{"mode",-12} {"file MB",8} {"resources",10} {"seconds",8} {"MB/s",8} {"peak WS MB",11} {"GC heap MB",13} {"gen0/1/2",10} {"findings",9} {"CPU s",7} {"MB/CPU-s",9}");
            var audits = new List<(double Mb, double Cpu)>(); // the streaming audit's size and CPU-s per file, for its marginal rate
            try
            {
                // BENCH_AUDIT_MODES=audit (comma-separated) runs only those modes.
                foreach (var mode in (Environment.GetEnvironmentVariable("BENCH_AUDIT_MODES") ?? "import-only,batch,audit,verb").Split(','))
                foreach (var file in files)
                {
                    if (mode == "batch" && file == large) continue;
                    if (mode == AuditVerbBench.Mode) { AuditVerbBench.Measure(file); continue; }
                    var start = BenchSupport.ChildStart([ChildVerb, mode, file]);
                    start.RedirectStandardError = false; // the child's split and heap lines go to this console as they come
                    foreach (var (k, v) in BenchSupport.CliRuntimeSettings) start.Environment[k] = v; // as the CLI runs
                    var child = Process.Start(start)!;
                    var line = child.StandardOutput.ReadToEnd().TrimEnd();
                    child.WaitForExit();
                    if (child.ExitCode != 0) { Console.Error.WriteLine($"{mode} on {file} failed: {line}"); return 1; }
                    Console.WriteLine(line);
                    var cols = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (mode == "audit") audits.Add((double.Parse(cols[1], CultureInfo.InvariantCulture), double.Parse(cols[9], CultureInfo.InvariantCulture)));
                }
            }
            finally { File.Delete(large); }
            if (audits.Count >= 2)
            {
                // Start-up and JIT cancel out between the two largest files: what each further MB costs (Native AOT removes the rest).
                var (small, big) = (audits[^2], audits[^1]);
                var perMb = (big.Cpu - small.Cpu) / (big.Mb - small.Mb) * 1000;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"audit marginal CPU, {small.Mb:0} MB -> {big.Mb:0} MB: {perMb:0.0} ms/MB ({1000 / perMb:0} MB/CPU-s)"));
                Goals.Record("audit: CPU per further MB (marginal)", $"{Goals.F(perMb, "0.0")} ms/MB ({Goals.F(1000 / perMb, "0")} MB/CPU-s)",
                    "<= 6 ms/MB (AOT start-up + 100 MB in 1 CPU-s)", perMb <= 6);
            }
            return 0;
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    public static int RunChild(string[] args)
    {
        var (mode, file) = (args[0], args[1]);
        var bytes = new FileInfo(file).Length;
        var clock = Stopwatch.StartNew();
        int resources;
        var findings = "-";
        if (mode == "import-only")
        {
            using var stream = File.OpenRead(file);
            // The walker the importer uses (every engine shape's paths registered; this file takes `steps[]`).
            var count = 0;
            new JsonPathStream(stream, file, new Dictionary<string, Action<JsonElement>>
            {
                ["steps[]"] = e =>
                {
                    if (e.TryGetProperty("newState", out var s) && s.TryGetProperty("inputs", out var i)) _ = EngineValues.Convert(i);
                    count++;
                },
                ["deployment.resources[]"] = _ => count++,
                ["events[]"] = _ => count++,
            }).Run();
            resources = count;
        }
        else if (mode == "audit")
        {
            // What `audit --preview FILE` does: every resource judged as it streams, only what whole-stack policies read kept.
            // Without --report-dir: the checks are counted, not kept (no JUnit report lists them).
            var judge = new StreamingJudge(PriceCatalog.Embedded(), new JudgeRequest(Context, null, Config, WaiverSet.Empty, PolicySet.BuiltIn, Today), keepChecks: false);
            Sink sink = new(judge);
            var import = EngineImporter.ReadFile(EngineFormat.Preview, file, sink);
            if (import.StreamRevisited || judge.NeedsBatch) throw new InvalidOperationException("the benchmark's preview needs the batch audit");
            foreach (var p in sink.Providers) judge.Add(p);
            sink.Providers.Clear();
            var imported = clock.Elapsed;
            var judgement = judge.Finish();
            resources = import.Counts.Judged;
            var findingCount = judgement.Report.Findings.Count;
            findings = findingCount.ToString(CultureInfo.InvariantCulture);
            if (Environment.GetEnvironmentVariable("BENCH_AUDIT_HEAP") is not null) // what stays alive (a full collection: not part of the figure's point)
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  live after the audit: {GC.GetTotalMemory(true) / 1e6:0.0} MB"));
            // Where the CPU goes besides the audit's own code: the collector's pauses and the JIT (all threads).
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  GC pauses {GC.GetTotalPauseDuration().TotalSeconds:0.00} s, JIT {System.Runtime.JitInfo.GetCompilationTime().TotalSeconds:0.00} s ({System.Runtime.JitInfo.GetCompiledMethodCount()} methods), allocated {GC.GetTotalAllocatedBytes() / 1e6:0} MB"));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {Path.GetFileName(file)}: streamed and judged {imported.TotalSeconds:0.00} s, whole-stack policies {(clock.Elapsed - imported).TotalSeconds:0.00} s, {judge.Retained} views kept of {resources}: ") +
                    string.Join(", ", judge.RetainedByType.Take(8).Select(t => $"{t.Count} {t.Type}")));
        }
        else
        {
            var import = EngineImporter.ReadFile(EngineFormat.Preview, file);
            var imported = clock.Elapsed;
            var importedHeap = GC.GetTotalMemory(false);
            resources = import.Resources.Count;
            var stack = new StackContext("dev", DeploymentTarget.Local, EnvironmentTier.Dev, "ml-platform", "cc-4120", "internal");
            var config = PolicyConfig.Default with { ApprovedRegistries = ["ghcr.io/acme-ml"] };
            var cost = CostModel.Estimate(import.Resources, stack, null, PriceCatalog.Embedded(), null);
            var priced = clock.Elapsed;
            var report = PolicyEngine.Evaluate(new StackView(stack, import.Resources, null, config, cost), PolicyRegistry.Load().Policies,
                WaiverSet.Empty, new DateOnly(2026, 11, 5));
            findings = report.Findings.Count.ToString(CultureInfo.InvariantCulture);
            // Where the full audit's time and memory go (stderr, beside the table): the import holds every resource at once.
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {Path.GetFileName(file)}: import {imported.TotalSeconds:0.00} s (heap after import {importedHeap / 1e6:0} MB), cost {(priced - imported).TotalSeconds:0.00} s, policies {(clock.Elapsed - priced).TotalSeconds:0.00} s"));
            clock.Stop(); // the profile below is not part of the audit's figure
            if (Environment.GetEnvironmentVariable("BENCH_POLICY_PROFILE") is not null)
            {
                // Where the audit's policy time goes: each policy alone over the same views, slowest first (stderr).
                var view = new StackView(stack, import.Resources, null, config, cost);
                foreach (var (id, cpu) in PolicyRegistry.Load().Policies
                             .Select(p => (p.Id, BenchSupport.MedianWallCpu(0, 1, () => PolicyEngine.Evaluate(view, [p], WaiverSet.Empty, new DateOnly(2026, 11, 5))).Cpu))
                             .OrderByDescending(t => t.Cpu).Take(10))
                    Console.Error.WriteLine($"    {id,-8} CPU {cpu.TotalMilliseconds,8:0.0} ms");
            }
            GC.KeepAlive(report);
        }
        clock.Stop();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var gc = GC.GetGCMemoryInfo(GCKind.Any);
        var mb = bytes / 1e6;
        var cpuSeconds = process.TotalProcessorTime.TotalSeconds; // the process's whole CPU time (start-up included): the figure to compare on a loaded machine
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{mode,-12} {mb,8:0.0} {resources,10} {clock.Elapsed.TotalSeconds,8:0.00} {mb / clock.Elapsed.TotalSeconds,8:0.0} {process.PeakWorkingSet64 / 1e6,11:0} {gc.HeapSizeBytes / 1e6,13:0} {$"{GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}",10} {findings,9} {cpuSeconds,7:0.00} {mb / cpuSeconds,9:0.0}"));
        return 0;
    }

    private static readonly StackContext Context = new("dev", DeploymentTarget.Local, EnvironmentTier.Dev, "ml-platform", "cc-4120", "internal");
    private static readonly PolicyConfig Config = PolicyConfig.Default with { ApprovedRegistries = ["ghcr.io/acme-ml"] };
    private static readonly DateOnly Today = new(2026, 11, 5);

    /// <summary>Resources to the judge as they come; explicit providers after them, as the audit judges them.</summary>
    private sealed class Sink(StreamingJudge judge) : IEngineResourceSink
    {
        public List<ResourceView> Providers { get; } = [];

        public void Add(ResourceView view, bool isProvider)
        {
            if (!isProvider) judge.Add(view);
            else if (view.Name != "default" && !view.Name.StartsWith("default_", StringComparison.Ordinal)) Providers.Add(view);
        }
    }

    /// <summary>Writes copies of the template's steps, every URN suffixed with the copy number, until the file reaches the size.</summary>
    internal static string Generate(string template, string path, long targetBytes)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(template));
        var steps = doc.RootElement.GetProperty("steps");
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartObject("config");
            w.WriteEndObject();
            w.WriteStartArray("steps");
            var copies = 0;
            var count = 0;
            while (stream.Position + w.BytesPending < targetBytes)
            {
                count += PreviewCopies.WriteCopy(w, steps, copies);
                copies++;
                w.Flush();
            }
            w.WriteEndArray();
            w.WriteStartArray("diagnostics");
            w.WriteEndArray();
            w.WriteStartObject("changeSummary");
            w.WriteNumber("create", count);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        Console.WriteLine($"Generated {path}: {new FileInfo(path).Length / 1e6:0.0} MB");
        return path;
    }

}
