using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Components.Platform;

namespace Supplychain.Components.Retraining;

/// <summary>
/// The in-cluster part, the same on every target: Argo Workflows and Argo Events from pinned charts, the drift Pushgateway,
/// the webhook EventSource and the Sensor, least-privilege service accounts and network policies, and per model the
/// WorkflowTemplate, its CronWorkflow and the drift check.
/// </summary>
public sealed partial class Retraining
{
    public const string ArgoHelmRepository = "https://argoproj.github.io/argo-helm";
    public const string WorkflowsChartVersion = "1.0.18"; // Argo Workflows v4.0.6
    public const string EventsChartVersion = "2.4.22";    // Argo Events v1.9.10
    public const string JetStreamVersion = "2.10.10";     // a version argo-events 2.4.22 configures (configs.jetstream.versions)
    public const string PushgatewayImage = "quay.io/prometheus/pushgateway:v1.11.1";
    public const string PushgatewayName = "drift-pushgateway";
    public const int PushgatewayPort = 9091;

    /// <summary>The team service account workflows (and their executors) run as.</summary>
    public const string WorkflowServiceAccount = "retraining";
    public const string SensorServiceAccount = "retraining-sensor";
    /// <summary>The label Argo puts on every workflow pod; the team-namespace policy selects on it.</summary>
    public const string WorkflowPodLabel = "workflows.argoproj.io/workflow";

    private static string PushgatewayUrl => $"http://{PushgatewayName}.{PlatformNamespaces.ArgoWorkflows}.svc.cluster.local:{PushgatewayPort}";

    private void RenderKubernetes()
    {
        var teams = LoopTeams.ToList();
        var teamNamespaces = teams.Select(t => "team-" + t).ToList();
        var workflowsNs = Kube.Namespace(Scope.Child("workflows"), "namespace", PlatformNamespaces.ArgoWorkflows);
        var eventsNs = Kube.Namespace(Scope.Child("events"), "namespace", PlatformNamespaces.ArgoEvents);

        NetworkIsolation.Apply(Scope.Child("workflows"), PlatformNamespaces.ArgoWorkflows,
            ingressFrom:
            [
                Peer.FromNamespace(PlatformNamespaces.Monitoring), // Prometheus scrapes the controller and the Pushgateway
                .. teamNamespaces.Select(ns => Peer.FromNamespace(ns, PushgatewayPort)), // drift checks push their scores
            ],
            egressTo: [Peer.Anywhere(443, 6443)]); // the API server only
        NetworkIsolation.Apply(Scope.Child("events"), PlatformNamespaces.ArgoEvents,
            ingressFrom: [Peer.FromNamespace(PlatformNamespaces.Monitoring, WebhookPort, 8082)], // Alertmanager posts alerts; metrics
            egressTo: [Peer.Anywhere(443, 6443)]); // the API server: the Sensor creates Workflows

        var workflows = Kube.HelmRelease(Scope, "argo-workflows", PlatformNamespaces.ArgoWorkflows, "argo-workflows", "argo-workflows",
            WorkflowsChartVersion, ArgoHelmRepository, WorkflowsValues(teamNamespaces), new ResourceOptions { DependsOn = [workflowsNs.Name] });
        var events = Kube.HelmRelease(Scope, "argo-events", PlatformNamespaces.ArgoEvents, "argo-events", "argo-events",
            EventsChartVersion, ArgoHelmRepository, EventsValues(), new ResourceOptions { DependsOn = [eventsNs.Name] });
        WorkflowsRelease = workflows.Name;

        RenderPushgateway(workflowsNs.Name);
        var scrape = new List<ScrapeTarget>
        {
            new("argo-workflows-controller", PlatformNamespaces.ArgoWorkflows, "argo-workflows-workflow-controller", "metrics"),
            new("argo-events-controller", PlatformNamespaces.ArgoEvents, "argo-events-controller-manager-metrics", "metrics"),
            // Pushed groups carry namespace, model and version of the model they describe: keep them.
            new(PushgatewayName, PlatformNamespaces.ArgoWorkflows, PushgatewayName, "http", HonorLabels: true),
        };
        ScrapeTargets = scrape;

        var sensorAccount = Kube.ServiceAccount(Scope.Child("events"), "sensor-service-account", PlatformNamespaces.ArgoEvents, SensorServiceAccount);
        sensorAccount.Options = sensorAccount.Options with { DependsOn = [eventsNs.Name] };
        foreach (var team in teams) RenderTeam(team, workflows.Name);

        var models = Retrained.ToList();
        foreach (var model in models) RenderModel(model, workflows.Name);
        foreach (var model in DriftChecked) RenderDriftCheck(model, workflows.Name);
        if (models.Any(m => m.Retraining!.OnDrift)) RenderDriftTrigger(events.Name, sensorAccount.Name);
    }

    /// <summary>
    /// Per team: the workflow service account (with the store identity of the target), a Role that lets the executor
    /// report step results and nothing else, a Role that lets the Sensor create Workflows there, and egress for workflow pods.
    /// </summary>
    private void RenderTeam(string teamName, string workflowsRelease)
    {
        var team = new TeamSpec(teamName);
        var scope = Scope.Child("teams").Child(teamName);
        var deps = Args.TeamNamespaceResources.TryGetValue(teamName, out var ns) ? new List<string> { ns } : [];
        var binding = Store.BindTeam(scope, team, WorkflowServiceAccount, deps);
        _bindings[teamName] = binding;

        Kube.Role(scope, "role-executor", team.Namespace, "retraining-executor",
            [new(["argoproj.io"], ["workflowtaskresults"], ["create", "patch"])]);
        Kube.RoleBinding(scope, "rolebinding-executor", team.Namespace, "retraining-executor", "retraining-executor", "Role",
            [("ServiceAccount", WorkflowServiceAccount)]);
        if (Args.Models.Any(m => m.Team == teamName && m.Retraining?.OnDrift == true))
        {
            Kube.Role(scope, "role-sensor", team.Namespace, "retraining-sensor", [new(["argoproj.io"], ["workflows"], ["create"])]);
            scope.Add("rolebinding-sensor", KubeTypes.RoleBinding, new MapValue
            {
                ["metadata"] = Kube.Metadata(scope, "retraining-sensor", team.Namespace),
                ["roleRef"] = new MapValue { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "Role", ["name"] = "retraining-sensor" },
                ["subjects"] = new ListValue
                {
                    new MapValue { ["kind"] = "ServiceAccount", ["name"] = SensorServiceAccount, ["namespace"] = PlatformNamespaces.ArgoEvents },
                },
            });
        }

        // Workflow pods: the executor talks to the API server, the proposal step to the GitHub API (both HTTPS on
        // addresses outside the pod network), drift checks push to the Pushgateway, and the store as the target needs.
        var egress = new ListValue
        {
            new MapValue
            {
                ["to"] = new ListValue { new MapValue { ["ipBlock"] = new MapValue { ["cidr"] = "0.0.0.0/0" } } },
                ["ports"] = new ListValue { Port(443), Port(6443) },
            },
            new MapValue { ["to"] = new ListValue { Kube.NamespacePeer(PlatformNamespaces.ArgoWorkflows) }, ["ports"] = new ListValue { Port(PushgatewayPort) } },
        };
        foreach (var peer in Store.Egress.Where(p => p.Namespace is not null))
            egress.Add(new MapValue { ["to"] = new ListValue { Kube.NamespacePeer(peer.Namespace!) }, ["ports"] = new ListValue(peer.Ports.Select(p => (Value)Port(p))) });
        Kube.NetworkPolicy(scope, "netpol-workflows", team.Namespace, "allow-retraining-workflows",
            new MapValue { ["matchExpressions"] = new ListValue { new MapValue { ["key"] = WorkflowPodLabel, ["operator"] = "Exists" } } },
            ["Egress"], egress: egress);
    }

    private readonly Dictionary<string, ServiceAccountBinding> _bindings = new(StringComparer.Ordinal);

    private static MapValue Port(int port) => new() { ["protocol"] = "TCP", ["port"] = port };

    private void RenderPushgateway(string namespaceResource)
    {
        var scope = Scope.Child("pushgateway");
        var container = new Container("pushgateway", PushgatewayImage, new ComputeResources("50m", "64Mi", CpuLimit: "200m", MemoryLimit: "128Mi"))
        {
            Args = ["--web.listen-address=:" + PushgatewayPort],
            Ports = [new ContainerPort("http", PushgatewayPort)],
            Readiness = Probe.Http("/-/ready", "http"),
            Liveness = Probe.Http("/-/healthy", "http"),
        };
        Kube.Deployment(scope, "deployment", PlatformNamespaces.ArgoWorkflows, PushgatewayName, new PodSpec([container]),
            options: new ResourceOptions { DependsOn = [namespaceResource] });
        Kube.Service(scope, "service", PlatformNamespaces.ArgoWorkflows, PushgatewayName, [new ContainerPort("http", PushgatewayPort)],
            options: new ResourceOptions { DependsOn = [namespaceResource] });
    }

    private static MapValue Resources(string cpu, string memory, string cpuLimit, string memoryLimit) =>
        new ComputeResources(cpu, memory, CpuLimit: cpuLimit, MemoryLimit: memoryLimit).Render();

    /// <summary>What Pod Security <c>restricted</c> asks of every container, Argo's own included.</summary>
    internal static MapValue RestrictedContainer() => new()
    {
        ["runAsNonRoot"] = true,
        ["allowPrivilegeEscalation"] = false,
        ["privileged"] = false,
        ["readOnlyRootFilesystem"] = true,
        ["capabilities"] = new MapValue { ["drop"] = new ListValue { "ALL" } },
        ["seccompProfile"] = new MapValue { ["type"] = "RuntimeDefault" },
    };

    private MapValue WorkflowsValues(IReadOnlyList<string> teamNamespaces) => new()
    {
        ["fullnameOverride"] = "argo-workflows",
        ["crds"] = new MapValue { ["install"] = true, ["keep"] = true },
        ["singleNamespace"] = false,
        // Our own service accounts and Roles per team (RenderTeam), not the chart's broader argo-workflow role.
        ["workflow"] = new MapValue
        {
            ["serviceAccount"] = new MapValue { ["create"] = false },
            ["rbac"] = new MapValue { ["create"] = false },
        },
        ["controller"] = new MapValue
        {
            ["workflowNamespaces"] = new ListValue(teamNamespaces.Select(n => (Value)n)),
            ["metricsConfig"] = new MapValue { ["enabled"] = true },
            ["resources"] = Resources("100m", "256Mi", "500m", "512Mi"),
            // Every workflow gets a deadline and is garbage-collected, even one a person submits by hand.
            ["workflowDefaults"] = new MapValue
            {
                ["spec"] = new MapValue
                {
                    ["activeDeadlineSeconds"] = 86400,
                    ["ttlStrategy"] = new MapValue { ["secondsAfterCompletion"] = 604800 },
                    ["podGC"] = new MapValue { ["strategy"] = "OnPodSuccess" },
                },
            },
        },
        ["executor"] = new MapValue
        {
            ["resources"] = Resources("50m", "64Mi", "500m", "256Mi"),
            ["securityContext"] = RestrictedContainer(),
        },
        ["mainContainer"] = new MapValue { ["securityContext"] = RestrictedContainer() },
        // No UI server: people use the argo CLI through the API server and their team RBAC; one less exposed service.
        ["server"] = new MapValue { ["enabled"] = false },
        ["artifactRepository"] = Store.Repository,
    };

    private static MapValue EventsValues() => new()
    {
        ["crds"] = new MapValue { ["install"] = true, ["keep"] = true },
        ["controller"] = new MapValue
        {
            ["metrics"] = new MapValue { ["enabled"] = true },
            ["resources"] = Resources("50m", "128Mi", "500m", "256Mi"),
            // The chart's default container context is empty (CMP061): the controller runs restricted like the workflow pods.
            ["containerSecurityContext"] = RestrictedContainer(),
        },
        ["webhook"] = new MapValue { ["enabled"] = false },
    };
}
