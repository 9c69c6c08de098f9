using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP006: containers pull only from approved registries: the publishers of the platform's own images (the default list
/// below) plus <c>supplychain:policy.approvedRegistries</c> (where the stack's model images live). A computed image
/// (a reference to an image built or pushed by the stack) is accepted.
/// </summary>
public sealed class ApprovedImageRegistries : ContainerPolicy
{
    /// <summary>
    /// Upstream publishers of the images the components run directly (Helm charts pull theirs through chart values,
    /// not visible here): Docker official images (postgres, redis, registry), Kubernetes, MinIO, MLflow (upstream and the driver-bundling
    /// community build), Feast,
    /// Prometheus, Grafana, Argo and NVIDIA. Namespaces, never whole hosts, so docker.io as a whole stays closed.
    /// </summary>
    public static readonly IReadOnlyList<string> PlatformPublishers =
    [
        "docker.io/library",
        "registry.k8s.io",
        "quay.io/minio",
        "docker.io/minio",
        "ghcr.io/mlflow",
        "docker.io/feastdev",
        "quay.io/feastdev",        // Feast publishes its images on quay.io since 0.46
        "docker.io/burakince",     // the MLflow image with the PostgreSQL and S3 drivers that the community MLflow chart uses
        "quay.io/prometheus",
        "quay.io/prometheus-operator",
        "docker.io/grafana",
        "quay.io/argoproj",
        "nvcr.io/nvidia",
    ];

    public override string Id => "CMP006";
    public override string Title => "Container images must come from approved registries";
    public override string Rationale =>
        "Every registry a cluster pulls from is code the organisation runs. Approved sources are the platform's known publishers " +
        $"({string.Join(", ", PlatformPublishers)}) and the registries the stack config approves for its own images; anything " +
        "else is unreviewed supply.";
    public override string Remediation =>
        "Mirror the image into an approved registry, or add its registry (host or host/path) to supplychain:policy.approvedRegistries after review.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls =>
        [Frameworks.Soc2("CC6.8"), Frameworks.Soc2("CC8.1"), Frameworks.EuAiAct("Art. 15"), Frameworks.NistAiRmf("GOVERN 6.1")];

    protected override IEnumerable<Violation> CheckContainer(ContainerRef c, StackView stack)
    {
        if (c.Image is { IsComputed: true }) yield break;
        var image = (c.Image as StringValue)?.Text;
        if (image is null)
        {
            yield return new Violation(c.Pod.Workload.Name, c.Path + ".image", null, $"container '{c.Name}' names no image");
            yield break;
        }
        var reference = ImageReference.Parse(image);
        foreach (var prefix in PlatformPublishers) if (reference.IsUnder(prefix)) yield break;
        foreach (var prefix in stack.Config.ApprovedRegistries) if (reference.IsUnder(prefix)) yield break;
        yield return new Violation(c.Pod.Workload.Name, c.Path + ".image", image,
            $"container '{c.Name}' pulls from {reference.Registry}/{reference.Repository}, which is not an approved registry");
    }
}
