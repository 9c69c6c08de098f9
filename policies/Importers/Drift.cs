using System.Text.RegularExpressions;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Importers;

/// <summary>How a deployed resource differs from what the current config synthesizes.</summary>
public enum DriftKind
{
    /// <summary>Deployed, but the current config does not synthesize it (created outside the program, or config since removed it).</summary>
    Added,
    /// <summary>Synthesized by the current config, but not deployed (never applied, or deleted out of band).</summary>
    Missing,
    /// <summary>Both exist, and a property policies judge differs.</summary>
    Changed,
}

/// <summary>One drift item. Values are the views' renderings: secrets and unknowns print as <c>[secret]</c> / <c>&lt;unknown&gt;</c>.</summary>
public sealed record DriftItem(DriftKind Kind, string Resource, string Type, string? PropertyPath = null, string? Deployed = null, string? Synthesized = null);

/// <summary>The drift of a deployed stack from its current config, in a stable order (kind, resource, property).</summary>
public sealed record DriftReport(IReadOnlyList<DriftItem> Items, int Compared)
{
    public IEnumerable<DriftItem> Of(DriftKind kind) => Items.Where(i => i.Kind == kind);
    public bool HasDrift => Items.Count > 0;
}

/// <summary>
/// Compares deployed resources (a state export's views) with the current config's synthesized views, by logical name.
/// Only properties that policies judge are compared: labels and annotations, container images, security contexts,
/// resource requests/limits (and RBAC rule resources), host namespaces, and cloud encryption / public access / TLS /
/// versioning settings. Values computed at synth time (references) cannot be compared and are skipped, as are secrets.
/// </summary>
public static partial class Drift
{
    /// <param name="declaredInputs">
    /// The deployed resources' declared inputs by name (an import's <see cref="EngineImport.DeclaredInputs"/>). With them, a
    /// value only the provider computed (an output nobody declared, e.g. a default encryption) is not drift unless the
    /// current config declares that property.
    /// </param>
    public static DriftReport Compare(IReadOnlyList<ResourceView> deployed, IReadOnlyList<ResourceView> synthesized,
        IReadOnlyDictionary<string, MapValue>? declaredInputs = null)
    {
        static bool Subject(ResourceView v) => !v.Type.StartsWith(EngineImporter.ProviderTypePrefix, StringComparison.Ordinal)
                                               && !IsComponentType(v.Type);
        var synth = new Dictionary<string, ResourceView>(StringComparer.Ordinal);
        foreach (var v in synthesized.Where(Subject)) synth.TryAdd(v.Name, v);
        var items = new List<DriftItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var compared = 0;
        foreach (var d in deployed.Where(Subject))
        {
            seen.Add(d.Name);
            if (!synth.TryGetValue(d.Name, out var s)) { items.Add(new DriftItem(DriftKind.Added, d.Name, d.Type)); continue; }
            compared++;
            if (s.Type != d.Type) { items.Add(new DriftItem(DriftKind.Changed, d.Name, d.Type, "(type)", d.Type, s.Type)); continue; }
            items.AddRange(ChangedProperties(d, s, declaredInputs is not null && declaredInputs.TryGetValue(d.Name, out var declared) ? declared : null));
            items.AddRange(ChangedOptions(d, s));
        }
        items.AddRange(synth.Values.Where(s => !seen.Contains(s.Name)).Select(s => new DriftItem(DriftKind.Missing, s.Name, s.Type)));
        items.Sort((x, y) =>
        {
            var c = x.Kind.CompareTo(y.Kind);
            if (c == 0) c = string.CompareOrdinal(x.Resource, y.Resource);
            if (c == 0) c = string.CompareOrdinal(x.PropertyPath, y.PropertyPath);
            return c;
        });
        return new DriftReport(items, compared);
    }

    /// <summary>True for a property path that some policy judges.</summary>
    public static bool IsPolicyRelevant(string path) => RelevantPath().IsMatch(path);

    /// <summary>Component types the engine records without a custom resource of their own (their children carry the content).</summary>
    private static bool IsComponentType(string type) =>
        type.StartsWith("kubernetes:yaml/", StringComparison.Ordinal) || type == "kubernetes:helm.sh/v4:Chart"
        || type.StartsWith("kubernetes:kustomize/", StringComparison.Ordinal);

    /// <summary>Protection and ignored properties: a deployed resource that lost <c>protect</c> can be deleted by any update.</summary>
    private static IEnumerable<DriftItem> ChangedOptions(ResourceView deployed, ResourceView synthesized)
    {
        var d = deployed.Options ?? ResourceOptions.None;
        var s = synthesized.Options ?? ResourceOptions.None;
        if (d.Protect != s.Protect)
            yield return new DriftItem(DriftKind.Changed, deployed.Name, deployed.Type, "(protect)", d.Protect ? "true" : "false", s.Protect ? "true" : "false");
        if (!d.IgnoreChanges.Order(StringComparer.Ordinal).SequenceEqual(s.IgnoreChanges.Order(StringComparer.Ordinal)))
            yield return new DriftItem(DriftKind.Changed, deployed.Name, deployed.Type, "(ignoreChanges)",
                $"[{string.Join(", ", d.IgnoreChanges)}]", $"[{string.Join(", ", s.IgnoreChanges)}]");
    }

    private static IEnumerable<DriftItem> ChangedProperties(ResourceView deployed, ResourceView synthesized, MapValue? declared)
    {
        var left = Flatten(deployed.Properties);
        var right = Flatten(synthesized.Properties);
        foreach (var path in left.Keys.Union(right.Keys).Where(IsPolicyRelevant).Order(StringComparer.Ordinal))
        {
            left.TryGetValue(path, out var d);
            right.TryGetValue(path, out var s);
            if (s is null && declared is not null && !DeployedValues.Declares(declared, path)) continue; // computed by the provider, declared by nobody
            if (d is { IsComputed: true } || s is { IsComputed: true }) continue; // not comparable: known only at apply, or secret
            if (d is not null && s is not null && d.Equals(s)) continue;
            yield return new DriftItem(DriftKind.Changed, deployed.Name, deployed.Type, path, d?.ToString(), s?.ToString());
        }
    }

    /// <summary>Leaf values by path (<c>spec.template.spec.containers[0].image</c>); empty maps and lists count as leaves.</summary>
    public static Dictionary<string, Value> Flatten(MapValue properties)
    {
        var leaves = new Dictionary<string, Value>(StringComparer.Ordinal);
        void Walk(Value v, string path)
        {
            switch (v)
            {
                case MapValue m when m.Count > 0:
                    foreach (var (k, item) in m) Walk(item, path.Length == 0 ? k : $"{path}.{k}");
                    break;
                case ListValue l when l.Count > 0:
                    for (var i = 0; i < l.Count; i++) Walk(l[i], $"{path}[{i}]");
                    break;
                default:
                    leaves[path] = v;
                    break;
            }
        }
        Walk(properties, "");
        return leaves;
    }

    [GeneratedRegex(@"(^|\.)(labels|annotations|tags|securityContext|resources|hostNetwork|hostPID|hostIPC|privileged)(\.|\[|$)|(^|\.)image$|\.image$|(?i:encrypt|kms|public|tls|versioning|acl)", RegexOptions.CultureInvariant)]
    private static partial Regex RelevantPath();
}
