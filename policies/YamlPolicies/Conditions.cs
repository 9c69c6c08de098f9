using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Supplychain.Components.Model;

namespace Supplychain.Policies.YamlPolicies;

/// <summary>Why a condition does not hold: the property path, the observed value and a sentence.</summary>
internal sealed record ConditionFailure(string? Path, string? Observed, string Message);

/// <summary>
/// One condition of a custom policy. <see cref="Check"/> returns null when the condition holds, or cannot be judged yet
/// (a value computed at apply time is accepted, as the declarative built-ins do; it is judged again on preview output).
/// </summary>
internal abstract record Condition
{
    public abstract ConditionFailure? Check(ResourceView resource, StackView stack);

    /// <summary>The requirement in words ("location must be one of westeurope, northeurope").</summary>
    public abstract string Describe();
}

internal sealed record AllOf(IReadOnlyList<Condition> Conditions) : Condition
{
    public override ConditionFailure? Check(ResourceView resource, StackView stack) =>
        Conditions.Select(c => c.Check(resource, stack)).FirstOrDefault(f => f is not null);

    public override string Describe() => string.Join(" and ", Conditions.Select(c => c.Describe()));
}

internal sealed record AnyOf(IReadOnlyList<Condition> Conditions) : Condition
{
    public override ConditionFailure? Check(ResourceView resource, StackView stack)
    {
        var failures = new List<ConditionFailure>();
        foreach (var c in Conditions)
        {
            if (c.Check(resource, stack) is not { } f) return null;
            failures.Add(f);
        }
        return new ConditionFailure(failures[0].Path, failures[0].Observed, "none of these holds: " + string.Join("; or ", failures.Select(f => f.Message)));
    }

    public override string Describe() => "(" + string.Join(" or ", Conditions.Select(c => c.Describe())) + ")";
}

internal sealed record NotOf(Condition Inner) : Condition
{
    public override ConditionFailure? Check(ResourceView resource, StackView stack) =>
        Inner.Check(resource, stack) is null ? new ConditionFailure(null, null, $"it must not hold that {Inner.Describe()}") : null;

    public override string Describe() => "not (" + Inner.Describe() + ")";
}

/// <summary>A resource of type <paramref name="TypeGlob"/> references the judged one: a <c>${name}</c> reference anywhere (or at <paramref name="Path"/>), or its name or <c>metadata.name</c> at <paramref name="Path"/>.</summary>
internal sealed record ReferencedBy(string TypeGlob, string? Path) : Condition
{
    public override ConditionFailure? Check(ResourceView resource, StackView stack)
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { resource.Name };
        foreach (var p in new[] { "metadata.name", "name" })
            if (resource.Properties.At(p) is StringValue s) names.Add(s.Text);
        foreach (var other in stack.OfTypes(type => Glob.Matches(TypeGlob, type)))
        {
            if (ReferenceEquals(other, resource)) continue;
            var values = Path is null ? [other.Properties] : PropertyPath.Resolve(other.Properties, Path).Select(v => v.Value).OfType<Value>();
            if (values.Any(v => Mentions(v, resource.Name, Path is null ? null : names))) return null;
        }
        return new ConditionFailure(null, null, $"no {TypeGlob} resource references {resource.Name}" + (Path is null ? "" : $" at {Path}"));
    }

    public override string Describe() => $"a {TypeGlob} resource references it" + (Path is null ? "" : $" at {Path}");

    private static bool Mentions(Value v, string logicalName, HashSet<string>? names) => v switch
    {
        RefValue r => r.Resource == logicalName,
        InterpolationValue i => i.Parts.Any(p => Mentions(p, logicalName, names)),
        StringValue s => names is not null && names.Contains(s.Text),
        ListValue l => l.Any(item => Mentions(item, logicalName, names)),
        MapValue m => m.Any(kv => Mentions(kv.Value, logicalName, names)),
        FunctionValue => v.ToString().Contains("${" + logicalName, StringComparison.Ordinal),
        _ => false,
    };
}

internal enum Operator { Exists, Absent, EqualTo, NotEqualTo, In, NotIn, Matches, GreaterThan, GreaterThanOrEqual, LessThan, LessThanOrEqual }

/// <summary>A test of one property path (or one stack attribute) with one operator; <c>[*]</c> paths test every item (all, or any).</summary>
internal sealed record Leaf(string? Path, string? StackField, Operator Op, JsonNode? Operand, bool AnyItem) : Condition
{
    public override ConditionFailure? Check(ResourceView resource, StackView stack)
    {
        var subject = Path ?? "stack." + StackField;
        IReadOnlyList<(string Path, Value? Value)> values = Path is not null
            ? PropertyPath.Resolve(resource.Properties, Path)
            : [(subject, StackValue(stack))];
        // No item under a [*] path: "all items" holds vacuously, "any item" and "exists" do not.
        if (values.Count == 0)
            return Op == Operator.Exists || AnyItem ? new ConditionFailure(Path, null, $"{Describe()} (nothing is at {Path})") : null;

        var failures = new List<ConditionFailure>();
        foreach (var (path, value) in values)
        {
            if (value is { IsComputed: true }) { if (AnyItem) return null; continue; }
            if (Holds(value)) { if (AnyItem) return null; continue; }
            failures.Add(new ConditionFailure(path, value is null or NullValue ? null : value.ToString(),
                $"{path} must {Requirement()}" + (value is null ? " (it is not set)" : $" (it is {value})")));
        }
        if (AnyItem) return failures.Count == 0 ? null : failures[0] with { Message = $"no item of {Path} satisfies: {Requirement()}" };
        return failures.FirstOrDefault();
    }

    public override string Describe() => $"{Path ?? "stack." + StackField} must {Requirement()}";

    private Value? StackValue(StackView stack) => StackText(stack) is { } text ? new StringValue(text) : null;

    private string? StackText(StackView stack) => StackField switch
    {
        "name" => stack.Stack.StackName,
        "environment" => stack.Stack.EnvironmentName,
        "target" => stack.Stack.TargetName,
        "owner" => stack.Stack.Owner,
        "costCenter" => stack.Stack.CostCenter,
        "dataClassification" => stack.Stack.DataClassification,
        _ => null,
    };

    private string Requirement() => Op switch
    {
        Operator.Exists => "be set",
        Operator.Absent => "not be set",
        Operator.EqualTo => $"be {Show(Operand)}",
        Operator.NotEqualTo => $"not be {Show(Operand)}",
        Operator.In => $"be one of {Show(Operand)}",
        Operator.NotIn => $"not be one of {Show(Operand)}",
        Operator.Matches => $"match {Operand!.GetValue<string>()}",
        Operator.GreaterThan => $"be greater than {Show(Operand)}",
        Operator.GreaterThanOrEqual => $"be at least {Show(Operand)}",
        Operator.LessThan => $"be less than {Show(Operand)}",
        Operator.LessThanOrEqual => $"be at most {Show(Operand)}",
        _ => throw new ArgumentOutOfRangeException(nameof(Op)),
    };

    private bool Holds(Value? value)
    {
        var present = value is not null and not NullValue && value is not StringValue { Text: "" } && value is not ListValue { Count: 0 } && value is not MapValue { Count: 0 };
        switch (Op)
        {
            case Operator.Exists: return present;
            case Operator.Absent: return !present;
            case Operator.EqualTo: return present && Same(value!, Operand);
            case Operator.NotEqualTo: return !present || !Same(value!, Operand);
            case Operator.In: return present && ((JsonArray)Operand!).Any(o => Same(value!, o));
            case Operator.NotIn: return !present || !((JsonArray)Operand!).Any(o => Same(value!, o));
            case Operator.Matches:
                return present && value is StringValue or NumberValue or BoolValue
                       && Regex.IsMatch(value!.ToString(), Operand!.GetValue<string>(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            default:
                var n = Number(value);
                var bound = Engine.PolicySetting.AsNumber(Operand) ?? 0;
                return n is { } x && Op switch
                {
                    Operator.GreaterThan => x > bound,
                    Operator.GreaterThanOrEqual => x >= bound,
                    Operator.LessThan => x < bound,
                    _ => x <= bound,
                };
        }
    }

    private static decimal? Number(Value? v) => v switch
    {
        NumberValue n => n.Number,
        StringValue s when decimal.TryParse(s.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    /// <summary>A property equals a YAML scalar when their texts agree (providers take some numbers and booleans as strings).</summary>
    private static bool Same(Value v, JsonNode? operand) => operand switch
    {
        JsonValue j when j.TryGetValue<string>(out var s) => v is StringValue sv ? sv.Text == s : v.ToString() == s,
        JsonValue j when j.TryGetValue<bool>(out var b) => v is BoolValue bv ? bv.Flag == b : string.Equals(v.ToString(), b ? "true" : "false", StringComparison.OrdinalIgnoreCase),
        JsonValue j when Engine.PolicySetting.AsNumber(j) is { } d => Number(v) == d,
        _ => false,
    };

    private static string Show(JsonNode? node) => node switch
    {
        JsonArray a => string.Join(", ", a.Select(Show)),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        null => "null",
        _ => node.ToJsonString(),
    };
}

/// <summary>Property paths with <c>[*]</c>: every concrete path and its value (null when absent).</summary>
internal static class PropertyPath
{
    public static IReadOnlyList<(string Path, Value? Value)> Resolve(MapValue root, string path)
    {
        if (!path.Contains("[*]", StringComparison.Ordinal)) return [(path, root.At(path))];
        var star = path.IndexOf("[*]", StringComparison.Ordinal);
        var head = path[..star];
        var rest = path[(star + 3)..].TrimStart('.');
        if ((head.Length == 0 ? root : root.At(head)) is not ListValue list) return [];
        var result = new List<(string, Value?)>();
        for (var i = 0; i < list.Count; i++)
        {
            var itemPath = $"{head}[{i}]";
            if (rest.Length == 0) result.Add((itemPath, list[i]));
            else if (list[i] is MapValue m) result.AddRange(Resolve(m, rest).Select(r => ($"{itemPath}.{r.Path}", r.Value)));
            else if (list[i].IsComputed) result.Add(($"{itemPath}.{rest}", list[i]));
            else result.Add(($"{itemPath}.{rest}", null));
        }
        return result;
    }
}

/// <summary>Type-token globs: <c>*</c> matches any run of characters, everything else literally.</summary>
internal static class Glob
{
    public static bool Matches(string glob, string text) =>
        glob == text || glob.Contains('*') && Regex.IsMatch(text, "^" + string.Join(".*", glob.Split('*').Select(Regex.Escape)) + "$", RegexOptions.CultureInvariant);
}
