using Supplychain.Components.Core;
using Supplychain.Components.Domain;

namespace Supplychain.Components.Platform.Aws;

/// <summary>The AWS foundation: network, EKS cluster, OIDC provider and the Kubernetes provider built from the cluster.</summary>
public sealed class AwsFoundation : ITargetFoundation
{
    private AwsFoundation(string kubernetesProvider) => KubernetesProvider = kubernetesProvider;

    public string KubernetesProvider { get; }

    public static AwsFoundation Create(Scope root, SupplyChainSpec spec) =>
        throw new NotSupportedException("the aws target is not rendered yet");
}
