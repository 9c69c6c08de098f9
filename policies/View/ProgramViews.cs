using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.View;

/// <summary>
/// Builds the neutral resource views of a synthesized program. A <c>yaml/v2:ConfigGroup</c> is expanded
/// into one view per manifest in <c>objs</c>, typed <c>kubernetes:&lt;apiVersion&gt;:&lt;kind&gt;</c> and named
/// <c>&lt;group&gt;:&lt;namespace&gt;/&lt;name&gt;</c>, just as the Pulumi engine registers them as children, so policies
/// see a Rollout the same way at synth time and in a preview or state file.
/// </summary>
public static class ProgramViews
{
    public static IReadOnlyList<ResourceView> From(PulumiProgram program)
    {
        var views = new List<ResourceView>(program.Resources.Count);
        foreach (var r in program.Resources)
        {
            views.Add(ResourceView.From(r));
            if (r.Type == KubeTypes.ConfigGroup && r.Properties.TryGetValue("objs", out var objs) && objs is ListValue list)
                foreach (var obj in list.OfType<MapValue>())
                    views.Add(Child(r, obj));
        }
        return views;
    }

    public static string KubernetesType(string apiVersion, string kind) =>
        "kubernetes:" + (apiVersion.Contains('/') ? apiVersion : "core/" + apiVersion) + ":" + kind;

    private static ResourceView Child(Resource group, MapValue obj)
    {
        var apiVersion = (obj.TryGetValue("apiVersion", out var a) ? a : null)?.ToString() ?? "v1";
        var kind = (obj.TryGetValue("kind", out var k) ? k : null)?.ToString() ?? "Unknown";
        var name = obj.At("metadata.name")?.ToString() ?? "unnamed";
        var ns = obj.At("metadata.namespace")?.ToString();
        var childName = $"{group.Name}:{(ns is null ? "" : ns + "/")}{name}";
        return new ResourceView(childName, KubernetesType(apiVersion, kind), group.Component.Segments.Append(kind.ToLowerInvariant()).ToList(), obj,
            null, new ResourceOptions { Parent = group.Name });
    }
}
