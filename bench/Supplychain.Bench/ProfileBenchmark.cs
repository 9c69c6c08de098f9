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
    public static void Run()
    {
        var env = new FixedEnvironment(GeneratedConfig(teams: 20, models: 200));
        var settings = StackSettingsReader.Read(ConfigSource.FromCompilerEnvironment(env)!);
        var catalog = PriceCatalog.Embedded();
        var program = SynthPipeline.Render(settings);
        Console.WriteLine($"render      {Ms(Median(1, 5, () => SynthPipeline.Render(settings)))}");
        var small = StackSettingsReader.Read(ConfigSource.FromCompilerEnvironment(new FixedEnvironment(GeneratedConfig(teams: 20, models: 50)))!);
        Console.WriteLine($"render 50   {Ms(Median(1, 5, () => SynthPipeline.Render(small)))}");
        var views = ProgramViews.From(program);
        Console.WriteLine($"views       {Ms(Median(1, 5, () => ProgramViews.From(program)))}  ({views.Count} views)");
        var cost = CostModel.Estimate(views, settings.Spec.Stack, settings.Spec, catalog, null);
        Console.WriteLine($"cost        {Ms(Median(1, 5, () => CostModel.Estimate(views, settings.Spec.Stack, settings.Spec, catalog, null)))}");
        var stack = new StackView(settings.Spec.Stack, views, settings.Spec, settings.Policy, cost);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var p in PolicyRegistry.Load().Policies)
        {
            var t = Median(0, 1, () => PolicyEngine.Evaluate(stack, [p], WaiverSet.Empty, today));
            if (t.TotalMilliseconds > 20) Console.WriteLine($"  {p.Id,-8}  {Ms(t)}  {p.GetType().Name}");
        }
        Console.WriteLine($"all policies {Ms(Median(1, 3, () => PolicyEngine.Evaluate(stack, PolicyRegistry.Load().Policies, WaiverSet.Empty, today)))}");
        Console.WriteLine($"yaml        {Ms(Median(1, 5, () => PulumiYamlWriter.Write(program)))}");
    }
}
