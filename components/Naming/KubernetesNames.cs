namespace Supplychain.Components.Naming;

/// <summary>Kubernetes object names and label values (https://kubernetes.io/docs/concepts/overview/working-with-objects/names/).</summary>
public static class KubernetesNames
{
    private const string NamesPage = "https://kubernetes.io/docs/concepts/overview/working-with-objects/names/";

    /// <summary>Services, namespaces: an RFC 1035 / 1123 label.</summary>
    public static readonly NameRule ServiceName = new("Kubernetes Service", 1, 63, @"\A[a-z]([-a-z0-9]*[a-z0-9])?\z", "namespace", NamesPage + "#rfc-1035-label-names");
    public static readonly NameRule NamespaceName = new("Kubernetes Namespace", 1, 63, @"\A[a-z0-9]([-a-z0-9]*[a-z0-9])?\z", "cluster", NamesPage + "#dns-label-names");
    /// <summary>Most other objects (ConfigMaps, Deployments, Rollouts, ...): an RFC 1123 subdomain.</summary>
    public static readonly NameRule ObjectName = new("Kubernetes object", 1, 253, @"\A[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\z", "namespace and kind", NamesPage + "#dns-subdomain-names");
    public static readonly NameRule LabelValue = new("Kubernetes label value", 0, 63, @"\A(|[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)\z", "—",
        "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set");

    public static IReadOnlyList<NameRule> Rules { get; } = [ServiceName, NamespaceName, ObjectName, LabelValue];

    /// <summary>A Service name from a base and a suffix, fitted to 63 with a hash when the two together are longer.</summary>
    public static string Service(string name) => ServiceName.Checked(NameFitting.Fit(name, ServiceName.MaxLength));
}
