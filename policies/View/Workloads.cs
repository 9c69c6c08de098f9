using Supplychain.Components.Model;

namespace Supplychain.Policies.View;

/// <summary>A workload's pod template: where it sits (<c>spec.template</c>), its metadata and its pod spec.</summary>
/// <remarks>
/// A view memoises each workload's template (<see cref="StackView.TemplateOf"/>) for the ~20 pod, container and lineage
/// policies; the template in turn builds its paths and container list once for all of them, not once per policy.
/// </remarks>
public sealed record PodTemplate(ResourceView Workload, string Path, MapValue? Metadata, MapValue Spec)
{
    public string SpecPath => field ??= Path.Length == 0 ? "spec" : Path + ".spec";
    public string MetadataPath => field ??= Path.Length == 0 ? "metadata" : Path + ".metadata";

    public MapValue? Labels => (labels ??= new(Metadata?.At("labels") as MapValue)).Map;
    public MapValue? Annotations => (annotations ??= new(Metadata?.At("annotations") as MapValue)).Map;

    private Found? labels;
    private Found? annotations;

    /// <summary>A lookup made once (its result may be null).</summary>
    private sealed record Found(MapValue? Map);

    // Equal as the template the four parameters describe; the values built once from them do not count.
    public bool Equals(PodTemplate? other) =>
        other is not null && Workload == other.Workload && Path == other.Path && Equals(Metadata, other.Metadata) && Spec.Equals(other.Spec);

    public override int GetHashCode() => HashCode.Combine(Workload, Path, Metadata, Spec);

    /// <summary>Containers, then init containers, each with the property path reports name.</summary>
    public IEnumerable<ContainerRef> Containers() => containers ??= FindContainers();

    private IReadOnlyList<ContainerRef>? containers;

    private List<ContainerRef> FindContainers()
    {
        var found = new List<ContainerRef>();
        foreach (var key in ContainerKeys)
            if (Spec.TryGetValue(key, out var v) && v is ListValue list)
                for (var i = 0; i < list.Count; i++)
                    if (list[i] is MapValue c)
                        found.Add(new ContainerRef($"{SpecPath}.{key}[{i}]", c, this));
        return found;
    }

    private static readonly string[] ContainerKeys = ["containers", "initContainers"];
}

/// <summary>One container of a pod template.</summary>
public sealed record ContainerRef(string Path, MapValue Container, PodTemplate Pod)
{
    public string Name => Container.At("name")?.ToString() ?? "?";
    public Value? Image => Container.At("image");

    /// <summary>A security-context field as it takes effect: the container's value, else the pod's (Kubernetes semantics).</summary>
    public (Value? Value, string Path) Effective(string field)
    {
        if (Container.At("securityContext." + field) is { } own) return (own, $"{Path}.securityContext.{field}");
        if (Pod.Spec.At("securityContext." + field) is { } pod) return (pod, $"{Pod.SpecPath}.securityContext.{field}");
        return (null, $"{Path}.securityContext.{field}");
    }

    /// <summary>An environment variable's literal value, when the container sets it.</summary>
    public Value? Env(string name) =>
        Container.At("env") is ListValue env
            ? env.OfType<MapValue>().FirstOrDefault(e => e.At("name")?.ToString() == name)?.At("value")
            : null;
}

/// <summary>
/// Finds pod templates in Kubernetes workloads: Deployment, StatefulSet, DaemonSet, ReplicaSet, Job and an Argo
/// Rollout keep theirs at <c>spec.template</c>, a CronJob at <c>spec.jobTemplate.spec.template</c>, a bare Pod is its own.
/// Works on typed resources and on ConfigGroup children alike (both expose <c>metadata</c> and <c>spec</c>).
/// </summary>
public static class Workloads
{
    private static readonly string[] TemplateKinds = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "Rollout"];

    public static string Kind(ResourceView r) => KindOf(r.Type);

    /// <summary>The Kubernetes kind a type token names (<c>kubernetes:apps/v1:Deployment</c> → <c>Deployment</c>); empty for other types.</summary>
    public static string KindOf(string type) =>
        type.StartsWith("kubernetes:", StringComparison.Ordinal) ? Kinds.GetOrAdd(type, t => t[(t.LastIndexOf(':') + 1)..]) : "";

    // A stack has a few dozen types and every policy asks each resource's kind: cut the type once per type, not per call.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Kinds = new(StringComparer.Ordinal);

    public static bool IsWorkload(ResourceView r) => IsWorkloadType(r.Type);

    /// <summary>Whether resources of this type are workloads, the only ones <see cref="TemplateOf"/> finds a pod template in.</summary>
    public static bool IsWorkloadType(string type) =>
        KindOf(type) is "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" or "Rollout" or "CronJob" or "Pod";

    public static bool IsRollout(ResourceView r) => r.IsKubernetes && r.Type.Contains(":argoproj.io/", StringComparison.Ordinal) && Kind(r) == "Rollout";

    /// <summary>The pod template of a workload; null when the resource is not one or has none (a Rollout with <c>workloadRef</c>).</summary>
    public static PodTemplate? TemplateOf(ResourceView r)
    {
        var kind = Kind(r);
        // Whole literal paths, not concatenated per call: this runs for every workload under every pod policy.
        var (path, specPath, metadataPath) = kind switch
        {
            "CronJob" => ("spec.jobTemplate.spec.template", "spec.jobTemplate.spec.template.spec", "spec.jobTemplate.spec.template.metadata"),
            "Pod" => ("", "spec", "metadata"),
            _ when TemplateKinds.Contains(kind) => ("spec.template", "spec.template.spec", "spec.template.metadata"),
            _ => (null, null, null),
        };
        if (path is null) return null;
        return r.Properties.At(specPath!) is MapValue spec
            ? new PodTemplate(r, path, r.Properties.At(metadataPath!) as MapValue, spec)
            : null;
    }

    public static IEnumerable<PodTemplate> Templates(IEnumerable<ResourceView> resources) =>
        resources.Where(r => r.IsKubernetes).Select(TemplateOf).OfType<PodTemplate>();

    /// <summary>The resource's namespace (<c>metadata.namespace</c>), when literal.</summary>
    public static string? NamespaceOf(ResourceView r) => (r.Properties.At("metadata.namespace") as StringValue)?.Text;

    /// <summary>The resource's Kubernetes name (<c>metadata.name</c>), when literal.</summary>
    public static string? NameOf(ResourceView r) => (r.Properties.At("metadata.name") as StringValue)?.Text;

    /// <summary>A map entry by exact key; <see cref="MapValue.At"/> cannot be used for keys holding dots or slashes.</summary>
    public static Value? Entry(MapValue? map, string key) => map is not null && map.TryGetValue(key, out var v) ? v : null;

    /// <summary>A literal string entry; null when absent, blank or computed.</summary>
    public static string? Text(MapValue? map, string key) => Entry(map, key) is StringValue { Text: var t } && !string.IsNullOrWhiteSpace(t) ? t : null;
}
