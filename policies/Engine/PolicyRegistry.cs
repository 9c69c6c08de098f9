using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Supplychain.Policies.Engine;

/// <summary>
/// Every policy of the product, found by reflection in this assembly (no list to keep in sync), sorted by id and
/// validated once at load: unique ids, ids in their pack's range with the pack's prefix, complete metadata.
/// A broken policy fails the load with a message naming the class: a policy that silently never runs is worse.
/// </summary>
public sealed partial class PolicyRegistry
{
    /// <summary>The built-in packs and their id prefixes (from <see cref="PolicyPacks"/>; CMP050 is the engine's waiver-validity policy).</summary>
    public static readonly IReadOnlyDictionary<string, string> PrefixByPack =
        PolicyPacks.BuiltIn.ToDictionary(p => p.Name, p => p.IdPrefix!, StringComparer.Ordinal);

    // Three digits per pack; CMP050 is reserved for the engine's waiver-validity policy (checked below), so the compliance
    // pack continues at CMP051 once CMP049 is taken.
    private const int LastPackNumber = 999;

    private PolicyRegistry(IReadOnlyList<Policy> policies)
    {
        Policies = policies;
        Packs = policies.GroupBy(p => p.Pack)
            .OrderBy(g => PolicyReport.PackRank(g.Key))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Policy>)g.ToList());
    }

    /// <summary>Every policy, sorted by id (ordinal).</summary>
    public IReadOnlyList<Policy> Policies { get; }

    /// <summary>Pack name → its policies (sorted by id), packs in <see cref="PolicyPacks"/> order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Policy>> Packs { get; }

    public Policy? Find(string id) => Policies.FirstOrDefault(p => p.Id == id);

    private static readonly Lazy<PolicyRegistry> Shared = new(() => FromTypes(AllTypes()));

    // Reflection over this whole assembly is the design (no list to keep in sync). A trimmed or Native AOT build must keep
    // the assembly whole, as compiler/Supplychain.Compiler.csproj does (TrimmerRootAssembly); CI compares that build's
    // output, policy findings included, with this one's byte for byte, so a policy trimmed away would fail it.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Supplychain.Policies is a trimmer root wherever it is trimmed; see above.")]
    private static Type[] AllTypes() => typeof(Policy).Assembly.GetTypes();

    /// <summary>The product's policies: every concrete <see cref="Policy"/> subclass in Supplychain.Policies.</summary>
    public static PolicyRegistry Load() => Shared.Value;

    /// <summary>Builds a registry from the given types (the concrete Policy subclasses among them); validates as <see cref="Load"/> does.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "The types come from AllTypes (a trimmer root) or from tests, which are not trimmed.")]
    public static PolicyRegistry FromTypes(IEnumerable<Type> types)
    {
        var problems = new List<string>();
        var policies = new List<Policy>();
        foreach (var type in types.Where(t => typeof(Policy).IsAssignableFrom(t) && !t.IsAbstract && !t.IsDefined(typeof(DeclaredInFilesAttribute), false)).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var ctor = type.GetConstructor(BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes);
            if (ctor is null)
            {
                problems.Add($"{type.FullName}: a policy needs a public parameterless constructor to be discovered");
                continue;
            }
            try { policies.Add((Policy)ctor.Invoke(null)); }
            catch (TargetInvocationException e)
            {
                problems.Add($"{type.FullName}: constructor threw {e.InnerException?.GetType().Name}: {e.InnerException?.Message}");
            }
        }
        return From(policies, problems);
    }

    /// <summary>Builds a registry from policy instances, validating them.</summary>
    public static PolicyRegistry From(IEnumerable<Policy> policies) => From(policies.ToList(), []);

    private static PolicyRegistry From(List<Policy> policies, List<string> problems)
    {
        foreach (var p in policies) problems.AddRange(Validate(p).Select(m => $"{p.GetType().FullName} ({Safe(() => p.Id)}): {m}"));
        foreach (var g in policies.GroupBy(p => Safe(() => p.Id)).Where(g => g.Count() > 1))
            problems.Add($"policy id {g.Key} is used by {string.Join(" and ", g.Select(p => p.GetType().FullName))}; ids are unique and never reused");

        if (problems.Count > 0)
            throw new InvalidOperationException("the policy registry is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
        return new(policies.OrderBy(p => p.Id, StringComparer.Ordinal).ToList());
    }

    private static IEnumerable<string> Validate(Policy p)
    {
        string id, pack;
        try { id = p.Id; pack = p.Pack; }
        catch (Exception e) { return [$"metadata threw {e.GetType().Name}: {e.Message}"]; }

        var errors = new List<string>();
        if (!PrefixByPack.TryGetValue(pack ?? "", out var prefix))
            errors.Add($"pack '{pack}' is not one of {string.Join(", ", PrefixByPack.Keys)}");
        var m = IdPattern().Match(id ?? "");
        if (!m.Success) errors.Add($"id '{id}' must be a pack prefix ({string.Join(", ", PrefixByPack.Values)}) and three digits");
        else if (prefix is not null && m.Groups["prefix"].Value != prefix)
            errors.Add($"id '{id}' does not belong to pack '{pack}' (its ids start with {prefix})");
        else if (m.Success)
        {
            var number = int.Parse(m.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var engineOwned = id == WaiverValidity.PolicyId;
            if (engineOwned && p is not WaiverValidity) errors.Add($"{WaiverValidity.PolicyId} belongs to the engine's waiver-validity policy");
            if (!engineOwned && (number < 1 || number > LastPackNumber)) errors.Add($"id '{id}' is outside its pack's range {m.Groups["prefix"].Value}001–{m.Groups["prefix"].Value}{LastPackNumber}");
        }

        if (string.IsNullOrWhiteSpace(p.Title)) errors.Add("title is empty");
        else if (!p.Title.Contains(" must ", StringComparison.Ordinal)) errors.Add($"title '{p.Title}' must state the requirement in the \"must\" form");
        if (string.IsNullOrWhiteSpace(p.Rationale)) errors.Add("rationale is empty");
        if (string.IsNullOrWhiteSpace(p.Remediation)) errors.Add("remediation is empty");
        if (p.Controls is null || p.Controls.Count == 0) errors.Add("maps to no framework control");
        else if (p.Controls.Any(c => string.IsNullOrWhiteSpace(c.Framework) || string.IsNullOrWhiteSpace(c.Control)))
            errors.Add("has a framework control with an empty framework or control id");
        if (p.DefaultEnforcement == Enforcement.Remediate && p is not IRemediable)
            errors.Add("defaults to remediate but does not implement IRemediable");
        if (p is not (ResourcePolicy or StackPolicy)) errors.Add("must derive ResourcePolicy or StackPolicy");
        foreach (var setting in p.Settings)
            if (setting.Validate(setting.Default) is { } bad) errors.Add($"setting '{setting.Name}': its default is invalid ({bad})");
        if (p.Settings.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1) is { } twice) errors.Add($"declares setting '{twice.Key}' twice");
        return errors;
    }

    private static string Safe(Func<string> read)
    {
        try { return read() ?? "?"; }
        catch (Exception) { return "?"; }
    }

    [GeneratedRegex("^(?<prefix>[A-Z]+)(?<number>[0-9]{3})\\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}

/// <summary>A policy type whose instances come from files (custom YAML policies), so the registry does not instantiate it.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class DeclaredInFilesAttribute : Attribute;
