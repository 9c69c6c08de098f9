using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Supplychain.Components.Yaml;
using Supplychain.Policies.View;
using static Supplychain.Bench.BenchSupport;

namespace Supplychain.Bench;

/// <summary>
/// A generated fleet (a model catalog of 1,000 model files across 50 teams, each with a dev, staging and prod release)
/// synthesized by bin/synth in a fresh process exactly as Pulumi runs it: PULUMI_STACK, PULUMI_CONFIG (the stack config,
/// which names the catalog) and PULUMI_ROOT_DIRECTORY. Every policy pack and the cost model run. Wall time and peak
/// resident memory come from /usr/bin/time around the compiler.
/// </summary>
internal static class FleetBenchmark
{
    public const int Models = 1_000;
    public const int Teams = 50;

    /// <param name="Resources">Resources of the program (top-level entries of the YAML).</param>
    /// <param name="Registered">Resources Pulumi registers: each object of a ConfigGroup is one too (what the policies judge).</param>
    /// <param name="CpuSeconds">User + system CPU time of the compiler process.</param>
    public sealed record Result(int Resources, int Registered, double Seconds, double CpuSeconds, double PeakMiB, int ConfigBytes, string ProgramPath);

    public static void Report(Result r)
    {
        Console.WriteLine($"fleet: {Models} models / {Teams} teams from catalog files, PULUMI_CONFIG {r.ConfigBytes / 1024.0:0.0} KiB (limit 128 KiB)");
        Console.WriteLine($"bin/synth, fresh process: {r.Resources:#,0} program resources ({r.Registered:#,0} as Pulumi registers them) in {r.Seconds:0.000} s wall, " +
                          $"{r.CpuSeconds:0.000} s CPU; peak RSS {r.PeakMiB:0} MiB");
        Console.WriteLine($"  = {r.Registered / r.Seconds:#,0} registered resources/s wall, {r.Registered / r.CpuSeconds:#,0} per CPU second");
        Goals.Record("synth 1,000 models (bin/synth), resources/s", $"{Goals.F(r.Registered / r.Seconds, "#,0")} wall, {Goals.F(r.Registered / r.CpuSeconds, "#,0")} CPU ({Goals.F(r.Registered, "#,0")} resources)",
            ">= 10,000 at >= 10,000 resources", r.Registered >= 10_000 && r.Registered / r.Seconds >= 10_000);
        Goals.Record("synth 1,000 models, peak memory", $"{Goals.F(r.PeakMiB, "0")} MiB RSS", "<= 200 MB", r.PeakMiB * 1.048576 <= 200);
        Goals.Record("synth 1,000 models, PULUMI_CONFIG", $"{Goals.F(r.ConfigBytes / 1024.0, "0.0")} KiB", "well under 128 KiB", r.ConfigBytes < 64 * 1024);
    }

    public static Result Run(string? keepProgramAt = null)
    {
        var root = RepoRoot();
        var fleet = Directory.CreateTempSubdirectory("supplychain-fleet-").FullName;
        try
        {
            var config = WriteFleet(fleet, Models, Teams);
            var env = new Dictionary<string, string>
            {
                ["PULUMI_STACK"] = "fleet", ["PULUMI_PROJECT"] = "supplychain", ["PULUMI_CONFIG"] = config, ["PULUMI_ROOT_DIRECTORY"] = fleet,
            };
            var program = keepProgramAt ?? Path.Combine(fleet, "Main.yaml");
            // The first run builds bin/synth when a source changed; the timed runs are the nothing-changed path.
            RunTimed(root, env, program);
            var runs = Enumerable.Range(0, 3).Select(_ => RunTimed(root, env, program)).OrderBy(r => r.CpuSeconds).ToList();
            var median = runs[1];
            var registered = ProgramViews.From(PulumiYamlReader.Read(File.ReadAllText(program), "fleet")).Count;
            return median with { ConfigBytes = Encoding.UTF8.GetByteCount(config), Registered = registered };
        }
        finally
        {
            Directory.Delete(fleet, recursive: true);
        }
    }

    private static Result RunTimed(string root, Dictionary<string, string> env, string programPath)
    {
        var stats = Path.GetTempFileName();
        var psi = new ProcessStartInfo("/usr/bin/time", ["-o", stats, "-f", "%e %M %U %S", Path.Combine(root, "bin", "synth")])
        {
            WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var (k, v) in env) psi.Environment[k] = v;
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        var seconds = clock.Elapsed.TotalSeconds;
        File.WriteAllText(programPath, stdout.Result);
        if (p.ExitCode != 0) throw new InvalidOperationException($"bin/synth failed ({p.ExitCode}): {stderr.Result}");
        var fields = File.ReadAllText(stats).Trim().Split('\n')[^1].Split(' ');
        File.Delete(stats);
        // The compiler's summary line: "supplychain: fleet: 10234 resources; ..."
        var summary = stderr.Result.Split('\n').Single(l => l.StartsWith("supplychain: fleet: ", StringComparison.Ordinal));
        var resources = int.Parse(summary.Split(' ')[2], CultureInfo.InvariantCulture);
        double At(int i) => double.Parse(fields[i], CultureInfo.InvariantCulture);
        return new Result(resources, 0, seconds, At(2) + At(3), At(1) / 1024, 0, programPath);
    }

    /// <summary>Writes the catalog files under <paramref name="directory"/>/models and returns the stack's PULUMI_CONFIG.</summary>
    public static string WriteFleet(string directory, int models, int teams)
    {
        for (var m = 0; m < models; m++)
        {
            var team = $"team{m % teams:00}";
            var teamDirectory = Path.Combine(directory, "models", team);
            Directory.CreateDirectory(teamDirectory);
            File.WriteAllText(Path.Combine(teamDirectory, $"model-{m:0000}.yaml"), ModelFile(m, team));
        }
        var teamList = new JsonArray(Enumerable.Range(0, teams).Select(t => (JsonNode)new JsonObject
        {
            ["name"] = $"team{t:00}", ["gpuQuota"] = 2, ["monthlyBudgetUsd"] = 50_000,
        }).ToArray());
        var config = new JsonObject
        {
            ["supplychain:target"] = "local",
            ["supplychain:environment"] = "dev",
            ["supplychain:owner"] = "ml-platform",
            ["supplychain:costCenter"] = "cc-4120",
            ["supplychain:budget"] = new JsonObject { ["monthlyUsd"] = 10_000_000 }.ToJsonString(),
            ["supplychain:teams"] = teamList.ToJsonString(),
            ["supplychain:catalog"] = new JsonObject { ["path"] = "models" }.ToJsonString(),
            ["supplychain:policy"] = new JsonObject
            {
                ["approvedRegistries"] = new JsonArray("ghcr.io/acme-ml"), ["minimumMetrics"] = new JsonObject { ["auc"] = 0.9 },
            }.ToJsonString(),
        };
        return config.ToJsonString();
    }

    private static string Hex(int seed, int length) =>
        string.Concat(Enumerable.Range(0, length).Select(i => "0123456789abcdef"[(seed * 31 + i * 7) % 16]));

    /// <summary>One model file as a team writes it: shared serving settings, then a release per environment.</summary>
    private static string ModelFile(int m, string team)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"name: model-{m:0000}\nteam: {team}\nserving:\n  resources:\n    cpu: 250m\n    memory: 512Mi\n  canarySteps: [10, 50]\nreleases:\n");
        foreach (var (environment, minor) in new[] { ("dev", m + 1), ("staging", m), ("prod", m) })
        {
            var version = $"1.{minor}.0";
            text.Append(CultureInfo.InvariantCulture, $"""
                  {environment}:
                    version: {version}
                    image: ghcr.io/acme-ml/model-{m:0000}:{version}@sha256:{Hex(m + minor, 64)}
                    artifact:
                      uri: s3://models/model-{m:0000}/{version}/
                      digest: sha256:{Hex(m + minor + 1, 64)}
                    lineage:
                      datasetDigest: sha256:{Hex(m + 2, 64)}
                      datasetVersion: ds-2026-{m % 12 + 1:00}
                      trainingRun: {Hex(m + 3, 16)}
                      codeCommit: {Hex(m + 4, 40)}
                      hyperparameters:
                        learningRate: 0.01
                        epochs: 10
                      metrics:
                        auc: 0.95
                      approval:
                        status: approved
                        by: model-board
                        at: 2026-11-01
                    serving:
                      replicas: {(environment == "prod" ? 3 : 2)}

                """);
        }
        return text.ToString();
    }
}
