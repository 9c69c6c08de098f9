using Supplychain.Components.Model;

namespace Supplychain.Policies.Importers;

/// <summary>
/// Refuses engine output whose pod templates have the wrong shape. Policies read containers as a list of objects; a
/// <c>containers</c> that is a string, number or map would give them nothing to judge, and the audit would pass
/// (fail-open). Such input is malformed, reported with its JSON path; values only known after apply stay allowed.
/// </summary>
internal static class PodTemplateShape
{
    private static readonly string[] PodSpecPaths = ["spec", "spec.template.spec", "spec.jobTemplate.spec.template.spec"];
    private static readonly string[] ContainerLists = ["containers", "initContainers"];
    private static readonly string[] Paths = [.. PodSpecPaths.SelectMany(podSpec => ContainerLists.Select(list => $"{podSpec}.{list}"))];

    public static void Check(MapValue inputs, string where)
    {
        if (Problem(inputs) is { } problem) throw new FormatException($"{where}.{problem}");
    }

    /// <summary>What is wrong with the inputs' pod templates (from the path on), or null: a caller names where the inputs are only then.</summary>
    public static string? Problem(MapValue inputs)
    {
        foreach (var path in Paths)
            switch (inputs.At(path))
            {
                case null or NullValue: break;
                case ListValue items:
                    for (var i = 0; i < items.Count; i++)
                        if (items[i] is not MapValue && !IsUnknown(items[i]))
                            return $"{path}[{i}] is {Describe(items[i])}, not a container object: the pod template cannot be judged";
                    break;
                case var unknown when IsUnknown(unknown): break;
                case var other:
                    return $"{path} is {Describe(other)}, not a list of containers: the pod template cannot be judged";
            }
        return null;
    }

    /// <summary>A value only known after apply (not a map or list that merely holds one).</summary>
    private static bool IsUnknown(Value v) => v is not (MapValue or ListValue) && v.IsComputed;

    private static string Describe(Value v) => v switch
    {
        StringValue => "a string",
        NumberValue => "a number",
        BoolValue => "a boolean",
        MapValue => "an object",
        ListValue => "a list",
        _ => v.GetType().Name,
    };
}
