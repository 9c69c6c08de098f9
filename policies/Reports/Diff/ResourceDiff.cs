using System.Globalization;
using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Reports.Diff;

public enum ChangeKind { Added, Changed, Removed }

/// <summary>One property that differs: its path and, when both sides are short scalars that may be shown, before and after.</summary>
/// <param name="Before">The old value rendered short; null when absent, hidden or too long to show.</param>
/// <param name="After">The new value rendered short; null when absent, hidden or too long to show.</param>
/// <param name="Hidden">The values belong to a secret and are never printed.</param>
public sealed record PropertyChange(string Path, string? Before, string? After, bool Hidden = false, bool WasAbsent = false, bool IsAbsent = false);

/// <summary>A resource that was added, removed or changed, with the component and team it belongs to.</summary>
public sealed record ResourceChange(ChangeKind Kind, string Name, string Type, string Component, string? Team, IReadOnlyList<PropertyChange> Properties);

/// <summary>
/// Compares the resources of two programs by logical name (Pulumi's identity of a resource within a stack). A
/// <c>yaml/v2:ConfigGroup</c>'s <c>objs</c> are compared through its expanded child views, so a changed Rollout shows
/// as that Rollout, not as a changed list on its group. Values inside Secrets (<c>data</c>, <c>stringData</c>) and
/// <c>fn::secret</c> are never printed: only that they changed.
/// </summary>
public static class ResourceDiff
{
    /// <summary>Values up to this length are shown whole; longer ones (image references) keep their head and tail.</summary>
    public const int MaxShownLength = 72;

    /// <summary>Values longer than this (JSON documents, scripts) are named as changed without before → after.</summary>
    public const int MaxElidedLength = 240;

    public static IReadOnlyList<ResourceChange> Compare(IReadOnlyList<ResourceView> before, IReadOnlyList<ResourceView> after)
    {
        var old = Index(before);
        var @new = Index(after);
        var changes = new List<ResourceChange>();
        foreach (var (name, view) in @new)
        {
            if (!old.TryGetValue(name, out var previous))
            {
                changes.Add(new ResourceChange(ChangeKind.Added, name, view.Type, view.Component, TeamOf(view), []));
                continue;
            }
            var props = Properties(previous, view);
            if (previous.Type != view.Type) props.Insert(0, new PropertyChange("(type)", previous.Type, view.Type));
            if (props.Count > 0) changes.Add(new ResourceChange(ChangeKind.Changed, name, view.Type, view.Component, TeamOf(view) ?? TeamOf(previous), props));
        }
        foreach (var (name, view) in old)
            if (!@new.ContainsKey(name))
                changes.Add(new ResourceChange(ChangeKind.Removed, name, view.Type, view.Component, TeamOf(view), []));
        return changes.OrderBy(c => c.Component, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The team a resource belongs to: its <c>supplychain.dev/team</c> label, else a <c>team-&lt;name&gt;</c> namespace
    /// (a Namespace resource's own name, or the namespace it lives in); null for shared platform resources.
    /// </summary>
    public static string? TeamOf(ResourceView view)
    {
        if (view.Properties.At("metadata.labels") is MapValue labels && labels.TryGetValue(Labels.Team, out var team) && team is StringValue { Text.Length: > 0 } t)
            return t.Text;
        var ns = view.Type == KubeTypes.Namespace ? view.Properties.At("metadata.name") : view.Properties.At("metadata.namespace");
        return ns is StringValue { Text: var n } && n.StartsWith("team-", StringComparison.Ordinal) && n.Length > 5 ? n[5..] : null;
    }

    private static Dictionary<string, ResourceView> Index(IReadOnlyList<ResourceView> views)
    {
        var index = new Dictionary<string, ResourceView>(StringComparer.Ordinal);
        foreach (var v in views) index.TryAdd(v.Name, v);
        return index;
    }

    private static List<PropertyChange> Properties(ResourceView before, ResourceView after)
    {
        var secret = after.Type == KubeTypes.Secret || before.Type == KubeTypes.Secret;
        var a = Flatten(before);
        var b = Flatten(after);
        var changes = new List<PropertyChange>();
        foreach (var path in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
        {
            var had = a.TryGetValue(path, out var x);
            var has = b.TryGetValue(path, out var y);
            if (had && has && x!.Equals(y)) continue;
            var hidden = (secret && (path.StartsWith("data", StringComparison.Ordinal) || path.StartsWith("stringData", StringComparison.Ordinal)))
                         || IsSecret(x) || IsSecret(y);
            changes.Add(new PropertyChange(path, hidden ? null : Short(x), hidden ? null : Short(y), hidden, WasAbsent: !had, IsAbsent: !has));
        }
        return changes;
    }

    /// <summary>Leaf path → value. Maps recurse; a list recurses by index only when it holds maps (containers, ports), else it is one leaf.</summary>
    private static SortedDictionary<string, Value> Flatten(ResourceView view)
    {
        var leaves = new SortedDictionary<string, Value>(StringComparer.Ordinal);
        var skipObjs = view.Type == KubeTypes.ConfigGroup; // compared through the expanded child views
        foreach (var (key, value) in view.Properties)
        {
            if (skipObjs && key == "objs") continue;
            Walk(Key(key, ""), value, leaves);
        }
        return leaves;
    }

    private static void Walk(string path, Value value, SortedDictionary<string, Value> leaves)
    {
        switch (value)
        {
            case MapValue map when map.Count > 0:
                foreach (var (key, child) in map) Walk(Key(key, path), child, leaves);
                break;
            case ListValue list when list.Count > 0 && list.All(i => i is MapValue):
                for (var i = 0; i < list.Count; i++) Walk($"{path}[{i}]", list[i], leaves);
                break;
            default:
                leaves[path] = value;
                break;
        }
    }

    /// <summary>Dotted path; keys that are not plain identifiers (labels like <c>supplychain.dev/team</c>) are bracketed.</summary>
    private static string Key(string key, string parent)
    {
        var plain = key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
        if (!plain) return $"{parent}[\"{key}\"]";
        return parent.Length == 0 ? key : parent + "." + key;
    }

    private static bool IsSecret(Value? v) => v switch
    {
        FunctionValue f => f.Name == "fn::secret" || IsSecret(f.Argument),
        _ => false,
    };

    private static string? Short(Value? v)
    {
        if (v is null) return null;
        var text = v switch
        {
            StringValue s => s.Text,
            NumberValue n => n.Number.ToString(CultureInfo.InvariantCulture),
            _ => v.ToString(),
        };
        if (text.Contains('\n') || text.Length > MaxElidedLength) return null;
        // The end of a long value is where versions and digests sit: keep it.
        return text.Length <= MaxShownLength ? text : text[..36] + "…" + text[^35..];
    }
}
