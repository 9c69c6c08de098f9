using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP056: every backend an Ingress routes to (the default backend and each rule path) names a Service of the program in the
/// Ingress's namespace, with the port the backend names when the Service lists its ports (kube-score's ingress-targets-service).
/// A namespace that also holds a Helm chart may route to the chart's Services, which the program does not show: such a backend is
/// accepted. Resource backends (<c>backend.resource</c>) are not Services and are not judged.
/// </summary>
public sealed class IngressesTargetServices : ResourcePolicy
{
    public override string Id => "CMP056";
    public override string Pack => "compliance";
    public override string Title => "Every Ingress backend must name a Service and port that exist in the Ingress's namespace";
    public override string Rationale =>
        "An Ingress routed to a missing Service answers 503 at the edge: the model endpoint is published in DNS and TLS yet unreachable, " +
        "and the error surfaces only when clients call it.";
    public override string Remediation =>
        "Point spec.rules[].http.paths[].backend.service (and spec.defaultBackend.service) at a Service of the same namespace, by its " +
        "metadata.name and one of its spec.ports (number or name).";
    public override Severity Severity => Severity.Medium;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("A1.2"), Frameworks.Soc2("CC8.1")];
    public override IReadOnlyList<string> PeerEquivalents => ["kube-score:ingress-targets-service"];

    public override bool JudgesType(string type) => type == KubeTypes.Ingress || Workloads.KindOf(type) == "Ingress";

    public override bool AppliesTo(ResourceView resource, StackView stack) =>
        Is(resource) && Workloads.NamespaceOf(resource) is not null && Backends(resource).Any();

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        var ns = Workloads.NamespaceOf(resource)!;
        var services = (stack.Derived("CMP056.services", ServicesByNamespace).GetValueOrDefault(ns) ?? [])
            .Where(r => Workloads.NameOf(r) is not null)
            .ToDictionary(r => Workloads.NameOf(r)!, StringComparer.Ordinal);
        var charts = NamespacePods.Of(stack, ns).HasChartPods;
        foreach (var (path, backend) in Backends(resource))
        {
            if (backend.At("name") is not StringValue { Text: var name }) continue; // computed: judged again on preview output
            if (!services.TryGetValue(name, out var service))
            {
                if (!charts)
                    yield return new Violation(resource.Name, path + ".name", name, $"the backend names Service '{name}', which does not exist in namespace '{ns}'");
                continue;
            }
            if (backend.At("port") is MapValue port && !Serves(service, port))
                yield return new Violation(resource.Name, path + ".port", port.ToString(), $"Service '{name}' has no port {port}");
        }
    }

    /// <summary>The Services of each namespace in resource order, gathered once per view rather than once per Ingress.</summary>
    private static Dictionary<string, List<ResourceView>> ServicesByNamespace(IReadOnlyList<ResourceView> resources)
    {
        var services = new Dictionary<string, List<ResourceView>>(StringComparer.Ordinal);
        foreach (var r in resources)
        {
            if (!(r.Type == KubeTypes.Service || r.IsKubernetes && Workloads.Kind(r) == "Service") || Workloads.NamespaceOf(r) is not { } ns) continue;
            if (!services.TryGetValue(ns, out var list)) services[ns] = list = [];
            list.Add(r);
        }
        return services;
    }

    private static bool Is(ResourceView r) => r.Type == KubeTypes.Ingress || r.IsKubernetes && Workloads.Kind(r) == "Ingress";

    /// <summary>Each service backend with its property path: the default backend, then every rule path's.</summary>
    private static IEnumerable<(string Path, MapValue Backend)> Backends(ResourceView ingress)
    {
        if (ingress.Properties.At("spec.defaultBackend.service") is MapValue d) yield return ("spec.defaultBackend.service", d);
        if (ingress.Properties.At("spec.rules") is not ListValue rules) yield break;
        for (var i = 0; i < rules.Count; i++)
        {
            if ((rules[i] as MapValue)?.At("http.paths") is not ListValue paths) continue;
            for (var j = 0; j < paths.Count; j++)
                if ((paths[j] as MapValue)?.At("backend.service") is MapValue b) yield return ($"spec.rules[{i}].http.paths[{j}].backend.service", b);
        }
    }

    /// <summary>The Service exposes the backend's port by number or by name (a Service without literal ports cannot be judged).</summary>
    private static bool Serves(ResourceView service, MapValue port)
    {
        if (service.Properties.At("spec.ports") is not ListValue ports) return true;
        var number = port.At("number");
        var name = port.At("name");
        if (number is null && name is null) return true;
        return ports.OfType<MapValue>().Any(p =>
            number is not null && (number.IsComputed || p.At("port") is { } n && (n.IsComputed || n.ToString() == number.ToString()))
            || name is not null && (name.IsComputed || p.At("name") is { } m && (m.IsComputed || m.ToString() == name.ToString())));
    }
}
