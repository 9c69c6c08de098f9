using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Components.Platform;

namespace Supplychain.Components.Retraining;

/// <summary>Per model: the retraining WorkflowTemplate and CronWorkflow, the drift check, and the drift-triggered Sensor.</summary>
public sealed partial class Retraining
{
    public const string WorkflowsApi = "argoproj.io/v1alpha1";
    /// <summary>Where the GitHub token Secret is mounted, in the proposal step only.</summary>
    public const string TokenMountPath = "/var/run/github";

    public static string TemplateName(ModelSpec model) => "retrain-" + model.Name;
    public static string DriftCheckName(ModelSpec model) => "drift-" + model.Name;
    public static string ScheduleName(ModelSpec model) => "scheduled-retrain-" + model.Name;
    public const string SensorName = "retrain-on-drift";

    private void RenderModel(ModelSpec model, string workflowsRelease)
    {
        var ns = "team-" + model.Team;
        var labels = ModelLabels(model);
        var template = Kube.CustomObject(Scope, WorkflowsApi, "WorkflowTemplate", TemplateName(model), ns, RetrainingSpec(model), labels);
        var objects = new List<MapValue> { template };
        var r = model.Retraining!;
        if (r.Schedule is { } schedule)
        {
            // Named apart from the template: objects of one ConfigGroup are told apart by namespace and name.
            objects.Add(Kube.CustomObject(Scope, WorkflowsApi, "CronWorkflow", ScheduleName(model), ns, new MapValue
            {
                ["schedules"] = new ListValue { schedule },
                ["timezone"] = "UTC",
                // One retraining at a time; a run missed while the controller was down is not replayed hours late.
                ["concurrencyPolicy"] = "Forbid",
                ["startingDeadlineSeconds"] = 600,
                ["successfulJobsHistoryLimit"] = 3,
                ["failedJobsHistoryLimit"] = 3,
                ["workflowSpec"] = new MapValue
                {
                    ["workflowTemplateRef"] = new MapValue { ["name"] = TemplateName(model) },
                    ["arguments"] = new MapValue { ["parameters"] = new ListValue { Param("trigger", "schedule") } },
                },
            }, labels));
        }
        Kube.ConfigGroup(Scope, "workflows-" + model.Name, objects, [workflowsRelease, .. TeamDependencies(model.Team)]);
    }

    private IEnumerable<string> TeamDependencies(string team)
    {
        var binding = _bindings[team];
        return [binding.ServiceAccountResource, .. binding.Grants];
    }

    private static Dictionary<string, string> ModelLabels(ModelSpec model) => new()
    {
        [Labels.Team] = model.Team,
        [Labels.Model] = model.Name,
    };

    private static MapValue Param(string name, Value value) => new() { ["name"] = name, ["value"] = value };

    /// <summary>The pod-level settings every workflow of a team shares: identity, no API token in main containers, restricted pods.</summary>
    private MapValue BaseSpec(ModelSpec model, string entrypoint, int deadlineSeconds)
    {
        var podLabels = new SortedDictionary<string, string>(Scope.Stack.GovernanceLabels.ToDictionary(), StringComparer.Ordinal)
        {
            [Labels.Component] = Scope.Component,
            [Labels.Team] = model.Team,
            [Labels.Model] = model.Name,
        };
        foreach (var (k, v) in _bindings[model.Team].PodLabels) podLabels[k] = v;
        return new MapValue
        {
            ["entrypoint"] = entrypoint,
            ["serviceAccountName"] = WorkflowServiceAccount,
            // Main containers get no Kubernetes token; only Argo's executor (init/wait) does, to report results.
            ["automountServiceAccountToken"] = false,
            ["executor"] = new MapValue { ["serviceAccountName"] = WorkflowServiceAccount },
            ["activeDeadlineSeconds"] = deadlineSeconds,
            ["ttlStrategy"] = new MapValue { ["secondsAfterCompletion"] = 604800 },
            ["podGC"] = new MapValue { ["strategy"] = "OnPodSuccess" },
            ["podMetadata"] = new MapValue { ["labels"] = MapValue.From(podLabels) },
            ["securityContext"] = new MapValue
            {
                ["runAsNonRoot"] = true,
                ["runAsUser"] = 65532,
                ["runAsGroup"] = 65532,
                ["fsGroup"] = 65532,
                ["seccompProfile"] = new MapValue { ["type"] = "RuntimeDefault" },
            },
            ["volumes"] = new ListValue
            {
                new EmptyDirVolume("work", "50Gi").Render(),
                new EmptyDirVolume("tmp").Render(),
            },
        };
    }

    private MapValue RetrainingSpec(ModelSpec model)
    {
        var r = model.Retraining!;
        var spec = BaseSpec(model, "retrain", r.TimeoutMinutes * 60);
        spec["arguments"] = new MapValue { ["parameters"] = new ListValue { Param("trigger", "manual") } };
        // Two runs of one model never race to open competing pull requests.
        spec["synchronization"] = new MapValue { ["mutexes"] = new ListValue { new MapValue { ["name"] = TemplateName(model) } } };
        spec["templates"] = new ListValue
        {
            new MapValue
            {
                ["name"] = "retrain",
                ["steps"] = new ListValue
                {
                    Step("snapshot", "snapshot"),
                    Step("train", "train", artifacts: [From("dataset", "snapshot", "dataset")]),
                    Step("evaluate", "evaluate", artifacts: [From("model", "train", "model")]),
                    Step("register", "register", artifacts: [From("model", "train", "model"), From("evaluation", "evaluate", "evaluation")],
                        parameters: [Param("dataset-digest", "{{steps.snapshot.outputs.parameters.digest}}")]),
                    Step("propose", "propose", artifacts: [From("evaluation", "evaluate", "evaluation")],
                        parameters:
                        [
                            Param("dataset-digest", "{{steps.snapshot.outputs.parameters.digest}}"),
                            Param("run-id", "{{steps.register.outputs.parameters.run-id}}"),
                            Param("model-digest", "{{steps.register.outputs.parameters.model-digest}}"),
                        ]),
                },
            },
            SnapshotTemplate(r),
            TrainTemplate(model),
            EvaluateTemplate(model),
            RegisterTemplate(model),
            ProposeTemplate(model),
        };
        return spec;
    }

    private static ListValue Step(string name, string template, IReadOnlyList<MapValue>? artifacts = null, IReadOnlyList<MapValue>? parameters = null,
        bool continueOnFailure = false)
    {
        var step = new MapValue { ["name"] = name, ["template"] = template };
        var arguments = new MapValue();
        if (parameters is { Count: > 0 }) arguments["parameters"] = new ListValue(parameters);
        if (artifacts is { Count: > 0 }) arguments["artifacts"] = new ListValue(artifacts);
        if (arguments.Count > 0) step["arguments"] = arguments;
        if (continueOnFailure) step["continueOn"] = new MapValue { ["failed"] = true };
        return new ListValue { step };
    }

    private static MapValue From(string name, string step, string artifact) =>
        new() { ["name"] = name, ["from"] = $"{{{{steps.{step}.outputs.artifacts.{artifact}}}}}" };

    private MapValue InputArtifact(string name, string path, string key)
    {
        var a = new MapValue { ["name"] = name, ["path"] = path };
        foreach (var (k, v) in Store.Location(key)) a[k] = v;
        return a;
    }

    private static MapValue OutputFile(string name, string path) =>
        new() { ["name"] = name, ["path"] = path, ["archive"] = new MapValue { ["none"] = new MapValue() } };

    private static MapValue OutputParameter(string name, string path) =>
        new() { ["name"] = name, ["valueFrom"] = new MapValue { ["path"] = path } };

    private static MapValue InputParameters(params string[] names) =>
        new() { ["parameters"] = new ListValue(names.Select(n => (Value)new MapValue { ["name"] = n })) };

    /// <summary>A container for a template (Argo names it main), with the secure defaults and the shared work volume.</summary>
    private static MapValue ContainerOf(string image, ComputeResources resources, IReadOnlyList<EnvVar>? env = null,
        IReadOnlyList<Value>? args = null, IReadOnlyList<VolumeMount>? extraMounts = null)
    {
        var c = new Container("main", image, resources)
        {
            Args = args,
            Env = env ?? [],
            VolumeMounts = [new VolumeMount("work", "/work"), .. extraMounts ?? []],
        }.Render();
        c.Remove("name");
        return c;
    }

    private static MapValue Script(string source, IReadOnlyList<EnvVar>? env = null, IReadOnlyList<VolumeMount>? extraMounts = null)
    {
        var c = ContainerOf(RetrainingScripts.Image, new ComputeResources("100m", "256Mi", CpuLimit: "500m", MemoryLimit: "512Mi"), env, extraMounts: extraMounts);
        c["command"] = new ListValue { "python" };
        c["source"] = source;
        return c;
    }

    private MapValue SnapshotTemplate(RetrainingSpec r) => new()
    {
        ["name"] = "snapshot",
        ["inputs"] = new MapValue { ["artifacts"] = new ListValue { InputArtifact("dataset", "/work/in/dataset", r.Dataset) } },
        ["script"] = Script(RetrainingScripts.Snapshot),
        ["outputs"] = new MapValue
        {
            ["parameters"] = new ListValue { OutputParameter("digest", "/work/out/digest") },
            ["artifacts"] = new ListValue { OutputFile("dataset", "/work/out/dataset") },
        },
        ["activeDeadlineSeconds"] = 3600,
        ["retryStrategy"] = new MapValue { ["limit"] = 2, ["retryPolicy"] = "OnError" },
    };

    /// <summary>
    /// The team's image on the training pool: GPU request, the pool's node selector and GPU toleration, the training
    /// priority class (never preempts serving), a per-attempt deadline, and retries on errors — a reclaimed spot node or a
    /// lost node is an error, not a failure of the code — with backoff, on another node.
    /// </summary>
    private MapValue TrainTemplate(ModelSpec model)
    {
        var r = model.Retraining!;
        var t = new MapValue
        {
            ["name"] = "train",
            ["inputs"] = new MapValue { ["artifacts"] = new ListValue { new MapValue { ["name"] = "dataset", ["path"] = "/work/dataset/data" } } },
            ["container"] = ContainerOf(r.TrainingImage, new ComputeResources(r.Cpu, r.Memory, r.Gpus),
                [
                    new EnvVar("MODEL_NAME", model.Name),
                    new EnvVar("DATASET_DIGEST", "{{steps.snapshot.outputs.parameters.digest}}"),
                    new EnvVar("MLFLOW_TRACKING_URI", Args.MlflowUrl),
                ],
                ["--dataset", "/work/dataset/data", "--output", "/work/model"]),
            ["outputs"] = new MapValue
            {
                ["artifacts"] = new ListValue
                {
                    With(OutputFile("model", ModelPath), Store.Location(ModelKey(model))),
                },
            },
            ["activeDeadlineSeconds"] = r.TrainTimeoutMinutes * 60,
            ["retryStrategy"] = new MapValue
            {
                ["limit"] = r.Retries,
                ["retryPolicy"] = "OnError",
                ["backoff"] = new MapValue { ["duration"] = "2m", ["factor"] = 2, ["maxDuration"] = "1h" },
                ["affinity"] = new MapValue { ["nodeAntiAffinity"] = new MapValue() },
            },
        };
        if (r.Gpus > 0)
        {
            var (_, placement) = TrainingPool(model);
            t["nodeSelector"] = MapValue.From(placement.NodeSelector);
            t["tolerations"] = new ListValue(placement.Tolerations.Select(x => (Value)x.Render()));
            t["priorityClassName"] = placement.PriorityClassName;
        }
        return t;
    }

    private static MapValue With(MapValue artifact, MapValue location)
    {
        foreach (var (k, v) in location) artifact[k] = v;
        return artifact;
    }

    private static string ModelKey(ModelSpec model) =>
        $"{RetrainingStore.KeyPrefix}/team-{model.Team}/{{{{workflow.name}}}}/model.onnx";

    /// <summary>The project's own <c>evaluate</c> verb gates the new model on the pinned evaluation dataset; a failed gate fails the run.</summary>
    private MapValue EvaluateTemplate(ModelSpec model)
    {
        var r = model.Retraining!;
        return new MapValue
        {
            ["name"] = "evaluate",
            ["inputs"] = new MapValue
            {
                ["artifacts"] = new ListValue
                {
                    new MapValue { ["name"] = "model", ["path"] = ModelPath },
                    InputArtifact("evaluation-dataset", EvaluationDatasetPath(r), r.EvaluationDataset),
                },
            },
            ["container"] = ContainerOf(Args.Loop.ToolImage, new ComputeResources("1", "2Gi"), args: EvaluateArguments(model)),
            ["outputs"] = new MapValue { ["artifacts"] = new ListValue { OutputFile("evaluation", EvaluationRecordPath) } },
            ["activeDeadlineSeconds"] = 3600,
        };
    }

    /// <summary>Where the scored model and the record are; the register and propose steps read the record's top-level <c>metrics</c>, <c>dataset</c> and <c>verdict</c>.</summary>
    public const string ModelPath = "/work/model/model.onnx";
    public const string EvaluationRecordPath = "/work/out/evaluation.json";

    /// <summary>The evaluation dataset keeps its key's file name: <c>evaluate</c> tells CSV, TSV and Parquet apart by the extension.</summary>
    public static string EvaluationDatasetPath(RetrainingSpec r) => "/work/eval/" + FileName(r.EvaluationDataset);

    private static string FileName(string key) => key[(key.LastIndexOf('/') + 1)..];

    /// <summary>The <c>evaluate</c> verb's <c>--task</c> for a <c>retraining.task</c>.</summary>
    public static string EvaluateTask(string task) => task switch
    {
        "binary-classification" => "binary",
        "multiclass-classification" => "multiclass",
        _ => task,
    };

    /// <summary>
    /// The <c>evaluate</c> command line (the tool image's entrypoint is the CLI), with the stack's gates for the model as
    /// flags: <c>--model-name</c> would read them from the stack file, which the image does not hold. A failed gate exits 1
    /// and stops the run before anything is registered or proposed.
    /// </summary>
    public static IReadOnlyList<Value> EvaluateArguments(ModelSpec model)
    {
        var r = model.Retraining!;
        var args = new List<Value> { "evaluate", "--model", ModelPath, "--dataset", EvaluationDatasetPath(r), "--task", EvaluateTask(r.Task), "--label", r.Label };
        foreach (var slice in r.Slices) args.AddRange(["--slice", slice]);
        foreach (var (metric, minimum) in r.Gates.Minimum.OrderBy(g => g.Key, StringComparer.Ordinal)) args.AddRange(["--min", Gate(metric, minimum)]);
        foreach (var (metric, gap) in r.Gates.MaxSliceGap.OrderBy(g => g.Key, StringComparer.Ordinal)) args.AddRange(["--max-gap", Gate(metric, gap)]);
        args.AddRange(["--out", EvaluationRecordPath]);
        return args;
    }

    private static string Gate(string metric, decimal value) => metric + "=" + value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private MapValue RegisterTemplate(ModelSpec model) => new()
    {
        ["name"] = "register",
        ["inputs"] = new MapValue
        {
            ["parameters"] = InputParameters("dataset-digest")["parameters"],
            ["artifacts"] = new ListValue
            {
                new MapValue { ["name"] = "model", ["path"] = ModelPath },
                new MapValue { ["name"] = "evaluation", ["path"] = "/work/evaluation/evaluation.json" },
            },
        },
        ["script"] = Script(RetrainingScripts.Register,
        [
            new EnvVar("MLFLOW_TRACKING_URI", Args.MlflowUrl),
            new EnvVar("MODEL_NAME", model.Name),
            new EnvVar("MODEL_VERSION", NewVersion(model)),
            new EnvVar("TRIGGER", "{{workflow.parameters.trigger}}"),
            new EnvVar("WORKFLOW_NAME", "{{workflow.name}}"),
            new EnvVar("DATASET_KEY", model.Retraining!.Dataset),
            new EnvVar("DATASET_DIGEST", "{{inputs.parameters.dataset-digest}}"),
        ]),
        ["outputs"] = new MapValue
        {
            ["parameters"] = new ListValue { OutputParameter("run-id", "/work/out/run-id"), OutputParameter("model-digest", "/work/out/model-digest") },
        },
        ["activeDeadlineSeconds"] = 600,
        ["retryStrategy"] = new MapValue { ["limit"] = 3, ["retryPolicy"] = "Always" },
    };

    /// <summary>A new label-safe version per run: the current one suffixed with the run's UTC creation time.</summary>
    private static string NewVersion(ModelSpec model)
    {
        var prefix = model.Version.Length > 48 ? model.Version[..48] : model.Version;
        return prefix + "-rt{{workflow.creationTimestamp.Y}}{{workflow.creationTimestamp.m}}{{workflow.creationTimestamp.d}}{{workflow.creationTimestamp.H}}{{workflow.creationTimestamp.M}}";
    }

    /// <summary>The file the pull request edits: the model's catalog file when it is served from one, else the stack's config file.</summary>
    public string ModelFile(ModelSpec model) => model.Catalog?.File ?? $"Pulumi.{Scope.Stack.StackName}.yaml";

    /// <summary>The only step that sees the GitHub token: a template-level Secret volume, read from a file, never an argument.</summary>
    private MapValue ProposeTemplate(ModelSpec model) => new()
    {
        ["name"] = "propose",
        ["inputs"] = new MapValue
        {
            ["parameters"] = InputParameters("dataset-digest", "run-id", "model-digest")["parameters"],
            ["artifacts"] = new ListValue { new MapValue { ["name"] = "evaluation", ["path"] = "/work/evaluation/evaluation.json" } },
        },
        ["volumes"] = new ListValue { new SecretVolume("github-token", Args.Loop.TokenSecret).Render() },
        ["script"] = Script(RetrainingScripts.Propose,
        [
            new EnvVar("REPOSITORY", Args.Loop.Repository),
            new EnvVar("BASE_BRANCH", Args.Loop.BaseBranch),
            new EnvVar("MODEL_NAME", model.Name),
            new EnvVar("MODEL_FILE", ModelFile(model)),
            new EnvVar("RELEASE", model.Catalog?.Release ?? ""),
            new EnvVar("NEW_VERSION", NewVersion(model)),
            new EnvVar("ARTIFACT_URI", Store.UriOf(ModelKey(model))),
            new EnvVar("MODEL_DIGEST", "{{inputs.parameters.model-digest}}"),
            new EnvVar("TRAINING_DATASET_DIGEST", "{{inputs.parameters.dataset-digest}}"),
            new EnvVar("DATASET_VERSION", model.Retraining!.Dataset.Replace('/', '-') + "@{{workflow.name}}"),
            new EnvVar("RUN_ID", "{{inputs.parameters.run-id}}"),
            new EnvVar("TRIGGER", "{{workflow.parameters.trigger}}"),
            new EnvVar("WORKFLOW_NAME", "{{workflow.name}}"),
        ], [new VolumeMount("github-token", TokenMountPath, ReadOnly: true)]),
        ["activeDeadlineSeconds"] = 600,
    };

    /// <summary>
    /// The drift check: a CronWorkflow (not a plain CronJob) so the samples are fetched by Argo's executor with the team's
    /// store identity, exactly as retraining's datasets are; <c>drift</c> exits 1 over its thresholds, which must still
    /// publish the scores, so the check step may fail and the publish step runs regardless.
    /// </summary>
    private void RenderDriftCheck(ModelSpec model, string workflowsRelease)
    {
        var d = model.DriftCheck!;
        var ns = "team-" + model.Team;
        var spec = BaseSpec(model, "drift", 1800);
        spec["templates"] = new ListValue
        {
            new MapValue
            {
                ["name"] = "drift",
                ["steps"] = new ListValue
                {
                    Step("check", "check", continueOnFailure: true),
                    Step("publish", "publish", artifacts: [From("scores", "check", "scores")]),
                },
            },
            new MapValue
            {
                ["name"] = "check",
                ["inputs"] = new MapValue
                {
                    ["artifacts"] = new ListValue
                    {
                        InputArtifact("reference", ReferencePath(d), d.Reference),
                        InputArtifact("current", CurrentPath(d), d.Current),
                    },
                },
                ["container"] = ContainerOf(Args.Loop.ToolImage, new ComputeResources("500m", "1Gi"), args: DriftArguments(model)),
                ["outputs"] = new MapValue { ["artifacts"] = new ListValue { OutputFile("scores", DriftExpositionPath) } },
                ["activeDeadlineSeconds"] = 1200,
            },
            new MapValue
            {
                ["name"] = "publish",
                ["inputs"] = new MapValue { ["artifacts"] = new ListValue { new MapValue { ["name"] = "scores", ["path"] = DriftExpositionPath } } },
                ["script"] = Script(RetrainingScripts.Publish,
                [
                    new EnvVar("PUSHGATEWAY_URL", PushgatewayUrl),
                    new EnvVar("NAMESPACE", ns),
                    new EnvVar("MODEL_NAME", model.Name),
                    new EnvVar("MODEL_VERSION", model.Version),
                ]),
                ["activeDeadlineSeconds"] = 300,
                ["retryStrategy"] = new MapValue { ["limit"] = 3, ["retryPolicy"] = "Always" },
            },
        };
        var cron = Kube.CustomObject(Scope, WorkflowsApi, "CronWorkflow", DriftCheckName(model), ns, new MapValue
        {
            ["schedules"] = new ListValue { d.Schedule },
            ["timezone"] = "UTC",
            ["concurrencyPolicy"] = "Replace",
            ["startingDeadlineSeconds"] = 300,
            ["successfulJobsHistoryLimit"] = 3,
            ["failedJobsHistoryLimit"] = 3,
            ["workflowSpec"] = spec,
        }, ModelLabels(model));
        Kube.ConfigGroup(Scope, "drift-" + model.Name, [cron], [workflowsRelease, .. TeamDependencies(model.Team)]);
    }

    /// <summary>The samples keep their keys' file names: <c>drift</c> tells CSV, TSV and Parquet apart by the extension.</summary>
    public static string ReferencePath(DriftCheckSpec d) => "/work/reference/" + FileName(d.Reference);
    public static string CurrentPath(DriftCheckSpec d) => "/work/current/" + FileName(d.Current);
    public const string DriftExpositionPath = "/work/out/drift.prom";

    /// <summary>The <c>drift</c> command line: reference and current samples, Prometheus exposition for the Pushgateway, the JSON report beside it.</summary>
    public static IReadOnlyList<Value> DriftArguments(ModelSpec model)
    {
        var d = model.DriftCheck!;
        return ["drift", "--reference", ReferencePath(d), "--current", CurrentPath(d), "--model-name", model.Name,
            "--prometheus", DriftExpositionPath, "--json", "/work/out/drift.json"];
    }

    /// <summary>
    /// Alertmanager → webhook EventSource → Sensor → a Workflow from the model's template. One dependency per model,
    /// filtered on the firing notification of that model (the route groups by model), so a drift alert of one model
    /// never retrains another; the Sensor can only create Workflows in the teams' namespaces.
    /// </summary>
    private void RenderDriftTrigger(string eventsRelease, string sensorAccount)
    {
        var ns = PlatformNamespaces.ArgoEvents;
        var container = new MapValue
        {
            ["resources"] = Resources("50m", "64Mi", "200m", "128Mi"),
            ["securityContext"] = RestrictedContainer(),
        };
        var podSecurity = new MapValue
        {
            ["runAsNonRoot"] = true,
            ["runAsUser"] = 65532,
            ["fsGroup"] = 65532,
            ["seccompProfile"] = new MapValue { ["type"] = "RuntimeDefault" },
        };
        var bus = Kube.CustomObject(Scope, WorkflowsApi, "EventBus", "default", ns, new MapValue
        {
            ["jetstream"] = new MapValue
            {
                ["version"] = JetStreamVersion,
                ["replicas"] = 3,
                ["containerTemplate"] = new MapValue { ["resources"] = Resources("100m", "256Mi", "500m", "512Mi"), ["securityContext"] = RestrictedContainer() },
                ["metricsContainerTemplate"] = new MapValue { ["resources"] = Resources("20m", "32Mi", "100m", "64Mi"), ["securityContext"] = RestrictedContainer() },
                ["reloaderContainerTemplate"] = new MapValue { ["resources"] = Resources("20m", "32Mi", "100m", "64Mi"), ["securityContext"] = RestrictedContainer() },
                ["securityContext"] = podSecurity,
            },
        });
        var source = Kube.CustomObject(Scope, WorkflowsApi, "EventSource", EventSourceName, ns, new MapValue
        {
            ["service"] = new MapValue { ["ports"] = new ListValue { new MapValue { ["port"] = WebhookPort, ["targetPort"] = WebhookPort } } },
            ["template"] = new MapValue { ["container"] = container, ["securityContext"] = podSecurity },
            ["webhook"] = new MapValue
            {
                ["drift"] = new MapValue { ["port"] = WebhookPort.ToString(System.Globalization.CultureInfo.InvariantCulture), ["endpoint"] = WebhookPath, ["method"] = "POST" },
            },
        });
        var dependencies = new ListValue();
        var triggers = new ListValue();
        foreach (var model in Retrained.Where(m => m.Retraining!.OnDrift))
        {
            var dependency = "drift-" + model.Name;
            dependencies.Add(new MapValue
            {
                ["name"] = dependency,
                ["eventSourceName"] = EventSourceName,
                ["eventName"] = "drift",
                ["filters"] = new MapValue
                {
                    ["data"] = new ListValue
                    {
                        new MapValue { ["path"] = "body.status", ["type"] = "string", ["value"] = new ListValue { "firing" } },
                        new MapValue { ["path"] = "body.commonLabels.model", ["type"] = "string", ["value"] = new ListValue { model.Name } },
                    },
                },
            });
            triggers.Add(new MapValue
            {
                ["template"] = new MapValue
                {
                    ["name"] = TemplateName(model),
                    ["conditions"] = dependency,
                    ["k8s"] = new MapValue
                    {
                        ["operation"] = "create",
                        ["source"] = new MapValue
                        {
                            ["resource"] = new MapValue
                            {
                                ["apiVersion"] = WorkflowsApi,
                                ["kind"] = "Workflow",
                                ["metadata"] = new MapValue
                                {
                                    ["generateName"] = TemplateName(model) + "-drift-",
                                    ["namespace"] = "team-" + model.Team,
                                    ["labels"] = Scope.Labels(null, ModelLabels(model)),
                                },
                                ["spec"] = new MapValue
                                {
                                    ["workflowTemplateRef"] = new MapValue { ["name"] = TemplateName(model) },
                                    ["arguments"] = new MapValue { ["parameters"] = new ListValue { Param("trigger", "drift") } },
                                },
                            },
                        },
                    },
                },
                ["retryStrategy"] = new MapValue { ["steps"] = 3 },
            });
        }
        var sensor = Kube.CustomObject(Scope, WorkflowsApi, "Sensor", SensorName, ns, new MapValue
        {
            ["template"] = new MapValue { ["serviceAccountName"] = SensorServiceAccount, ["container"] = container, ["securityContext"] = podSecurity },
            ["dependencies"] = dependencies,
            ["triggers"] = triggers,
        });
        Kube.ConfigGroup(Scope, "drift-trigger", [bus, source, sensor], [eventsRelease, sensorAccount, WorkflowsRelease]);
    }
}
