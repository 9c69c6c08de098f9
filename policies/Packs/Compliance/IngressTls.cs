using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>CMP013: every Ingress terminates TLS for every host it routes (<c>spec.tls[].hosts</c> covers <c>spec.rules[].host</c>; wildcards match one label).</summary>
public sealed class IngressTls : ResourcePolicy
{
    public override string Id => "CMP013";
    public override string Pack => "compliance";
    public override string Title => "Ingresses must serve every host over TLS";
    public override string Rationale =>
        "MLflow, Grafana and the registry carry credentials, model artifacts and metrics; over plain HTTP any network hop can " +
        "read or alter them.";
    public override string Remediation => "Add spec.tls entries (with a certificate secret, e.g. from cert-manager) whose hosts cover every rule host.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("CC6.7"), Frameworks.Soc2("CC6.6")];
    public override IReadOnlyList<string> PeerEquivalents => ["polaris:tlsSettingsMissing"];

    public override bool JudgesType(string type) => type == KubeTypes.Ingress || type.EndsWith("networking.k8s.io/v1:Ingress", StringComparison.Ordinal);

    public override bool AppliesTo(ResourceView resource, StackView stack) => JudgesType(resource.Type);

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        var tls = (resource.Properties.At("spec.tls") as ListValue ?? []).OfType<MapValue>().ToList();
        var tlsHosts = tls.SelectMany(t => t.At("hosts") as ListValue ?? []).Select(h => h.ToString()).ToList();
        var rules = (resource.Properties.At("spec.rules") as ListValue ?? []).OfType<MapValue>().ToList();
        if (tls.Count == 0)
        {
            yield return new Violation(resource.Name, "spec.tls", null, "the ingress serves plain HTTP (no spec.tls)");
            yield break;
        }
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i].At("host") is not StringValue { Text: var host }) continue;
            if (!tlsHosts.Any(t => Covers(t, host)))
                yield return new Violation(resource.Name, $"spec.rules[{i}].host", host, $"host '{host}' is not covered by spec.tls");
        }
    }

    private static bool Covers(string tlsHost, string host) =>
        tlsHost == host || tlsHost.StartsWith("*.", StringComparison.Ordinal) && host.IndexOf('.') is var dot and > 0 && host[dot..] == tlsHost[1..];
}
