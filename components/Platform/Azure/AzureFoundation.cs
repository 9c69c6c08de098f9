using Supplychain.Components.Core;
using Supplychain.Components.Domain;

namespace Supplychain.Components.Platform.Azure;

/// <summary>The Azure foundation: resource group, network, AKS cluster and the Kubernetes provider built from its credentials.</summary>
public sealed class AzureFoundation : ITargetFoundation
{
    private AzureFoundation(string kubernetesProvider) => KubernetesProvider = kubernetesProvider;

    public string KubernetesProvider { get; }

    public static AzureFoundation Create(Scope root, SupplyChainSpec spec) =>
        throw new NotSupportedException("the azure target is not rendered yet");
}
