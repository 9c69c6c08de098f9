using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Supplychain.Policies.Waivers;

/// <summary>
/// An accepted exception to a policy: the policy id, what it covers (a resource name, <c>*</c> globs allowed,
/// or a whole top-level component), why, who approved it and until when (inclusive).
/// </summary>
/// <param name="Resource">Logical resource name or glob (<c>models-*-deployment</c>); null when the waiver targets a component.</param>
/// <param name="Component">Top-level component (<c>gpu-pools</c>); <c>stack</c> covers stack-level findings. Null when the waiver targets a resource.</param>
/// <param name="Source">Where it was declared (<c>policies/waivers.yaml:12</c>), for messages.</param>
public sealed record Waiver(string Policy, string? Resource, string? Component, string Reason, string Approver, DateOnly Expires, string Source)
{
    // Compiled globs, shared: a record's fields take part in its equality, so the cache cannot live on the instance.
    private static readonly ConcurrentDictionary<string, Regex> Globs = new(StringComparer.Ordinal);

    public bool IsExpired(DateOnly today) => Expires < today;

    /// <summary>What it covers, as messages print it: <c>resource 'x'</c> or <c>component 'y'</c>.</summary>
    public string Target => Resource is not null ? $"resource '{Resource}'" : $"component '{Component}'";

    /// <summary>True when this waiver covers a finding of <paramref name="policyId"/> on the given resource/component.</summary>
    public bool Covers(string policyId, string? resource, string component)
    {
        if (!string.Equals(policyId, Policy, StringComparison.Ordinal)) return false;
        if (Component is not null) return string.Equals(Component, component, StringComparison.Ordinal);
        if (resource is null || Resource is null) return false;
        return Globs.GetOrAdd(Resource, Glob).IsMatch(resource);
    }

    /// <summary><c>*</c> matches any run of characters (including none); everything else is literal.</summary>
    private static Regex Glob(string pattern) =>
        new("^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "$", RegexOptions.CultureInvariant);
}

/// <summary>A waiver entry that could not be accepted as written (malformed), with where and why.</summary>
public sealed record WaiverProblem(string Source, string? Policy, string Message);

/// <summary>The waivers file as loaded: the well-formed waivers and the entries rejected as malformed.</summary>
public sealed record WaiverSet(IReadOnlyList<Waiver> Waivers, IReadOnlyList<WaiverProblem> Problems)
{
    public static WaiverSet Empty { get; } = new([], []);
}
