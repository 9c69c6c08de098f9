using System.Text.Json.Nodes;
using static Supplychain.Bench.BenchSupport;

namespace Supplychain.Bench;

/// <summary>
/// What `pulumi preview` pays to run the compiler: bin/synth with nothing changed (a staleness check, then the built
/// program) against a cold `dotnet run` (MSBuild evaluation and up-to-date checks, then the program), same stack.
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
        var warm = Median(1, 7, () => RunProcess(Path.Combine(root, "bin", "synth"), "", root, env));
        var cold = Median(0, 3, () => RunProcess("dotnet", "run --project stacks -- synth --stack dev", root));
        Console.WriteLine($"compiler, nothing changed (bin/synth)  {Ms(warm)}");
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
