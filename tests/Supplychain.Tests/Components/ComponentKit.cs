using Supplychain.Components.Core;
using Supplychain.Components.Model;
using Supplychain.Tests.Support;

namespace Supplychain.Tests.ComponentTests;

/// <summary>Builds a root scope on a fresh program and reads rendered resources back.</summary>
internal static class ComponentKit
{
    public const string Provider = "cluster-k8s";

    public static Scope Root(PulumiProgram program) => new(program, SampleSpecs.Context(), ComponentPath.Root, Provider);

    /// <summary>The single manifest of a ConfigGroup.</summary>
    public static MapValue Manifest(Resource configGroup) => (MapValue)((ListValue)configGroup.Properties["objs"])[0];

    public static string Text(Value? value) => value switch
    {
        StringValue s => s.Text,
        null => throw new InvalidOperationException("missing value"),
        _ => value.ToString(),
    };

    public static MapValue Map(Value? value) => value as MapValue ?? throw new InvalidOperationException($"not a map: {value}");
    public static ListValue List(Value? value) => value as ListValue ?? throw new InvalidOperationException($"not a list: {value}");

    /// <summary>Looks up a key that may contain dots (MapValue.At splits on them).</summary>
    public static Value Key(Value map, params string[] keys)
    {
        var current = map;
        foreach (var k in keys) current = Map(current)[k];
        return current;
    }
}
