using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP007: an image reference names one immutable thing. A workload image needs a digest or an explicit tag that is not
/// <c>latest</c>; an ECR repository sets <c>imageTagMutability: IMMUTABLE</c> so a pushed tag cannot be overwritten.
/// </summary>
public sealed class ImmutableImageReferences : ResourcePolicy
{
    public override string Id => "CMP007";
    public override string Pack => "compliance";
    public override string Title => "Image references must be immutable (digest or fixed tag; registries with immutable tags)";
    public override string Rationale =>
        "`latest` or an implicit tag makes every restart a potential upgrade to unreviewed code, and a mutable registry tag can be " +
        "re-pushed under a running deployment. Changes must go through the pipeline, not around it.";
    public override string Remediation =>
        "Reference images as name:version or name@sha256:digest; set imageTagMutability: IMMUTABLE on ECR repositories.";
    public override Severity Severity => Severity.Medium;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("CC8.1"), Frameworks.Iso42001("A.6.2.5")];
    public override IReadOnlyList<string> PeerEquivalents =>
        ["CKV_AWS_51", "CKV_K8S_14", "CKV_K8S_43", "polaris:tagNotSpecified", "kube-score:container-image-tag"];

    public override bool JudgesType(string type) => CloudTypes.Is(type, CloudTypes.EcrRepository) || Workloads.IsWorkloadType(type);

    public override bool AppliesTo(ResourceView resource, StackView stack) =>
        CloudTypes.Is(resource.Type, CloudTypes.EcrRepository) || resource.IsKubernetes && stack.TemplateOf(resource) is not null;

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        if (CloudTypes.Is(resource.Type, CloudTypes.EcrRepository))
        {
            var mutability = resource.Properties.At("imageTagMutability");
            if (mutability is not { IsComputed: true } && mutability?.ToString() != "IMMUTABLE")
                yield return new Violation(resource.Name, "imageTagMutability", mutability?.ToString(),
                    "the repository allows tags to be overwritten (imageTagMutability must be IMMUTABLE; the default is MUTABLE)");
            yield break;
        }
        foreach (var c in stack.TemplateOf(resource)!.Containers())
            if (c.Image is StringValue { Text: var image } && ImageReference.Parse(image).IsFloating)
                yield return new Violation(resource.Name, c.Path + ".image", image,
                    $"container '{c.Name}' runs '{image}', a floating reference (no digest, and no tag or 'latest')");
    }
}
