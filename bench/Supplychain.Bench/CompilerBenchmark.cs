using System.Text.Json.Nodes;
using static Supplychain.Bench.BenchSupport;

namespace Supplychain.Bench;

/// <summary>
/// What `pulumi preview` pays to run the compiler: bin/synth with nothing changed (a staleness check, then the built
/// program: compiler/ published Native AOT, or the ReadyToRun fallback without a C toolchain; the figure says which)
/// against a cold `dotnet run` (MSBuild evaluation and up-to-date checks, then the program), same stack.
/// </summary>
internal static class CompilerBenchmark
{
    public static void Run()
    {
        var root = RepoRoot();
        var config = CaptureConfig(root);
        var env = new Dictionary<string, string> { ["PULUMI_STACK"] = "dev", ["PULUMI_PROJECT"] = "supplychain", ["PULUMI_CONFIG"] = config };

        // Make sure bin/synth is built, so the timed runs are the nothing-changed path.
        if (RunProcess(Path.Combine(root, "bin", "synth"), "", root, env) != 0) throw new InvalidOperationException("bin/synth failed");
        var built = File.ReadAllText(Path.Combine(root, ".build", "compiler", ".stamp")).Trim(); // native, or readytorun-<why>
        var warmRuns = Enumerable.Range(0, 7).Select(_ => RunMeasured(Path.Combine(root, "bin", "synth"), "", root, env)).ToList();
        var warm = TimeSpan.FromSeconds(warmRuns.Select(r => r.Wall).Order().ElementAt(3));
        var warmCpu = TimeSpan.FromSeconds(warmRuns.Select(r => r.Cpu).Order().ElementAt(3));
        var warmPeak = warmRuns.Max(r => r.PeakMiB);
        var cold = Median(0, 3, () => RunProcess("dotnet", "run --project stacks -- synth --stack dev", root));
        Console.WriteLine($"compiler, nothing changed (bin/synth)  {Ms(warm)}  (CPU {Ms(warmCpu)}, peak RSS {warmPeak:0} MiB; {built} build)");
        Goals.Record($"compiler start-up (warm bin/synth, dev, {built})", $"{Goals.F(warm.TotalMilliseconds, "0")} ms wall, {Goals.F(warmCpu.TotalMilliseconds, "0")} ms CPU, {Goals.F(warmPeak, "0")} MiB",
            "<= 100 ms", warm.TotalMilliseconds <= 100);
        Console.WriteLine($"cold `dotnet run -- synth`              {Ms(cold)}");
        Console.WriteLine($"ratio (dotnet run / bin/synth)          {cold / warm,9:0.0} x");
    }

    private static string CaptureConfig(string root)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet", "run --project stacks -- pulumi-config --stack dev")
        { WorkingDirectory = root, RedirectStandardOutput = true, UseShellExecute = false };
        using var p = System.Diagnostics.Process.Start(psi)!;
        var json = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return JsonNode.Parse(json)!.ToJsonString();
    }
}
