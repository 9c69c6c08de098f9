using Supplychain.Components.Core;
using Supplychain.Components.Model;

namespace Supplychain.Components.Kubernetes;

/// <summary>Pod Security Admission levels for namespaces.</summary>
public enum PodSecurityLevel { Restricted, Baseline, Privileged }

/// <summary>
/// Typed builders for the Kubernetes resources the components render. Property names live here once;
/// every object gets an explicit <c>metadata.name</c> (stable DNS names, no auto-naming suffix) and the
/// scope's governance and component labels.
/// </summary>
public static class Kube
{
    public static MapValue Metadata(Scope scope, string name, string? ns, string? app = null,
        IReadOnlyDictionary<string, string>? labels = null, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var m = new MapValue { ["name"] = name, ["labels"] = scope.Labels(app, labels) };
        if (ns is not null) m["namespace"] = ns;
        if (annotations is { Count: > 0 }) m["annotations"] = MapValue.From(annotations);
        return m;
    }

    public static MapValue Selector(string app) => new() { [Domain.Labels.Name] = app };

    /// <summary>
    /// A namespace enforcing a Pod Security Standard. Anything looser than <c>restricted</c> must say why in
    /// <paramref name="privilegedJustification"/>, which is kept as an annotation for reviewers and auditors.
    /// </summary>
    public static Resource Namespace(Scope scope, string leaf, string name, PodSecurityLevel podSecurity = PodSecurityLevel.Restricted,
        IReadOnlyDictionary<string, string>? labels = null, string? privilegedJustification = null)
    {
        if (podSecurity != PodSecurityLevel.Restricted && string.IsNullOrWhiteSpace(privilegedJustification))
            throw new ArgumentException($"namespace '{name}' relaxes Pod Security to {podSecurity} without a justification", nameof(privilegedJustification));
        var level = podSecurity.ToString().ToLowerInvariant();
        var all = new Dictionary<string, string>
        {
            ["kubernetes.io/metadata.name"] = name,
            ["pod-security.kubernetes.io/enforce"] = level,
            ["pod-security.kubernetes.io/audit"] = "restricted",
            ["pod-security.kubernetes.io/warn"] = "restricted",
        };
        if (labels is not null) foreach (var (k, v) in labels) all[k] = v;
        var annotations = privilegedJustification is null ? null
            : new Dictionary<string, string> { [Domain.Labels.Prefix + "privileged-justification"] = privilegedJustification };
        return scope.Add(leaf, KubeTypes.Namespace, new MapValue { ["metadata"] = Metadata(scope, name, null, null, all, annotations) });
    }

    public static Resource Deployment(Scope scope, string leaf, string ns, string name, PodSpec pod, int replicas = 1,
        IReadOnlyDictionary<string, string>? podLabels = null, IReadOnlyDictionary<string, string>? podAnnotations = null,
        bool recreate = false, ResourceOptions? options = null)
    {
        var spec = new MapValue
        {
            ["replicas"] = replicas,
            ["selector"] = new MapValue { ["matchLabels"] = Selector(name) },
            ["template"] = Template(scope, name, pod, podLabels, podAnnotations),
        };
        if (recreate) spec["strategy"] = new MapValue { ["type"] = "Recreate" };
        return scope.Add(leaf, KubeTypes.Deployment, new MapValue { ["metadata"] = Metadata(scope, name, ns, name, podLabels), ["spec"] = spec }, options);
    }

    /// <summary>A StatefulSet with one persistent volume claim template named <c>data</c>.</summary>
    public static Resource StatefulSet(Scope scope, string leaf, string ns, string name, string serviceName, PodSpec pod,
        string storageSize, string? storageClass, int replicas = 1, ResourceOptions? options = null)
    {
        var pvcSpec = new MapValue
        {
            ["accessModes"] = new ListValue { "ReadWriteOnce" },
            ["resources"] = new MapValue { ["requests"] = new MapValue { ["storage"] = storageSize } },
        };
        if (storageClass is not null) pvcSpec["storageClassName"] = storageClass;
        var spec = new MapValue
        {
            ["replicas"] = replicas,
            ["serviceName"] = serviceName,
            ["selector"] = new MapValue { ["matchLabels"] = Selector(name) },
            ["template"] = Template(scope, name, pod, null, null),
            ["volumeClaimTemplates"] = new ListValue
            {
                new MapValue { ["metadata"] = new MapValue { ["name"] = "data", ["labels"] = scope.Labels(name) }, ["spec"] = pvcSpec },
            },
        };
        return scope.Add(leaf, KubeTypes.StatefulSet, new MapValue { ["metadata"] = Metadata(scope, name, ns, name), ["spec"] = spec }, options);
    }

    public static MapValue Template(Scope scope, string app, PodSpec pod, IReadOnlyDictionary<string, string>? labels, IReadOnlyDictionary<string, string>? annotations)
    {
        var meta = new MapValue { ["labels"] = scope.Labels(app, labels) };
        if (annotations is { Count: > 0 }) meta["annotations"] = MapValue.From(annotations);
        var spec = pod.Render();
        // Prod replicas spread over zones and nodes (CMP041); a preference, so a pool short of zones still schedules.
        if (scope.Stack.Environment == Domain.EnvironmentTier.Prod)
            spec["topologySpreadConstraints"] = new ListValue(new[] { "topology.kubernetes.io/zone", "kubernetes.io/hostname" }.Select(key => (Value)new MapValue
            {
                ["maxSkew"] = 1,
                ["topologyKey"] = key,
                ["whenUnsatisfiable"] = "ScheduleAnyway",
                ["labelSelector"] = new MapValue { ["matchLabels"] = Selector(app) },
            }));
        return new MapValue { ["metadata"] = meta, ["spec"] = spec };
    }

    public static Resource Service(Scope scope, string leaf, string ns, string name, IReadOnlyList<ContainerPort> ports,
        string? selectorApp = null, IReadOnlyDictionary<string, string>? labels = null, bool headless = false, ResourceOptions? options = null)
    {
        var spec = new MapValue
        {
            ["type"] = "ClusterIP",
            ["selector"] = Selector(selectorApp ?? name),
            ["ports"] = new ListValue(ports.Select(p => (Value)new MapValue { ["name"] = p.Name, ["port"] = p.Port, ["targetPort"] = p.Name, ["protocol"] = "TCP" })),
        };
        if (headless) spec["clusterIP"] = "None";
        return scope.Add(leaf, KubeTypes.Service, new MapValue { ["metadata"] = Metadata(scope, name, ns, selectorApp ?? name, labels), ["spec"] = spec }, options);
    }

    public static Resource ConfigMap(Scope scope, string leaf, string ns, string name, MapValue data,
        IReadOnlyDictionary<string, string>? labels = null, ResourceOptions? options = null) =>
        scope.Add(leaf, KubeTypes.ConfigMap, new MapValue { ["metadata"] = Metadata(scope, name, ns, null, labels), ["data"] = data }, options);

    /// <summary>A Secret from string data; values are references (generated passwords, secret config), never literals of secrets.</summary>
    public static Resource Secret(Scope scope, string leaf, string ns, string name, MapValue stringData, string type = "Opaque", ResourceOptions? options = null) =>
        scope.Add(leaf, KubeTypes.Secret, new MapValue
        {
            ["metadata"] = Metadata(scope, name, ns),
            ["type"] = type,
            ["stringData"] = stringData,
        }, options);

    public static Resource PersistentVolumeClaim(Scope scope, string leaf, string ns, string name, string size, string? storageClass,
        ResourceOptions? options = null)
    {
        var spec = new MapValue
        {
            ["accessModes"] = new ListValue { "ReadWriteOnce" },
            ["resources"] = new MapValue { ["requests"] = new MapValue { ["storage"] = size } },
        };
        if (storageClass is not null) spec["storageClassName"] = storageClass;
        return scope.Add(leaf, KubeTypes.PersistentVolumeClaim, new MapValue { ["metadata"] = Metadata(scope, name, ns), ["spec"] = spec },
            (options ?? ResourceOptions.None) with { RetainOnDelete = true });
    }

    public static Resource ServiceAccount(Scope scope, string leaf, string ns, string name, IReadOnlyDictionary<string, string>? annotations = null) =>
        scope.Add(leaf, KubeTypes.ServiceAccount, new MapValue
        {
            ["metadata"] = Metadata(scope, name, ns, null, null, annotations),
            ["automountServiceAccountToken"] = false,
        });

    /// <summary>A policy rule: API groups, resources and verbs, each spelled out (no wildcards).</summary>
    public sealed record Rule(IReadOnlyList<string> ApiGroups, IReadOnlyList<string> Resources, IReadOnlyList<string> Verbs)
    {
        public MapValue Render() => new()
        {
            ["apiGroups"] = new ListValue(ApiGroups.Select(g => (Value)g)),
            ["resources"] = new ListValue(Resources.Select(r => (Value)r)),
            ["verbs"] = new ListValue(Verbs.Select(v => (Value)v)),
        };
    }

    public static Resource Role(Scope scope, string leaf, string ns, string name, IReadOnlyList<Rule> rules) =>
        scope.Add(leaf, KubeTypes.Role, new MapValue
        {
            ["metadata"] = Metadata(scope, name, ns),
            ["rules"] = new ListValue(rules.Select(r => (Value)r.Render())),
        });

    public static Resource RoleBinding(Scope scope, string leaf, string ns, string name, string roleName, string roleKind,
        IReadOnlyList<(string Kind, string Name)> subjects) =>
        scope.Add(leaf, KubeTypes.RoleBinding, new MapValue
        {
            ["metadata"] = Metadata(scope, name, ns),
            ["roleRef"] = new MapValue { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = roleKind, ["name"] = roleName },
            ["subjects"] = new ListValue(subjects.Select(s => (Value)(s.Kind == "ServiceAccount"
                ? new MapValue { ["kind"] = s.Kind, ["name"] = s.Name, ["namespace"] = ns }
                : new MapValue { ["kind"] = s.Kind, ["name"] = s.Name, ["apiGroup"] = "rbac.authorization.k8s.io" }))),
        });

    public static Resource NetworkPolicy(Scope scope, string leaf, string ns, string name, MapValue podSelector,
        IReadOnlyList<string> policyTypes, ListValue? ingress = null, ListValue? egress = null)
    {
        var spec = new MapValue
        {
            ["podSelector"] = podSelector,
            ["policyTypes"] = new ListValue(policyTypes.Select(p => (Value)p)),
        };
        if (ingress is not null) spec["ingress"] = ingress;
        if (egress is not null) spec["egress"] = egress;
        return scope.Add(leaf, KubeTypes.NetworkPolicy, new MapValue { ["metadata"] = Metadata(scope, name, ns), ["spec"] = spec });
    }

    /// <summary>A peer that selects every pod of a namespace by its immutable name label.</summary>
    public static MapValue NamespacePeer(string ns) => new()
    {
        ["namespaceSelector"] = new MapValue { ["matchLabels"] = new MapValue { ["kubernetes.io/metadata.name"] = ns } },
    };

    public static Resource ResourceQuota(Scope scope, string leaf, string ns, string name, MapValue hard) =>
        scope.Add(leaf, KubeTypes.ResourceQuota, new MapValue { ["metadata"] = Metadata(scope, name, ns), ["spec"] = new MapValue { ["hard"] = hard } });

    public static Resource PriorityClass(Scope scope, string leaf, string name, int value, string description, bool preempt = true) =>
        scope.Add(leaf, KubeTypes.PriorityClass, new MapValue
        {
            ["metadata"] = Metadata(scope, name, null),
            ["value"] = value,
            ["globalDefault"] = false,
            ["preemptionPolicy"] = preempt ? "PreemptLowerPriority" : "Never",
            ["description"] = description,
        });

    public static Resource Job(Scope scope, string leaf, string ns, string name, PodSpec pod, int backoffLimit = 6, ResourceOptions? options = null) =>
        scope.Add(leaf, KubeTypes.Job, new MapValue
        {
            ["metadata"] = Metadata(scope, name, ns, name),
            ["spec"] = new MapValue
            {
                ["backoffLimit"] = backoffLimit,
                ["ttlSecondsAfterFinished"] = 86400,
                ["template"] = Template(scope, name, pod with { RestartPolicy = "OnFailure" }, null, null),
            },
        }, options);

    public static Resource PodDisruptionBudget(Scope scope, string leaf, string ns, string name, int minAvailable) =>
        scope.Add(leaf, KubeTypes.PodDisruptionBudget, new MapValue
        {
            ["metadata"] = Metadata(scope, name, ns, name),
            ["spec"] = new MapValue { ["minAvailable"] = minAvailable, ["selector"] = new MapValue { ["matchLabels"] = Selector(name) } },
        });

    /// <summary>A Helm release (tracked by Helm), chart version pinned. <paramref name="repo"/> is an https or oci repository.</summary>
    public static Resource HelmRelease(Scope scope, string leaf, string ns, string releaseName, string chart, string version, string repo,
        MapValue values, ResourceOptions? options = null)
    {
        var props = new MapValue
        {
            ["name"] = releaseName,
            ["namespace"] = ns,
            ["chart"] = chart,
            ["version"] = version,
            ["values"] = values,
            ["atomic"] = true,
            ["cleanupOnFail"] = true,
            ["timeout"] = 900,
        };
        if (repo.StartsWith("oci://", StringComparison.Ordinal)) props["chart"] = repo.TrimEnd('/') + "/" + chart;
        else props["repositoryOpts"] = new MapValue { ["repo"] = repo };
        return scope.Add(leaf, KubeTypes.HelmRelease, props, options);
    }

    /// <summary>
    /// Custom resources (Rollouts, ServiceMonitors, ...) have no Pulumi type; Pulumi YAML takes them as a
    /// <c>yaml/v2:ConfigGroup</c> of manifests, which should depend on the release that installs the CRDs.
    /// </summary>
    public static Resource ConfigGroup(Scope scope, string leaf, IReadOnlyList<MapValue> objects, IReadOnlyList<string> dependsOn)
    {
        return scope.Add(leaf, KubeTypes.ConfigGroup, new MapValue { ["objs"] = new ListValue(objects) },
            new ResourceOptions { DependsOn = dependsOn });
    }

    /// <summary>A custom resource manifest for a ConfigGroup.</summary>
    public static MapValue CustomObject(Scope scope, string apiVersion, string kind, string name, string? ns, MapValue spec,
        IReadOnlyDictionary<string, string>? labels = null, IReadOnlyDictionary<string, string>? annotations = null) => new()
    {
        ["apiVersion"] = apiVersion,
        ["kind"] = kind,
        ["metadata"] = Metadata(scope, name, ns, null, labels, annotations),
        ["spec"] = spec,
    };
}
