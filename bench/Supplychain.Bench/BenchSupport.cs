using System.Diagnostics;
using System.Text.Json.Nodes;
using Supplychain.Stacks.Settings;

namespace Supplychain.Bench;

/// <summary>Timing and environment helpers shared by the benchmarks. Figures are printed, never asserted.</summary>
internal static class BenchSupport
{
    public static string RepoRoot()
    {
        for (var dir = Directory.GetCurrentDirectory(); dir is not null; dir = Path.GetDirectoryName(dir))
            if (File.Exists(Path.Combine(dir, "Infra.sln"))) return dir;
        for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
            if (File.Exists(Path.Combine(dir, "Infra.sln"))) return dir;
        throw new InvalidOperationException("run the benchmarks from the repository (Infra.sln not found)");
    }

    /// <summary>Median of <paramref name="runs"/> timings of <paramref name="action"/>, after <paramref name="warmup"/> untimed runs.</summary>
    public static TimeSpan Median(int warmup, int runs, Action action)
    {
        for (var i = 0; i < warmup; i++) action();
        var times = new List<TimeSpan>(runs);
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times.Add(sw.Elapsed);
        }
        times.Sort();
        return times[runs / 2];
    }

    /// <summary>
    /// Median wall and CPU time (this process's user + system time) of <paramref name="runs"/> timings. On a shared machine
    /// (8 jobs on 2 cores) wall time mostly measures the neighbours; CPU time is what the code itself costs.
    /// </summary>
    public static (TimeSpan Wall, TimeSpan Cpu) MedianWallCpu(int warmup, int runs, Action action)
    {
        for (var i = 0; i < warmup; i++) action();
        var walls = new List<TimeSpan>(runs);
        var cpus = new List<TimeSpan>(runs);
        using var self = Process.GetCurrentProcess();
        for (var i = 0; i < runs; i++)
        {
            self.Refresh();
            var cpu = self.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            action();
            walls.Add(sw.Elapsed);
            self.Refresh();
            cpus.Add(self.TotalProcessorTime - cpu);
        }
        walls.Sort();
        cpus.Sort();
        return (walls[runs / 2], cpus[runs / 2]);
    }

    public static string Ms(TimeSpan t) => $"{t.TotalMilliseconds,9:0.0} ms";

    public static string PeakMemory()
    {
        using var p = Process.GetCurrentProcess();
        return $"peak working set {p.PeakWorkingSet64 / (1024.0 * 1024):0} MiB, GC heap now {GC.GetTotalMemory(false) / (1024.0 * 1024):0} MiB, allocated {GC.GetTotalAllocatedBytes() / (1024.0 * 1024):0} MiB";
    }

    /// <summary>
    /// The runtime settings the <c>supplychain</c> CLI ships with (stacks/Supplychain.Stacks.csproj, which says why), as
    /// environment variables for a benchmark child (hexadecimal numbers): tiered PGO off (with it the audit child measured
    /// PGO instrumentation the verb never runs: 2.9 vs 1.6 CPU-s at 100 MB), the young generation capped at 6 MB, the GC
    /// conserving memory (7) and 1 MiB regions.
    /// </summary>
    public static IReadOnlyDictionary<string, string> CliRuntimeSettings { get; } = new Dictionary<string, string>
    {
        ["DOTNET_TieredPGO"] = "0",
        ["DOTNET_GCGen0MaxBudget"] = "600000",
        ["DOTNET_GCConserveMemory"] = "7",
        ["DOTNET_GCRegionSize"] = "100000",
    };

    /// <summary>This benchmark run again with <paramref name="args"/>, its stdout and stderr redirected.</summary>
    public static ProcessStartInfo ChildStart(IEnumerable<string> args)
    {
        // Under `dotnet x.dll` the process is dotnet itself: run the same assembly again through it.
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(typeof(BenchSupport).Assembly.Location);
        foreach (var a in args) start.ArgumentList.Add(a);
        return start;
    }

    /// <summary>
    /// Runs this benchmark again as a fresh child process with <paramref name="verb"/> (so its memory is its own), with
    /// <paramref name="env"/> added; prints its output and records the goals it reports (see <see cref="Goals.Record"/>).
    /// </summary>
    public static void RunChild(string verb, IReadOnlyDictionary<string, string> env)
    {
        var start = ChildStart([verb]);
        foreach (var (k, v) in env) start.Environment[k] = v;
        start.Environment[Goals.ForwardVariable] = "1";
        using var child = Process.Start(start)!;
        while (child.StandardOutput.ReadLine() is { } line)
            if (!Goals.TryRecordForwarded(line)) Console.WriteLine(line);
        child.WaitForExit();
        if (child.ExitCode != 0) throw new InvalidOperationException($"benchmark child '{verb}' failed (exit {child.ExitCode})");
    }

    /// <summary>The process's peak resident memory (Linux: VmHWM), which <see cref="Reset"/> starts again from the current size.</summary>
    public static class PeakResident
    {
        public static bool CanReset => File.Exists("/proc/self/clear_refs");

        public static double MiB()
        {
            if (File.Exists("/proc/self/status"))
                foreach (var line in File.ReadLines("/proc/self/status"))
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                        return double.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024;
            using var self = Process.GetCurrentProcess();
            return self.PeakWorkingSet64 / 1048576.0;
        }

        /// <summary>Writing 5 to clear_refs resets the peak to the current resident size (proc(5)).</summary>
        public static void Reset()
        {
            if (CanReset) File.WriteAllText("/proc/self/clear_refs", "5");
        }
    }

    /// <summary>Runs a process to completion with the given environment; returns its exit code (stdout discarded).</summary>
    public static int RunProcess(string file, string args, string workingDirectory, IReadOnlyDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(file, args)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        _ = stdout.Result;
        if (p.ExitCode != 0 && stderr.Result.Length > 0) Console.Error.WriteLine(stderr.Result);
        return p.ExitCode;
    }

    /// <summary>Runs a process under /usr/bin/time: wall seconds, CPU seconds (user + system) and peak resident MiB.</summary>
    /// <param name="succeeds">Which exit codes are a finished run (default: 0 only; an audit with findings exits 1).</param>
    public static (double Wall, double Cpu, double PeakMiB) RunMeasured(string file, string args, string workingDirectory, IReadOnlyDictionary<string, string>? env = null,
        Func<int, bool>? succeeds = null)
    {
        var stats = Path.GetTempFileName();
        var sw = Stopwatch.StartNew();
        var code = RunProcess("/usr/bin/time", $"-o {stats} -f \"%M %U %S\" {file} {args}", workingDirectory, env);
        if (!(succeeds ?? (c => c == 0))(code))
            throw new InvalidOperationException($"{file} {args} failed (exit {code})");
        var wall = sw.Elapsed.TotalSeconds;
        var f = File.ReadAllText(stats).Trim().Split('\n')[^1].Split(' ').Select(x => double.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        File.Delete(stats);
        return (wall, f[1] + f[2], f[0] / 1024);
    }

    /// <summary>An environment double holding the compiler-protocol variables of a generated stack.</summary>
    public sealed class FixedEnvironment(IReadOnlyDictionary<string, string> vars) : IEnvironment
    {
        public string? GetVariable(string name) => vars.GetValueOrDefault(name);
    }

    /// <summary>
    /// A generated stack config (as PULUMI_CONFIG) with <paramref name="teams"/> teams and <paramref name="models"/> models,
    /// every model with full lineage, so generated stacks pass the policies like real ones.
    /// </summary>
    public static Dictionary<string, string> GeneratedConfig(int teams, int models)
    {
        static string Hex(int seed, int length) =>
            string.Concat(Enumerable.Range(0, length).Select(i => "0123456789abcdef"[(seed * 31 + i * 7) % 16]));
        var teamList = new JsonArray(Enumerable.Range(0, teams).Select(t => (JsonNode)new JsonObject
        {
            ["name"] = $"team{t:00}", ["gpuQuota"] = 2, ["monthlyBudgetUsd"] = 5000,
        }).ToArray());
        var modelList = new JsonArray(Enumerable.Range(0, models).Select(m => (JsonNode)new JsonObject
        {
            ["name"] = $"model-{m:000}",
            ["team"] = $"team{m % teams:00}",
            ["version"] = $"1.{m}.0",
            ["image"] = $"ghcr.io/acme-ml/model-{m:000}:1.{m}.0@sha256:{Hex(m, 64)}",
            ["artifact"] = new JsonObject { ["uri"] = $"s3://models/model-{m:000}/1.{m}.0/", ["digest"] = $"sha256:{Hex(m + 1, 64)}" },
            ["lineage"] = new JsonObject
            {
                ["datasetDigest"] = $"sha256:{Hex(m + 2, 64)}",
                ["datasetVersion"] = $"ds-2026-{m % 12 + 1:00}",
                ["trainingRun"] = Hex(m + 3, 16),
                ["codeCommit"] = Hex(m + 4, 40),
                ["hyperparameters"] = new JsonObject { ["learningRate"] = 0.01, ["epochs"] = 10 },
                ["metrics"] = new JsonObject { ["auc"] = 0.95 },
                ["approval"] = new JsonObject { ["status"] = "approved", ["by"] = "model-board", ["at"] = "2026-11-01" },
            },
            ["serving"] = new JsonObject { ["replicas"] = 2, ["resources"] = new JsonObject { ["cpu"] = "250m", ["memory"] = "512Mi" } },
        }).ToArray());
        var config = new JsonObject
        {
            ["supplychain:target"] = "local",
            ["supplychain:environment"] = "dev",
            ["supplychain:owner"] = "ml-platform",
            ["supplychain:costCenter"] = "cc-4120",
            ["supplychain:budget"] = new JsonObject { ["monthlyUsd"] = 1_000_000 }.ToJsonString(),
            ["supplychain:teams"] = teamList.ToJsonString(),
            ["supplychain:gpuPools"] = "[]",
            ["supplychain:models"] = modelList.ToJsonString(),
            ["supplychain:policy"] = new JsonObject { ["approvedRegistries"] = new JsonArray("ghcr.io/acme-ml"), ["minimumMetrics"] = new JsonObject { ["auc"] = 0.9 } }.ToJsonString(),
        };
        return new Dictionary<string, string>
        {
            ["PULUMI_STACK"] = "generated",
            ["PULUMI_PROJECT"] = "supplychain",
            ["PULUMI_CONFIG"] = config.ToJsonString(),
        };
    }
}
