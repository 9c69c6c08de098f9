using Supplychain.Components.Core;
using Supplychain.Components.Model;

namespace Supplychain.Components.Kubernetes;

/// <summary>Who may reach pods of a namespace, or whom they may reach.</summary>
/// <param name="Namespace">The peer namespace; null with <paramref name="Cidr"/> for an address range.</param>
/// <param name="Ports">TCP ports; empty means any port.</param>
/// <param name="Cidr">An address range peer (e.g. the API server or the internet) instead of a namespace.</param>
/// <param name="NamespaceLabel">Every namespace carrying this label (key, value), instead of one named namespace.</param>
public sealed record Peer(string? Namespace, IReadOnlyList<int> Ports, string? Cidr = null, KeyValuePair<string, string>? NamespaceLabel = null)
{
    public static Peer FromNamespace(string ns, params int[] ports) => new(ns, ports);
    public static Peer Anywhere(params int[] ports) => new(null, ports, "0.0.0.0/0");

    /// <summary>
    /// Every namespace labelled <paramref name="key"/>=<paramref name="value"/>: for shared services whose
    /// clients (team namespaces) are not known to the component that renders the service.
    /// </summary>
    public static Peer FromNamespacesLabelled(string key, string value, params int[] ports) => new(null, ports, NamespaceLabel: new(key, value));
}

/// <summary>
/// Default-deny networking for a namespace: one policy denies all ingress and egress, then explicit
/// policies allow traffic inside the namespace, DNS, and the peers the component names. Zero trust by
/// construction, so a component states every flow it needs.
/// </summary>
public static class NetworkIsolation
{
    public static void Apply(Scope scope, string ns, IReadOnlyList<Peer>? ingressFrom = null, IReadOnlyList<Peer>? egressTo = null)
    {
        var net = scope.Child("netpol");
        var all = new MapValue();
        Kube.NetworkPolicy(net, "default-deny", ns, "default-deny", all, ["Ingress", "Egress"]);

        var sameNs = new ListValue { new MapValue { ["from"] = new ListValue { new MapValue { ["podSelector"] = new MapValue() } } } };
        foreach (var p in ingressFrom ?? []) sameNs.Add(Rule("from", p));
        Kube.NetworkPolicy(net, "allow-ingress", ns, "allow-ingress", new MapValue(), ["Ingress"], ingress: sameNs);

        var egress = new ListValue
        {
            new MapValue { ["to"] = new ListValue { new MapValue { ["podSelector"] = new MapValue() } } },
            // DNS to kube-dns in kube-system, and nowhere else on port 53.
            new MapValue
            {
                ["to"] = new ListValue { Kube.NamespacePeer("kube-system") },
                ["ports"] = new ListValue
                {
                    new MapValue { ["protocol"] = "UDP", ["port"] = 53 },
                    new MapValue { ["protocol"] = "TCP", ["port"] = 53 },
                },
            },
        };
        foreach (var p in egressTo ?? []) egress.Add(Rule("to", p));
        Kube.NetworkPolicy(net, "allow-egress", ns, "allow-egress", new MapValue(), ["Egress"], egress: egress);
    }

    private static MapValue Rule(string direction, Peer p)
    {
        var peer = p switch
        {
            { Cidr: not null } => new MapValue { ["ipBlock"] = new MapValue { ["cidr"] = p.Cidr } },
            { NamespaceLabel: { } label } => new MapValue
            {
                ["namespaceSelector"] = new MapValue { ["matchLabels"] = new MapValue { [label.Key] = label.Value } },
            },
            _ => Kube.NamespacePeer(p.Namespace!),
        };
        var rule = new MapValue { [direction] = new ListValue { peer } };
        if (p.Ports.Count > 0)
            rule["ports"] = new ListValue(p.Ports.Select(port => (Value)new MapValue { ["protocol"] = "TCP", ["port"] = port }));
        return rule;
    }
}
