using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP009: every namespace enforces a Pod Security Standard (<c>pod-security.kubernetes.io/enforce</c>). The
/// <c>privileged</c> level is allowed only with a written justification in the
/// <c>supplychain.dev/privileged-justification</c> annotation (e.g. a GPU device plugin's namespace).
/// </summary>
public sealed class NamespacePodSecurityEnforced : ResourcePolicy
{
    public const string EnforceLabel = "pod-security.kubernetes.io/enforce";
    public const string JustificationAnnotation = "supplychain.dev/privileged-justification";
    private static readonly string[] Levels = ["restricted", "baseline", "privileged"];

    public override string Id => "CMP009";
    public override string Pack => "compliance";
    public override string Title => "Namespaces must enforce a Pod Security Standard; privileged only with a justification";
    public override string Rationale =>
        "Pod Security Admission is the cluster's own guard against privileged pods; a namespace without an enforce label accepts " +
        "anything. Some system components need privileged, and that exception must say why in the object itself.";
    public override string Remediation =>
        $"Create namespaces with Kube.Namespace (enforce: restricted by default); for privileged, add the {JustificationAnnotation} annotation.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.CisKubernetes("5.2.1"), Frameworks.CisKubernetes("5.7.2"), Frameworks.Soc2("CC6.1")];

    public override bool JudgesType(string type) => type == KubeTypes.Namespace;

    public override bool AppliesTo(ResourceView resource, StackView stack) => JudgesType(resource.Type);

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        var labels = resource.Properties.At("metadata.labels") as MapValue;
        var level = Workloads.Entry(labels, EnforceLabel);
        var path = $"metadata.labels[\"{EnforceLabel}\"]";
        if (level is { IsComputed: true }) yield break;
        var text = (level as StringValue)?.Text;
        if (text is null)
            yield return new Violation(resource.Name, path, null, "the namespace enforces no Pod Security Standard");
        else if (!Levels.Contains(text))
            yield return new Violation(resource.Name, path, text, $"'{text}' is not a Pod Security level ({string.Join(", ", Levels)})");
        else if (text == "privileged" && Workloads.Text(resource.Properties.At("metadata.annotations") as MapValue, JustificationAnnotation) is null)
            yield return new Violation(resource.Name, $"metadata.annotations[\"{JustificationAnnotation}\"]", null,
                "the namespace allows privileged pods without a justification");
    }
}
