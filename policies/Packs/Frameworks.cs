using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs;

/// <summary>
/// The framework controls the packs cite, spelled once so every policy names a control the same way
/// (reports group findings by these strings).
/// </summary>
public static class Frameworks
{
    public static FrameworkControl EuAiAct(string article) => new("EU AI Act", article);
    public static FrameworkControl NistAiRmf(string subcategory) => new("NIST AI RMF", subcategory);
    public static FrameworkControl Iso42001(string control) => new("ISO/IEC 42001", control);
    public static FrameworkControl Soc2(string criterion) => new("SOC 2", criterion);
    public static FrameworkControl CisKubernetes(string item) => new("CIS Kubernetes Benchmark", item);
    public static FrameworkControl CisEks(string item) => new("CIS Amazon EKS Benchmark", item);
    public static FrameworkControl CisAks(string item) => new("CIS Azure Kubernetes Service Benchmark", item);
}
