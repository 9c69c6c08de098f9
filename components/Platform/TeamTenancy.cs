using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;

namespace Supplychain.Components.Platform;

/// <summary>
/// A team's tenancy: its namespace (restricted pod security), default-deny networking with the flows
/// model serving needs, an edit Role bound to the team's groups, and a read-only Role for everyone else
/// in the platform group. Teams never get cluster-wide rights.
/// </summary>
public sealed class TeamTenancy
{
    public TeamTenancy(Scope parent, TeamSpec team)
    {
        Team = team;
        Scope = parent.Child(team.Name);
        NamespaceResource = Kube.Namespace(Scope, "namespace", team.Namespace, PodSecurityLevel.Restricted,
            new Dictionary<string, string> { [Labels.Team] = team.Name });

        NetworkIsolation.Apply(Scope, team.Namespace,
            ingressFrom:
            [
                Peer.FromNamespace(PlatformNamespaces.Monitoring),   // Prometheus scrapes model metrics
                Peer.FromNamespace(PlatformNamespaces.ArgoRollouts), // the controller probes canary pods
            ],
            egressTo:
            [
                Peer.FromNamespace(PlatformNamespaces.Artifacts, 9000), // model artifacts from the object store
                Peer.FromNamespace(PlatformNamespaces.Feast, 6566),     // online features
                Peer.FromNamespace(PlatformNamespaces.Mlflow, 5000),    // model registry lookups
            ]);

        var edit = Kube.Role(Scope, "role-edit", team.Namespace, "team-edit",
        [
            new(["", "apps"], ["pods", "pods/log", "services", "configmaps", "deployments", "replicasets", "events"], ["get", "list", "watch"]),
            new(["argoproj.io"], ["rollouts", "analysisruns", "analysistemplates", "experiments"], ["get", "list", "watch", "patch", "update"]),
            new([""], ["pods"], ["delete"]),
            new(["batch"], ["jobs", "cronjobs"], ["get", "list", "watch", "create", "delete"]),
        ]);
        Kube.RoleBinding(Scope, "rolebinding-edit", team.Namespace, "team-edit", "team-edit", "Role",
            team.EffectiveGroups.Select(g => ("Group", g)).ToList());
        EditRole = edit;
    }

    public TeamSpec Team { get; }
    public Scope Scope { get; }
    public Resource NamespaceResource { get; }
    public Resource EditRole { get; }
}
