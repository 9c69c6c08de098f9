using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Lineage;

/// <summary>LIN006: outside dev every container of a serving workload runs an image pinned by sha256 digest.</summary>
public sealed class ServingImagePinnedByDigest : ServingWorkloadPolicy
{
    public override string Id => "LIN006";
    public override string Title => "Outside dev, model serving images must be pinned by sha256 digest";
    public override string Rationale =>
        "A tag can be re-pushed; only a digest guarantees that the pods in staging and prod run the bytes that were scanned, " +
        "evaluated and approved. Dev may iterate on tags.";
    public override string Remediation => "Reference the serving image as registry/repository:tag@sha256:<64 hex> in the model's image setting.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls =>
        [Frameworks.EuAiAct("Art. 15"), Frameworks.Soc2("CC8.1"), Frameworks.Iso42001("A.6.2.5"), Frameworks.NistAiRmf("MANAGE 2.4")];

    protected override bool AppliesToStack(StackView stack) => stack.Stack.Environment != EnvironmentTier.Dev;

    protected override IEnumerable<Violation> Check(ServedModel m, StackView stack)
    {
        foreach (var c in m.Containers())
        {
            if (c.Image is { IsComputed: true }) continue;
            var image = (c.Image as StringValue)?.Text;
            if (image is null || !ImageReference.Parse(image).IsPinnedByDigest)
                yield return new Violation(m.Workload.Name, c.Path + ".image", image,
                    $"container '{c.Name}' of model '{m.ModelName}' runs an image not pinned by sha256 digest in {stack.Stack.EnvironmentName}");
        }
    }
}
