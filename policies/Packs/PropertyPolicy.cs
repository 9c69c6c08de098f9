using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs;

/// <summary>
/// One declarative property check (Checkov style): for resources of <see cref="Type"/>, the value at
/// <see cref="Path"/> must satisfy <see cref="Accepts"/>, described by <see cref="Expectation"/> ("be true").
/// </summary>
public sealed record PropertyCheck(string Type, string Path, string Expectation, Func<Value?, bool> Accepts)
{
    /// <summary>When set, judges the whole property map instead of <see cref="Accepts"/> (a rule over two properties); violations still name <see cref="Path"/>.</summary>
    public Func<MapValue, bool>? Judge { get; init; }

    public static PropertyCheck Equal(string type, string path, Value expected) =>
        new(type, path, "be " + expected, v => v is not null && (v.Equals(expected) || Loosely(v, expected)));

    public static PropertyCheck NotEqual(string type, string path, Value forbidden, bool missingIsOk = true) =>
        new(type, path, "not be " + forbidden, v => v is null ? missingIsOk : !v.Equals(forbidden) && !Loosely(v, forbidden));

    public static PropertyCheck Exists(string type, string path) =>
        new(type, path, "be set", v => v is not null and not NullValue && !(v is ListValue { Count: 0 }) && !(v is StringValue { Text: "" }));

    public static PropertyCheck AtLeast(string type, string path, decimal minimum) =>
        new(type, path, "be at least " + minimum.ToString(System.Globalization.CultureInfo.InvariantCulture),
            v => v is NumberValue n && n.Number >= minimum || v is StringValue s && decimal.TryParse(s.Text, System.Globalization.CultureInfo.InvariantCulture, out var d) && d >= minimum);

    /// <summary>Providers take some booleans as strings ("true"); a check on <c>true</c> accepts both spellings.</summary>
    private static bool Loosely(Value actual, Value expected) =>
        actual is StringValue s && expected is BoolValue b && string.Equals(s.Text, b.ToString(), StringComparison.OrdinalIgnoreCase);

    public bool Matches(string type) => CloudTypes.Is(type, Type) || type == Type;
}

/// <summary>
/// A policy made of <see cref="PropertyCheck"/>s: "property at path must equal / must exist / must not be".
/// A computed value (a reference, an interpolation, an engine unknown) cannot be judged at synth time and is
/// accepted; the same check runs again on <c>pulumi preview</c> output, where it is known.
/// </summary>
public abstract class PropertyPolicy : ResourcePolicy
{
    protected abstract IReadOnlyList<PropertyCheck> Checks { get; }

    /// <summary>Whether the stack is in scope at all (e.g. "outside dev"); every stack by default.</summary>
    protected virtual bool AppliesToStack(StackView stack) => true;

    /// <summary>The checks on this stack: <see cref="Checks"/> unless the policy's settings shape them (a minimum, an allowed list).</summary>
    protected virtual IReadOnlyList<PropertyCheck> ChecksFor(StackView stack) => Checks;

    public override bool JudgesType(string type) => Checks.Any(c => c.Matches(type));

    public override bool AppliesTo(ResourceView resource, StackView stack) =>
        AppliesToStack(stack) && Checks.Any(c => c.Matches(resource.Type));

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        foreach (var check in ChecksFor(stack).Where(c => c.Matches(resource.Type)))
        {
            var value = resource.Properties.At(check.Path);
            if (check.Judge is { } judge ? judge(resource.Properties) : value is { IsComputed: true } || check.Accepts(value)) continue;
            yield return new Violation(resource.Name, check.Path, value?.ToString(),
                $"{check.Path} must {check.Expectation}" + (value is null ? " (it is not set)" : $" (it is {value})"));
        }
    }
}
