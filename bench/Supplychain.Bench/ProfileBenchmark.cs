using System.Diagnostics;
using Supplychain.Components.Yaml;
using Supplychain.Policies.Cost;
using Supplychain.Policies.Cost.Catalog;
using Supplychain.Policies.Engine;
using Supplychain.Policies.View;
using Supplychain.Policies.Waivers;
using Supplychain.Stacks.Pipeline;
using Supplychain.Stacks.Settings;
using static Supplychain.Bench.BenchSupport;

namespace Supplychain.Bench;

/// <summary>Where synthesis time goes, stage by stage (render, views, cost, policies per pack, YAML), for the 200-model stack.</summary>
internal static class ProfileBenchmark
{
    /// <summary>The dev stack's synth stage by stage, warm (what bin/synth pays besides start-up): CPU per stage, median of 9.</summary>
    public static void RunDev()
    {
        var root = RepoRoot();
        var fs = PhysicalFileSystem.Instance;
        TimeSpan Cpu(Action a) => MedianWallCpu(3, 9, a).Cpu;
        var settings = StackSettingsReader.Read(ConfigSource.FromStackFile(root, "dev"));
        Console.WriteLine($"read settings   CPU {Ms(Cpu(() => StackSettingsReader.Read(ConfigSource.FromStackFile(root, "dev"))))}");
        Console.WriteLine($"render          CPU {Ms(Cpu(() => SynthPipeline.Render(settings)))}");
        var spec = EvaluationEvidenceLoader.Attach(settings.Spec, root);
        Console.WriteLine($"evidence        CPU {Ms(Cpu(() => EvaluationEvidenceLoader.Attach(settings.Spec, root)))}");
        var inputs = new PolicyInputs(root, fs);
        Console.WriteLine($"waivers         CPU {Ms(Cpu(() => inputs.Waivers(settings)))}");
        Console.WriteLine($"policy set      CPU {Ms(Cpu(() => inputs.Policies(settings.Policy)))}");
        var request = new Supplychain.Policies.Judging.JudgeRequest(spec.Stack, spec, settings.Policy, inputs.Waivers(settings), inputs.Policies(settings.Policy),
            DateOnly.FromDateTime(DateTime.UtcNow));
        var judge = new Supplychain.Policies.Judging.StackJudge(PriceCatalog.Embedded());
        Console.WriteLine($"price catalog   CPU {Ms(Cpu(() => PriceCatalog.Embedded()))}");
        Console.WriteLine($"judge           CPU {Ms(Cpu(() => judge.JudgeProgram(SynthPipeline.Render(settings), request)))} (render included)");
        var program = SynthPipeline.Render(settings);
        Console.WriteLine($"yaml            CPU {Ms(Cpu(() => PulumiYamlWriter.Write(program)))}");
        var pipeline = new SynthPipeline(root, fs, TimeProvider.System);
        Console.WriteLine($"whole synth     CPU {Ms(Cpu(() => pipeline.Run(settings)))}");
    }

    public static void Run(int models = 200)
    {
        StackSettings settings;
        if (models <= 200)
            settings = StackSettingsReader.Read(ConfigSource.FromCompilerEnvironment(new FixedEnvironment(GeneratedConfig(teams: 20, models: models)))!);
        else
        {
            // The fleet: read from catalog files, as the compiler does.
            var fleet = Directory.CreateTempSubdirectory("supplychain-profile-").FullName;
            var config = FleetBenchmark.WriteFleet(fleet, models, FleetBenchmark.Teams);
            var env = new FixedEnvironment(new Dictionary<string, string>
            {
                ["PULUMI_STACK"] = "fleet", ["PULUMI_CONFIG"] = config, ["PULUMI_ROOT_DIRECTORY"] = fleet,
            });
            Console.WriteLine($"read        CPU {Ms(MedianWallCpu(1, 1, () => StackSettingsReader.Read(ConfigSource.FromCompilerEnvironment(env)!)).Cpu)}");
            settings = StackSettingsReader.Read(ConfigSource.FromCompilerEnvironment(env)!);
            Directory.Delete(fleet, recursive: true);
        }
        var catalog = PriceCatalog.Embedded();
        var program = SynthPipeline.Render(settings);
        Console.WriteLine($"render      {Ms(MedianWallCpu(0, 1, () => SynthPipeline.Render(settings)).Cpu)} CPU");
        var small = StackSettingsReader.Read(ConfigSource.FromCompilerEnvironment(new FixedEnvironment(GeneratedConfig(teams: 20, models: 50)))!);
        Console.WriteLine($"render 50   {Ms(MedianWallCpu(0, 1, () => SynthPipeline.Render(small)).Cpu)} CPU");
        var views = ProgramViews.From(program);
        Console.WriteLine($"views       {Ms(MedianWallCpu(0, 1, () => ProgramViews.From(program)).Cpu)} CPU  ({views.Count} views)");
        var cost = CostModel.Estimate(views, settings.Spec.Stack, settings.Spec, catalog, null);
        Console.WriteLine($"cost        {Ms(MedianWallCpu(0, 1, () => CostModel.Estimate(views, settings.Spec.Stack, settings.Spec, catalog, null)).Cpu)} CPU");
        var stack = new StackView(settings.Spec.Stack, views, settings.Spec, settings.Policy, cost);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var p in PolicyRegistry.Load().Policies)
        {
            var t = Median(0, 1, () => PolicyEngine.Evaluate(stack, [p], WaiverSet.Empty, today));
            if (t.TotalMilliseconds > 20 * models / 200) Console.WriteLine($"  {p.Id,-8}  {Ms(t)}  {p.GetType().Name}");
        }
        Console.WriteLine($"all policies {Ms(MedianWallCpu(0, 1, () => PolicyEngine.Evaluate(stack, PolicyRegistry.Load().Policies, WaiverSet.Empty, today)).Cpu)} CPU");
        Console.WriteLine($"yaml        {Ms(MedianWallCpu(1, 1, () => PulumiYamlWriter.Write(program)).Cpu)} CPU");
    }
}
