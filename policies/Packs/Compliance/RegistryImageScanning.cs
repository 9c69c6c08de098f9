using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP025: images are scanned when pushed: every ECR repository sets <c>imageScanningConfiguration.scanOnPush: true</c>,
/// unless the stack declares a registry-wide <c>aws:ecr:RegistryScanningConfiguration</c> with a rule that scans on push
/// (enhanced scanning replaces the per-repository switch). Azure registries are scanned by Defender for Containers, a
/// subscription plan no registry property shows; ACR quarantine needs an external scanner, so neither is judged here.
/// </summary>
public sealed class RegistryImageScanning : ResourcePolicy
{
    public override string Id => "CMP025";
    public override string Pack => "compliance";
    public override string Title => "Container registries must scan images for vulnerabilities on push";
    public override string Rationale =>
        "A model-serving image carries an OS, CUDA and Python stacks with frequent CVEs; scanning on push is the earliest point the release " +
        "pipeline can learn an image is vulnerable, before it reaches a cluster.";
    public override string Remediation =>
        "Set imageScanningConfiguration.scanOnPush: true on each aws:ecr:Repository, or declare an aws:ecr:RegistryScanningConfiguration whose rules scan on push.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("CC7.1"), Frameworks.NistAiRmf("MANAGE 2.3"), Frameworks.CisEks("5.1.1")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_AWS_163"];

    public override bool JudgesType(string type) => CloudTypes.Is(type, CloudTypes.EcrRepository);

    public override bool AppliesTo(ResourceView resource, StackView stack) => JudgesType(resource.Type);

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        var scanOnPush = resource.Properties.At("imageScanningConfiguration.scanOnPush");
        if (scanOnPush is { IsComputed: true } || scanOnPush is BoolValue { Flag: true } || RegistryScansOnPush(stack)) yield break;
        yield return new Violation(resource.Name, "imageScanningConfiguration.scanOnPush", scanOnPush?.ToString(),
            "the repository does not scan images on push, and no registry scanning configuration does");
    }

    private static bool RegistryScansOnPush(StackView stack) =>
        stack.OfTypes(type => CloudTypes.Is(type, CloudTypes.EcrRegistryScanning))
            .Any(r => (r.Properties.At("rules") as ListValue ?? []).OfType<MapValue>().Any(rule => rule.At("scanFrequency")?.ToString() is "SCAN_ON_PUSH" or "CONTINUOUS_SCAN"));
}
