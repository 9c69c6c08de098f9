using System.Text.RegularExpressions;

namespace Supplychain.Components.Naming;

/// <summary>
/// A provider's documented rule for one kind of physical name: length, characters, first and last character, the
/// scope in which it must be unique, and where the provider documents it. Tests assert every synthesized name with
/// these; <c>docs/naming.md</c> lists them.
/// </summary>
public sealed record NameRule(string Service, int MinLength, int MaxLength, string Pattern, string Uniqueness, string Documentation)
{
    /// <summary>No <c>--</c> anywhere (RDS, ElastiCache, Key Vault).</summary>
    public bool NoConsecutiveHyphens { get; init; }

    public bool IsValid(string name) => Problem(name) is null;

    /// <summary>What is wrong with <paramref name="name"/> under this rule, or null.</summary>
    public string? Problem(string name)
    {
        if (name.Length < MinLength || name.Length > MaxLength) return $"{name.Length} characters, outside {MinLength}..{MaxLength}";
        if (!Regex.IsMatch(name, Pattern, RegexOptions.CultureInvariant)) return $"does not match {Pattern}";
        if (NoConsecutiveHyphens && name.Contains("--", StringComparison.Ordinal)) return "contains '--'";
        return null;
    }

    /// <summary>The name itself when valid; otherwise a programming error (the naming layer produced an invalid name).</summary>
    public string Checked(string name) =>
        Problem(name) is { } problem ? throw new InvalidOperationException($"{Service} name '{name}' breaks the service's rule: {problem}") : name;
}
