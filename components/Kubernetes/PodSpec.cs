using Supplychain.Components.Model;

namespace Supplychain.Components.Kubernetes;

/// <summary>An environment variable: a literal/reference value, or a key of a Secret.</summary>
public sealed record EnvVar(string Name, Value? Value = null, string? SecretName = null, string? SecretKey = null)
{
    public static EnvVar FromSecret(string name, string secretName, string key) => new(name, null, secretName, key);

    public MapValue Render()
    {
        var m = new MapValue { ["name"] = Name };
        if (SecretName is not null)
            m["valueFrom"] = new MapValue { ["secretKeyRef"] = new MapValue { ["name"] = SecretName, ["key"] = SecretKey ?? Name } };
        else
            m["value"] = Value ?? throw new InvalidOperationException($"env var {Name} has neither a value nor a secret");
        return m;
    }
}

/// <summary>Requests and limits. Limits default to the requests (guaranteed QoS), so a noisy neighbour cannot starve the node.</summary>
public sealed record ComputeResources(string Cpu, string Memory, int Gpus = 0, string? CpuLimit = null, string? MemoryLimit = null)
{
    public const string GpuResource = "nvidia.com/gpu";

    public MapValue Render()
    {
        var requests = new MapValue { ["cpu"] = Cpu, ["memory"] = Memory };
        var limits = new MapValue { ["cpu"] = CpuLimit ?? Cpu, ["memory"] = MemoryLimit ?? Memory };
        if (Gpus > 0)
        {
            requests[GpuResource] = Gpus.ToString(System.Globalization.CultureInfo.InvariantCulture);
            limits[GpuResource] = Gpus.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return new MapValue { ["requests"] = requests, ["limits"] = limits };
    }
}

/// <summary>A readiness or liveness probe: HTTP GET, TCP connect, or a command run in the container.</summary>
public sealed record Probe
{
    private Probe() { }

    public string? HttpPath { get; private init; }
    public Value? Port { get; private init; }
    public IReadOnlyList<string>? Command { get; private init; }
    public int InitialDelaySeconds { get; init; } = 10;
    public int PeriodSeconds { get; init; } = 10;
    public int FailureThreshold { get; init; } = 3;

    public static Probe Http(string path, Value port) => new() { HttpPath = path, Port = port };
    public static Probe Tcp(Value port) => new() { Port = port };
    public static Probe Exec(params string[] command) => new() { Command = command };

    public MapValue Render()
    {
        var m = new MapValue
        {
            ["initialDelaySeconds"] = InitialDelaySeconds,
            ["periodSeconds"] = PeriodSeconds,
            ["failureThreshold"] = FailureThreshold,
        };
        if (Command is not null) m["exec"] = new MapValue { ["command"] = new ListValue(Command.Select(c => (Value)c)) };
        else if (HttpPath is not null) m["httpGet"] = new MapValue { ["path"] = HttpPath, ["port"] = Port! };
        else m["tcpSocket"] = new MapValue { ["port"] = Port! };
        return m;
    }
}

public sealed record ContainerPort(string Name, int Port);

public sealed record VolumeMount(string Name, string MountPath, bool ReadOnly = false, string? SubPath = null)
{
    public MapValue Render()
    {
        var m = new MapValue { ["name"] = Name, ["mountPath"] = MountPath };
        if (ReadOnly) m["readOnly"] = true;
        if (SubPath is not null) m["subPath"] = SubPath;
        return m;
    }
}

/// <summary>A pod volume: an emptyDir, a PVC, a Secret or a ConfigMap.</summary>
public abstract record Volume(string Name)
{
    public abstract MapValue Render();
}

public sealed record EmptyDirVolume(string Name, string? SizeLimit = "256Mi") : Volume(Name)
{
    public override MapValue Render() => new() { ["name"] = Name, ["emptyDir"] = SizeLimit is null ? new MapValue() : new MapValue { ["sizeLimit"] = SizeLimit } };
}

public sealed record PvcVolume(string Name, string ClaimName) : Volume(Name)
{
    public override MapValue Render() => new() { ["name"] = Name, ["persistentVolumeClaim"] = new MapValue { ["claimName"] = ClaimName } };
}

public sealed record SecretVolume(string Name, string SecretName) : Volume(Name)
{
    public override MapValue Render() => new() { ["name"] = Name, ["secret"] = new MapValue { ["secretName"] = SecretName, ["defaultMode"] = 0x124 /* 0444 */ } };
}

public sealed record ConfigMapVolume(string Name, string ConfigMapName) : Volume(Name)
{
    public override MapValue Render() => new() { ["name"] = Name, ["configMap"] = new MapValue { ["name"] = ConfigMapName } };
}

/// <summary>
/// A container with secure defaults (cdk8s-plus style): non-root, no privilege escalation, all
/// capabilities dropped, read-only root filesystem with a writable <c>/tmp</c>, RuntimeDefault seccomp.
/// Each default can be overridden where an image needs it, and the override is visible in review.
/// </summary>
public sealed record Container(string Name, string Image, ComputeResources Resources)
{
    public IReadOnlyList<string>? Command { get; init; }
    public IReadOnlyList<Value>? Args { get; init; }
    public IReadOnlyList<EnvVar> Env { get; init; } = [];
    public IReadOnlyList<ContainerPort> Ports { get; init; } = [];
    public Probe? Readiness { get; init; }
    public Probe? Liveness { get; init; }
    public IReadOnlyList<VolumeMount> VolumeMounts { get; init; } = [];
    /// <summary>UID to run as (default 65532, the distroless "nonroot" user).</summary>
    public long RunAsUser { get; init; } = 65532;
    public long? RunAsGroup { get; init; }
    public bool ReadOnlyRootFilesystem { get; init; } = true;
    /// <summary>Mount an emptyDir at /tmp (default true) so read-only images can still write scratch files.</summary>
    public bool WritableTmp { get; init; } = true;

    public MapValue Render()
    {
        var m = new MapValue
        {
            ["name"] = Name,
            ["image"] = Image,
            ["imagePullPolicy"] = "IfNotPresent",
            ["resources"] = Resources.Render(),
            ["securityContext"] = new MapValue
            {
                ["runAsNonRoot"] = true,
                ["runAsUser"] = RunAsUser,
                ["runAsGroup"] = RunAsGroup ?? RunAsUser,
                ["allowPrivilegeEscalation"] = false,
                ["privileged"] = false,
                ["readOnlyRootFilesystem"] = ReadOnlyRootFilesystem,
                ["capabilities"] = new MapValue { ["drop"] = new ListValue { "ALL" } },
                ["seccompProfile"] = new MapValue { ["type"] = "RuntimeDefault" },
            },
        };
        if (Command is not null) m["command"] = new ListValue(Command.Select(c => (Value)c));
        if (Args is not null) m["args"] = new ListValue(Args);
        if (Env.Count > 0) m["env"] = new ListValue(Env.Select(e => (Value)e.Render()));
        if (Ports.Count > 0)
            m["ports"] = new ListValue(Ports.Select(p => (Value)new MapValue { ["name"] = p.Name, ["containerPort"] = p.Port, ["protocol"] = "TCP" }));
        if (Readiness is not null) m["readinessProbe"] = Readiness.Render();
        if (Liveness is not null) m["livenessProbe"] = Liveness.Render();
        var mounts = VolumeMounts.ToList();
        if (WritableTmp) mounts.Add(new VolumeMount("tmp", "/tmp"));
        if (mounts.Count > 0) m["volumeMounts"] = new ListValue(mounts.Select(v => (Value)v.Render()));
        return m;
    }
}

public sealed record Toleration(string Key, string Effect = "NoSchedule", string Operator = "Exists", string? Value = null)
{
    public MapValue Render()
    {
        var m = new MapValue { ["key"] = Key, ["operator"] = Operator, ["effect"] = Effect };
        if (Value is not null) m["value"] = Value;
        return m;
    }

    public static Toleration Gpu { get; } = new(ComputeResources.GpuResource);
}

/// <summary>A pod template's spec, with secure pod-level defaults (no service account token unless asked, fsGroup set).</summary>
public sealed record PodSpec(IReadOnlyList<Container> Containers)
{
    public IReadOnlyList<Container> InitContainers { get; init; } = [];
    public IReadOnlyList<Volume> Volumes { get; init; } = [];
    public string? ServiceAccountName { get; init; }
    public bool AutomountServiceAccountToken { get; init; }
    public IReadOnlyDictionary<string, string>? NodeSelector { get; init; }
    public IReadOnlyList<Toleration> Tolerations { get; init; } = [];
    public string? PriorityClassName { get; init; }
    public long FsGroup { get; init; } = 65532;
    public string? RestartPolicy { get; init; }
    public int? TerminationGracePeriodSeconds { get; init; }

    public MapValue Render()
    {
        var m = new MapValue
        {
            ["containers"] = new ListValue(Containers.Select(c => (Value)c.Render())),
            ["automountServiceAccountToken"] = AutomountServiceAccountToken,
            ["securityContext"] = new MapValue
            {
                ["runAsNonRoot"] = true,
                ["fsGroup"] = FsGroup,
                ["seccompProfile"] = new MapValue { ["type"] = "RuntimeDefault" },
            },
        };
        if (InitContainers.Count > 0) m["initContainers"] = new ListValue(InitContainers.Select(c => (Value)c.Render()));
        var volumes = Volumes.ToList();
        if (Containers.Concat(InitContainers).Any(c => c.WritableTmp) && volumes.All(v => v.Name != "tmp"))
            volumes.Add(new EmptyDirVolume("tmp"));
        if (volumes.Count > 0) m["volumes"] = new ListValue(volumes.Select(v => (Value)v.Render()));
        if (ServiceAccountName is not null) m["serviceAccountName"] = ServiceAccountName;
        if (NodeSelector is { Count: > 0 }) m["nodeSelector"] = MapValue.From(NodeSelector);
        if (Tolerations.Count > 0) m["tolerations"] = new ListValue(Tolerations.Select(t => (Value)t.Render()));
        if (PriorityClassName is not null) m["priorityClassName"] = PriorityClassName;
        if (RestartPolicy is not null) m["restartPolicy"] = RestartPolicy;
        if (TerminationGracePeriodSeconds is not null) m["terminationGracePeriodSeconds"] = TerminationGracePeriodSeconds.Value;
        return m;
    }
}
