namespace Supplychain.Components.Kubernetes;

/// <summary>The Pulumi type tokens of the Kubernetes resources the components use, in one place.</summary>
public static class KubeTypes
{
    public const string Provider = "pulumi:providers:kubernetes";
    public const string Namespace = "kubernetes:core/v1:Namespace";
    public const string Service = "kubernetes:core/v1:Service";
    public const string ServiceAccount = "kubernetes:core/v1:ServiceAccount";
    public const string ConfigMap = "kubernetes:core/v1:ConfigMap";
    public const string Secret = "kubernetes:core/v1:Secret";
    public const string PersistentVolumeClaim = "kubernetes:core/v1:PersistentVolumeClaim";
    public const string ResourceQuota = "kubernetes:core/v1:ResourceQuota";
    public const string LimitRange = "kubernetes:core/v1:LimitRange";
    public const string Deployment = "kubernetes:apps/v1:Deployment";
    public const string StatefulSet = "kubernetes:apps/v1:StatefulSet";
    public const string DaemonSet = "kubernetes:apps/v1:DaemonSet";
    public const string Job = "kubernetes:batch/v1:Job";
    public const string Role = "kubernetes:rbac.authorization.k8s.io/v1:Role";
    public const string RoleBinding = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding";
    public const string ClusterRole = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole";
    public const string NetworkPolicy = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
    public const string Ingress = "kubernetes:networking.k8s.io/v1:Ingress";
    public const string PriorityClass = "kubernetes:scheduling.k8s.io/v1:PriorityClass";
    public const string PodDisruptionBudget = "kubernetes:policy/v1:PodDisruptionBudget";
    public const string HelmRelease = "kubernetes:helm.sh/v3:Release";
    public const string ConfigGroup = "kubernetes:yaml/v2:ConfigGroup";
}
