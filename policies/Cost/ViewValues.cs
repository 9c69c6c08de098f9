using System.Globalization;
using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Cost;

/// <summary>Small readers of property values shared by the cost model and the cost pack.</summary>
public static class ViewValues
{
    public const string TeamTag = "team";

    /// <summary>
    /// The cloud type token without the module's sub-path or API version, so <c>aws:eks/nodeGroup:NodeGroup</c> and
    /// <c>aws:eks:NodeGroup</c>, or <c>azure-native:containerservice/v20240701:AgentPool</c> and <c>azure-native:containerservice:AgentPool</c>,
    /// are judged alike. Kubernetes tokens keep their API version (it is part of the kind's identity).
    /// </summary>
    public static string NormalizedType(string type)
    {
        if (type.StartsWith("kubernetes:", StringComparison.Ordinal)) return type;
        var parts = type.Split(':');
        if (parts.Length != 3) return type;
        var slash = parts[1].IndexOf('/');
        return slash < 0 ? type : $"{parts[0]}:{parts[1][..slash]}:{parts[2]}";
    }

    public static string? Text(Value? v) => v is StringValue s ? s.Text : null;

    public static int? Int(Value? v) => v switch
    {
        NumberValue n when n.Number == decimal.Truncate(n.Number) && n.Number is >= int.MinValue and <= int.MaxValue => (int)n.Number,
        StringValue s when int.TryParse(s.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
        _ => null,
    };

    public static decimal? Number(Value? v) => v switch
    {
        NumberValue n => n.Number,
        StringValue s when decimal.TryParse(s.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    public static bool Flag(Value? v) => v is BoolValue { Flag: true } || v is StringValue { Text: "true" };

    /// <summary>The team a resource belongs to: a <c>team</c> or <c>supplychain.dev/team</c> tag/label, or a <c>team-NAME</c> namespace.</summary>
    public static string? TeamOf(ResourceView r)
    {
        foreach (var path in new[] { "tags", "metadata.labels", "labels", "nodeLabels", "spec.template.metadata.labels" })
            if (r.Properties.At(path) is MapValue m)
                foreach (var key in new[] { Labels.Team, TeamTag })
                    if (m.TryGetValue(key, out var v) && Text(v) is { Length: > 0 } team) return team;
        var ns = Text(r.Properties.At("metadata.namespace")) ?? (r.Type == Components.Kubernetes.KubeTypes.HelmRelease ? Text(r.Properties.At("namespace")) : null);
        return ns is not null && ns.StartsWith("team-", StringComparison.Ordinal) && ns.Length > 5 ? ns[5..] : null;
    }

    public static string Format(decimal d) => d.ToString("0.######", CultureInfo.InvariantCulture);
}
