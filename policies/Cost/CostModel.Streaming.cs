using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Policies.Cost.Catalog;
using Supplychain.Policies.Engine;
using static Supplychain.Policies.Cost.ViewValues;

namespace Supplychain.Policies.Cost;

public static partial class CostModel
{
    /// <summary>
    /// The estimate of <see cref="Estimate"/> built as resources stream, in their order. A local stack prices each workload,
    /// claim and chart as it passes (lines and assumptions come out in the same order as the batch estimate's); its
    /// autoscalers must come before the workloads they scale, else <see cref="NeedsAllResources"/> turns true and the
    /// caller prices the whole stack at once. A cloud stack's estimate depends on its region and prices node groups
    /// first, so the few views it reads (<see cref="Retains"/>: cloud resources, claims, Services) are kept and priced at the end.
    /// </summary>
    public sealed class Streaming
    {
        private readonly StackContext _stack;
        private readonly SupplyChainSpec? _spec;
        private readonly PriceCatalog _catalog;
        private readonly KubernetesRates? _rates;
        private readonly EstimateBuilder _local;
        private readonly List<ResourceView> _hpas = [];
        private readonly List<ResourceView> _kept = [];
        private bool _pricedWorkload;

        public Streaming(StackContext stack, SupplyChainSpec? spec, PriceCatalog catalog, KubernetesRates? rates)
        {
            (_stack, _spec, _catalog, _rates) = (stack, spec, catalog, rates);
            _local = new EstimateBuilder(catalog, CostModelOptions.Default);
            if (stack.Target != DeploymentTarget.Local) return;
            _local.Assume($"Monthly figures use {Format(catalog.HoursPerMonth)} hours per month, priced from the catalog dated {catalog.Date}.");
            PriceLocal(_local, [], spec, rates ?? catalog.DefaultKubernetesRates, rates is null); // the stated assumptions, no resource yet
        }

        /// <summary>True when an autoscaler came after a workload was priced: only <see cref="Estimate"/> over every resource is right.</summary>
        public bool NeedsAllResources { get; private set; }

        /// <summary>The views a cloud estimate reads at the end (every other view can be dropped once added).</summary>
        public bool Retains(ResourceView r) =>
            _stack.Target != DeploymentTarget.Local && (!r.IsKubernetes || r.Type is KubeTypes.PersistentVolumeClaim or KubeTypes.Service);

        public void Add(ResourceView r)
        {
            if (_stack.Target != DeploymentTarget.Local)
            {
                if (Retains(r)) _kept.Add(r);
                return;
            }
            if (r.Type == HpaType)
            {
                if (_pricedWorkload) NeedsAllResources = true;
                _hpas.Add(r);
                return;
            }
            if (r.Type is KubeTypes.Deployment or KubeTypes.StatefulSet or KubeTypes.DaemonSet or ReplicaSetType or RolloutType) _pricedWorkload = true;
            PriceLocalResource(_local, r, _hpas, _rates ?? _catalog.DefaultKubernetesRates);
        }

        public MonthlyCostEstimate Build() =>
            _stack.Target == DeploymentTarget.Local ? _local.Build() : Estimate(_kept, _stack, _spec, _catalog, _rates);
    }
}
