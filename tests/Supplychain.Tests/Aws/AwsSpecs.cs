using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Components.Yaml;
using Supplychain.Policies.Engine;
using Supplychain.Policies.View;
using Supplychain.Tests.Support;

namespace Supplychain.Tests.Aws;

/// <summary>AWS-shaped specs (catalog instance types, a CI repository, a budget) and helpers to read what they render.</summary>
internal static class AwsSpecs
{
    public static readonly CiSpec Ci = new("acme-ml/ml-platform", "main");

    public static SupplyChainSpec Spec(EnvironmentTier env = EnvironmentTier.Staging, AwsTargetSpec? aws = null, CiSpec? ci = null, params ModelSpec[] models)
    {
        var dev = SampleSpecs.Dev(DeploymentTarget.Aws, env, models);
        return dev with
        {
            Stack = SampleSpecs.Context(DeploymentTarget.Aws, env, "staging-aws"),
            GpuPools =
            [
                new GpuPoolSpec("inference", GpuPoolPurpose.Inference, "g5.xlarge", 1, 0, 2, false),
                new GpuPoolSpec("training", GpuPoolPurpose.Training, "g5.12xlarge", 4, 0, 2, true),
            ],
            Budget = new BudgetSpec(6000m, ["ml-platform@example.com"]),
            Aws = aws ?? new AwsTargetSpec("us-east-1"),
            Ci = ci ?? Ci,
        };
    }

    public static PulumiProgram Render(SupplyChainSpec spec) => SampleSpecs.Render(spec);

    public static IEnumerable<Resource> OfType(this PulumiProgram program, string type) => program.Resources.Where(r => r.Type == type);

    public static Resource Named(this PulumiProgram program, string name) =>
        program.TryGet(name, out var r) ? r : throw new Xunit.Sdk.XunitException($"no resource '{name}'; have: {string.Join(", ", program.Resources.Select(x => x.Name).Where(n => n.StartsWith(name.Split('-')[0], StringComparison.Ordinal)))}");

    /// <summary>The map a <c>fn::toJSON</c> property holds.</summary>
    public static MapValue Json(Value? v) => v is FunctionValue { Name: "fn::toJSON", Argument: MapValue m } ? m : throw new Xunit.Sdk.XunitException($"not a fn::toJSON document: {v}");

    /// <summary>The statements of an IAM document rendered with fn::toJSON.</summary>
    public static IReadOnlyList<MapValue> Statements(Value? document) => ((ListValue)Json(document)["Statement"]).Cast<MapValue>().ToList();

    public static IReadOnlyList<string> Strings(Value? v) => v switch
    {
        ListValue l => l.Select(x => x.ToString()).ToList(),
        null => [],
        _ => [v.ToString()],
    };

    /// <summary>Every mandatory finding of every pack on the rendered spec.</summary>
    public static IReadOnlyList<string> MandatoryFindings(SupplyChainSpec spec, PolicyConfig config)
    {
        var program = Render(spec);
        var stack = new StackView(spec.Stack, ProgramViews.From(program), spec, config);
        return Packs.PackHarness.Pack("lineage").Concat(Packs.PackHarness.Pack("compliance")).Concat(Packs.PackHarness.Pack("cost"))
            .Where(p => p.DefaultEnforcement == Enforcement.Mandatory)
            .SelectMany(p => Packs.PackHarness.Run(p, stack).Select(v => $"{p.Id} {v.Resource} {v.PropertyPath}: {v.Message}"))
            .ToList();
    }

    public static string Yaml(Resource r)
    {
        var program = new PulumiProgram();
        program.Add(r);
        return PulumiYamlWriter.Write(program);
    }
}
