using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using static Supplychain.Policies.Cost.ViewValues;

namespace Supplychain.Policies.Cost;

public static partial class CostModel
{
    public const string RolloutType = "kubernetes:argoproj.io/v1alpha1:Rollout";
    public const string ReplicaSetType = "kubernetes:apps/v1:ReplicaSet";
    public const string HpaType = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";
    public const string HelmChartV4Type = "kubernetes:helm.sh/v4:Chart";

    /// <summary>Replica bounds of a workload; the expected point is their average.</summary>
    private readonly record struct Replicas(decimal Min, decimal Max, string Text)
    {
        public decimal Expected => (Min + Max) / 2m;
        public static Replicas Fixed(decimal n, string unit = "replica") => new(n, n, $"{Format(n)} {unit}{(n == 1 ? "" : "s")}");
    }

    /// <summary>Requests of one pod (or one chart component): cores, bytes, GPUs and volume bytes.</summary>
    private sealed record PodRequests(decimal Cores, decimal MemoryBytes, decimal Gpus, decimal StorageBytes);

    private static void PriceLocal(EstimateBuilder e, IReadOnlyList<ResourceView> resources, SupplyChainSpec? spec, KubernetesRates rates, bool catalogRates)
    {
        e.Assume($"The local target has no cloud bill: Kubernetes resource requests are priced at {(catalogRates ? "the catalog's OpenCost default rates" : "the stack's configured rates")} " +
                 $"(CPU {Format(rates.CpuCoreHourUsd)} USD per core-hour, memory {Format(rates.MemoryGiBHourUsd)} USD per GiB-hour, " +
                 $"GPU {Format(rates.GpuHourUsd)} USD per GPU-hour, persistent volumes {Format(rates.StorageGbMonthUsd)} USD per GiB-month), as OpenCost does.");
        e.Assume("Each container's requests are priced (its limits stand in when it sets no request); init containers and run-to-completion Jobs are not priced.");
        e.Assume("Workloads run spec.replicas pods (1 when unset); a HorizontalPodAutoscaler's minReplicas and maxReplicas give the minimum and maximum, and the expected figure is their average.");
        if (spec is { GpuPools.Count: > 0 })
            e.Assume("GPU pools on a local cluster are existing nodes labelled for the pool: the pools create no nodes and cost nothing here; the GPUs workloads request are priced.");

        var hpas = resources.Where(r => r.Type == HpaType).ToList();
        foreach (var r in resources) PriceLocalResource(e, r, hpas, rates);
    }

    /// <summary>One resource of a local stack: its lines depend on it and the stack's autoscalers only.</summary>
    private static void PriceLocalResource(EstimateBuilder e, ResourceView r, IReadOnlyList<ResourceView> hpas, KubernetesRates rates)
    {
        if (r.Type is KubeTypes.Deployment or KubeTypes.StatefulSet or KubeTypes.DaemonSet or ReplicaSetType or RolloutType)
            e.Price(r, () => PriceWorkload(e, r, hpas, rates));
        else if (r.Type == KubeTypes.PersistentVolumeClaim)
            e.Price(r, () => PriceClaim(e, r, rates));
        else if (r.Type is KubeTypes.HelmRelease or HelmChartV4Type)
            e.Price(r, () => PriceHelm(e, r, rates));
    }

    private static void PriceWorkload(EstimateBuilder e, ResourceView r, IReadOnlyList<ResourceView> hpas, KubernetesRates rates)
    {
        var podSpec = r.Properties.At("spec.template.spec") as MapValue;
        if (podSpec is null) return; // a Rollout with workloadRef: the referenced Deployment is priced instead
        var replicas = ReplicasOf(e, r, hpas);
        var requests = ContainerRequests(e, r, podSpec);
        var storage = 0m;
        if (r.Properties.At("spec.volumeClaimTemplates") is ListValue templates)
            foreach (var t in templates.OfType<MapValue>())
                storage += StorageRequest(e, r, t.At("spec.resources.requests.storage"), "spec.volumeClaimTemplates") ?? 0m;
        PriceRequests(e, r, TeamOf(r), "", requests with { StorageBytes = storage }, replicas, rates);
    }

    private static Replicas ReplicasOf(EstimateBuilder e, ResourceView r, IReadOnlyList<ResourceView> hpas)
    {
        if (r.Type == KubeTypes.DaemonSet)
        {
            e.Assume($"A DaemonSet runs one pod per node; a local cluster is assumed to have {e.Options.LocalDaemonSetNodes} node(s).");
            return Replicas.Fixed(e.Options.LocalDaemonSetNodes, "node");
        }
        var name = Text(r.Properties.At("metadata.name"));
        var ns = Text(r.Properties.At("metadata.namespace"));
        var kind = r.Type[(r.Type.LastIndexOf(':') + 1)..];
        var hpa = hpas.FirstOrDefault(h => Text(h.Properties.At("spec.scaleTargetRef.name")) == name && Text(h.Properties.At("spec.scaleTargetRef.kind")) == kind
                                           && Text(h.Properties.At("metadata.namespace")) == ns);
        if (hpa is not null && Int(hpa.Properties.At("spec.maxReplicas")) is { } max)
        {
            var min = Int(hpa.Properties.At("spec.minReplicas")) ?? 1;
            return new Replicas(min, max, $"{min}–{max} replicas (autoscaled by {hpa.Name})");
        }
        var declared = r.Properties.At("spec.replicas");
        if (declared is null) return Replicas.Fixed(1);
        if (Int(declared) is { } n) return Replicas.Fixed(n);
        e.Assume("A workload whose replica count is only known after apply is priced at 1 replica.");
        return Replicas.Fixed(1);
    }

    private static PodRequests ContainerRequests(EstimateBuilder e, ResourceView r, MapValue podSpec)
    {
        decimal cores = 0, memory = 0, gpus = 0;
        if (podSpec.At("containers") is ListValue containers)
            for (var i = 0; i < containers.Count; i++)
                if (containers[i] is MapValue c && c.At("resources") is MapValue res)
                {
                    var path = $"spec.template.spec.containers[{i}].resources";
                    cores += Request(e, r, res, "cpu", path) ?? 0;
                    memory += Request(e, r, res, "memory", path) ?? 0;
                    gpus += Request(e, r, res, ComputeResources.GpuResource, path) ?? 0;
                }
        return new PodRequests(cores, memory, gpus, 0);
    }

    /// <summary>A request (the limit when no request is set, as Kubernetes defaults it); null when absent; unpriced when computed or malformed.</summary>
    private static decimal? Request(EstimateBuilder e, ResourceView r, MapValue resources, string key, string path)
    {
        var value = (resources.At("requests") as MapValue)?.TryGetValue(key, out var q) == true ? q
                  : (resources.At("limits") as MapValue)?.TryGetValue(key, out var l) == true ? l : null;
        if (value is null) return null;
        if (KubernetesQuantity.Of(value) is { } parsed) return parsed;
        e.Unpriced(r.Name, $"{path} {key} '{value}' is {(value.IsComputed ? "only known after apply" : "not a Kubernetes quantity (or beyond 10^18)")}",
            value.IsComputed ? UnpricedKind.NotKnownUntilApply : UnpricedKind.NotInCatalog);
        return null;
    }

    private static decimal? StorageRequest(EstimateBuilder e, ResourceView r, Value? size, string path)
    {
        if (size is null) return null;
        if (KubernetesQuantity.Of(size) is { } bytes) return bytes;
        e.Unpriced(r.Name, $"{path} storage '{size}' is {(size.IsComputed ? "only known after apply" : "not a Kubernetes quantity (or beyond 10^18)")}",
            size.IsComputed ? UnpricedKind.NotKnownUntilApply : UnpricedKind.NotInCatalog);
        return null;
    }

    private static void PriceClaim(EstimateBuilder e, ResourceView r, KubernetesRates rates)
    {
        if (StorageRequest(e, r, r.Properties.At("spec.resources.requests.storage"), "spec.resources.requests") is { } bytes)
            PriceRequests(e, r, TeamOf(r), "", new PodRequests(0, 0, 0, bytes), Replicas.Fixed(1, "volume"), rates);
    }

    /// <summary>One line per requested dimension: cpu, memory, GPU (hourly rates × hours) and volumes (per GiB-month).</summary>
    private static void PriceRequests(EstimateBuilder e, ResourceView r, string? team, string prefix, PodRequests q, Replicas n, KubernetesRates rates)
    {
        var hours = e.Hours;
        void Add(string what, decimal perReplicaMonth, string basis)
        {
            if (perReplicaMonth == 0) return;
            e.Line(r, team, $"{prefix}{what} × {n.Text}", perReplicaMonth * n.Min, perReplicaMonth * n.Expected, perReplicaMonth * n.Max, basis);
        }
        var gib = KubernetesQuantity.ToGiB(q.MemoryBytes);
        Add($"cpu {Format(q.Cores)} core", q.Cores * rates.CpuCoreHourUsd * hours, $"{Format(rates.CpuCoreHourUsd)} USD/core-hour × {Format(hours)} h");
        Add($"memory {Format(gib)} GiB", gib * rates.MemoryGiBHourUsd * hours, $"{Format(rates.MemoryGiBHourUsd)} USD/GiB-hour × {Format(hours)} h");
        Add($"gpu {Format(q.Gpus)}", q.Gpus * rates.GpuHourUsd * hours, $"{Format(rates.GpuHourUsd)} USD/GPU-hour × {Format(hours)} h");
        var storageGib = KubernetesQuantity.ToGiB(q.StorageBytes);
        Add($"volume {Format(storageGib)} GiB", storageGib * rates.StorageGbMonthUsd, $"{Format(rates.StorageGbMonthUsd)} USD/GiB-month");
    }

    /// <summary>
    /// A Helm release is opaque: its workloads are rendered inside the chart. What its values set is priced
    /// (every <c>resources</c> map with requests or limits, with a sibling <c>replicaCount</c>/<c>replicas</c>, and
    /// <c>persistence.size</c>); a release whose values set none is unpriced, reason "resources set inside the chart".
    /// </summary>
    private static void PriceHelm(EstimateBuilder e, ResourceView r, KubernetesRates rates)
    {
        var chart = $"{Text(r.Properties.At("chart")) ?? "chart"}@{Text(r.Properties.At("version")) ?? "unpinned"}";
        var found = new List<(string Path, MapValue Owner)>();
        if (r.Properties.At("values") is MapValue values) Walk(values, "values", found);
        var team = TeamOf(r);
        var priced = false;
        foreach (var (path, owner) in found)
        {
            var replicas = Int(owner.At("replicaCount")) ?? Int(owner.At("replicas")) ?? 1;
            decimal cores = 0, memory = 0, gpus = 0, storage = 0;
            if (owner.At("resources") is MapValue res)
            {
                cores = Request(e, r, res, "cpu", path + ".resources") ?? 0;
                memory = Request(e, r, res, "memory", path + ".resources") ?? 0;
                gpus = Request(e, r, res, ComputeResources.GpuResource, path + ".resources") ?? 0;
                storage = StorageRequest(e, r, (res.At("requests") as MapValue)?.At("storage"), path + ".resources.requests") ?? 0;
            }
            if (owner.At("persistence") is MapValue persistence && persistence.At("enabled") is not BoolValue { Flag: false })
                storage += StorageRequest(e, r, persistence.At("size"), path + ".persistence") ?? 0;
            if (cores + memory + gpus + storage == 0) continue;
            priced = true;
            PriceRequests(e, r, team, $"{chart} {path}: ", new PodRequests(cores, memory, gpus, storage), Replicas.Fixed(replicas), rates);
        }
        if (priced)
            e.Assume("Helm releases are priced from the requests and volume sizes their values set; chart workloads left at the chart's own defaults are not priced.");
        else
            e.Unpriced(r.Name, $"{chart}: resources set inside the chart (its values set no requests)", UnpricedKind.InsideChart);
    }

    private static void Walk(Value v, string path, List<(string Path, MapValue Owner)> found)
    {
        switch (v)
        {
            case MapValue m when m.At("enabled") is BoolValue { Flag: false }:
                return; // a disabled chart component runs nothing
            case MapValue m:
                var sets = m.At("resources") is MapValue res && (res.At("requests") is MapValue || res.At("limits") is MapValue);
                var persists = m.At("persistence") is MapValue p && p.ContainsKey("size");
                if (sets || persists) found.Add((path, m));
                foreach (var (k, child) in m)
                    if (k != "resources") Walk(child, path + "." + k, found);
                break;
            case ListValue l:
                for (var i = 0; i < l.Count; i++) Walk(l[i], $"{path}[{i}]", found);
                break;
        }
    }
}
