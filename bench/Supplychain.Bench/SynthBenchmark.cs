using Supplychain.Stacks.Pipeline;
using Supplychain.Stacks.Settings;
using static Supplychain.Bench.BenchSupport;

namespace Supplychain.Bench;

/// <summary>In-process synthesis (settings, components, cost, every policy pack, YAML): dev vs a generated 200-model, 20-team stack.</summary>
internal static class SynthBenchmark
{
    public static void Run()
    {
        var root = RepoRoot();
        var pipeline = new SynthPipeline(root, PhysicalFileSystem.Instance, TimeProvider.System);

        var dev = StackSettingsReader.Read(ConfigSource.FromStackFile(root, "dev"));
        SynthOutcome? devOutcome = null;
        var devTime = Median(3, 15, () => devOutcome = pipeline.Run(dev));
        Console.WriteLine($"synth dev                         {Ms(devTime)}  ({devOutcome!.Program.Resources.Count} resources, {devOutcome.Yaml.Length / 1024} KiB YAML, {devOutcome.Report.Checks.Count} policy checks)");

        var env = new FixedEnvironment(GeneratedConfig(teams: 20, models: 200));
        SynthOutcome? big = null;
        var readTime = Median(1, 5, () => StackSettingsReader.Read(ConfigSource.FromCompilerEnvironment(env)!));
        var bigSettings = StackSettingsReader.Read(ConfigSource.FromCompilerEnvironment(env)!);
        var bigTime = Median(1, 5, () => big = pipeline.Run(bigSettings));
        Console.WriteLine($"read settings, 200 models/20 teams {Ms(readTime)}");
        Console.WriteLine($"synth 200 models across 20 teams  {Ms(bigTime)}  ({big!.Program.Resources.Count} resources, {big.Yaml.Length / 1024} KiB YAML, " +
                          $"{big.Report.Checks.Count} policy checks, blocking {big.Report.BlockingCount})");
        Console.WriteLine($"ratio (200-model / dev)           {bigTime / devTime,9:0.0} x");
        Console.WriteLine($"memory: {PeakMemory()}");
    }
}
