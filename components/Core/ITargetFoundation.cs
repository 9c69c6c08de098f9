namespace Supplychain.Components.Core;

/// <summary>
/// What a target creates before the components render: for clouds the network, the managed cluster and its
/// identity plumbing. Components read it from their scope (<see cref="Scope.FoundationAs{T}"/>) to place their
/// cloud resources; every in-cluster resource uses the foundation's Kubernetes provider.
/// </summary>
public interface ITargetFoundation
{
    /// <summary>Logical name of the <c>pulumi:providers:kubernetes</c> resource bound to the target's cluster.</summary>
    string KubernetesProvider { get; }
}
