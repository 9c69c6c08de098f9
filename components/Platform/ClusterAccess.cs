using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;

namespace Supplychain.Components.Platform;

/// <summary>
/// The explicit Kubernetes provider every in-cluster resource uses. On the local target it points at a
/// kubeconfig context (or the current one); cloud targets build it from the cluster they create.
/// </summary>
public static class ClusterAccess
{
    public static Resource LocalProvider(Scope scope, LocalTargetSpec local)
    {
        var props = new MapValue
        {
            // Server-side apply lets Helm-installed CRDs and our objects share fields without conflicts.
            ["enableServerSideApply"] = true,
            // Resources must not fall back to the ambient cluster silently.
            ["suppressHelmHookWarnings"] = true,
        };
        if (local.KubeContext is not null) props["context"] = local.KubeContext;
        return scope.Add("k8s", KubeTypes.Provider, props);
    }
}
