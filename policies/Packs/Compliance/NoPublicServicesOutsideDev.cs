using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>CMP014: outside dev no Service is exposed on node ports or a cloud load balancer; traffic enters through a TLS ingress.</summary>
public sealed class NoPublicServicesOutsideDev : ResourcePolicy
{
    public override string Id => "CMP014";
    public override string Pack => "compliance";
    public override string Title => "Outside dev, Services must not be of type LoadBalancer or NodePort";
    public override string Rationale =>
        "A LoadBalancer or NodePort Service bypasses the ingress: no TLS termination, no authentication, often a public IP. " +
        "Dev clusters (kind, k3d) may use node ports to reach services from a laptop.";
    public override string Remediation => "Use a ClusterIP Service behind a TLS Ingress, or an internal load balancer annotated and reviewed via a waiver.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("CC6.6")];
    public override IReadOnlyList<string> PeerEquivalents => ["kube-score:service-type"];

    public override bool JudgesType(string type) => type == KubeTypes.Service;

    public override bool AppliesTo(ResourceView resource, StackView stack) =>
        resource.Type == KubeTypes.Service && stack.Stack.Environment != EnvironmentTier.Dev;

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        if (resource.Properties.At("spec.type") is StringValue { Text: "LoadBalancer" or "NodePort" } type)
            yield return new Violation(resource.Name, "spec.type", type.Text, $"the Service is exposed outside the cluster ({type.Text}) in {stack.Stack.EnvironmentName}");
    }
}
