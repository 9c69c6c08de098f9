using Supplychain.Components.Model;
using Supplychain.Policies.Cost;
using Supplychain.Policies.Cost.Catalog;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;
using Supplychain.Policies.Waivers;

namespace Supplychain.Policies.Judging;

/// <summary>
/// The judge of <see cref="StackJudge.Judge"/> for resources that stream by (a large engine output): the same report,
/// cost and findings, without holding every view. Resources arrive in stack order and are judged in chunks: each local
/// policy (<see cref="StreamingPlan"/>) judges a chunk's resources over a view of the chunk alone, the cost model prices
/// them, the pod-label index of the namespaces (<see cref="NamespacePods.Index"/>) takes them in, and only the views a
/// non-local policy or the cloud estimate reads are kept. When the input ends, the non-local policies judge the kept
/// views with the aggregated index and the estimate, the waivers are applied as the batch engine applies them, and the
/// findings are sorted as every report sorts them.
/// </summary>
public sealed class StreamingJudge
{
    private readonly JudgeRequest _request;
    private readonly int _chunkSize;
    private readonly bool _keepChecks;
    private readonly List<Run> _runs;
    private readonly List<Run> _local;
    private readonly List<BlanketTracker> _trackers = [];
    private readonly CostModel.Streaming _cost;
    private readonly NamespacePods.Index _namespacePods = new();
    private readonly Run[] _keeping;
    private readonly List<ResourceView> _retained = [];
    private readonly HashSet<(string, MapValue)> _contents = [];
    private readonly SharedShapes _shapes = new();
    private List<ResourceView> _chunk;
    private int _judged;

    /// <param name="keepChecks">
    /// False when no report will list the checks (<see cref="PolicyReport.ChecksKept"/>): each is then dropped once its
    /// chunk is judged. A 1 GB preview makes ~480,000 of them, and they keep every judged resource's name alive.
    /// </param>
    public StreamingJudge(PriceCatalog catalog, JudgeRequest request, int chunkSize = 256, bool keepChecks = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        _request = request;
        _chunkSize = chunkSize;
        _keepChecks = keepChecks;
        _chunk = new List<ResourceView>(chunkSize);
        _cost = new CostModel.Streaming(request.Stack, request.Spec, catalog, request.Config.KubernetesRates);
        _runs = request.Policies.Policies.Where(p => p.Id != WaiverValidity.PolicyId)
            .Select(p => new Run(p, PolicyEngine.EffectiveEnforcement(p, request.Config), StreamingPlan.For(p, request.Stack, request.Spec)))
            .ToList();
        _local = _runs.Where(r => !r.Plan.AtFinish && r.Policy is ResourcePolicy && r.Evaluated).ToList();
        _keeping = _runs.Where(r => r.Plan.Retain is not null).ToArray();
        foreach (var w in request.Waivers.Waivers)
            if (w.Resource is { } glob && glob.Contains('*') && _runs.FirstOrDefault(r => r.Policy.Id == w.Policy) is { Plan.AtFinish: false, Policy: ResourcePolicy rp })
                _trackers.Add(new BlanketTracker(w, rp));
    }

    /// <summary>The policies judged when the input ends and the views each keeps, for the notes and the bench.</summary>
    public IEnumerable<(string Id, string Reads)> NonLocal => _runs.Where(r => r.Plan.AtFinish).Select(r => (r.Policy.Id, r.Plan.Reads));

    /// <summary>Views kept for the non-local policies and the cloud estimate so far.</summary>
    public int Retained => _retained.Count;

    /// <summary>Views kept so far, by type (most first): where a streaming audit's memory goes.</summary>
    public IEnumerable<(string Type, int Count)> RetainedByType =>
        _retained.GroupBy(v => v.Type).Select(g => (g.Key, g.Count())).OrderByDescending(t => t.Item2).ThenBy(t => t.Key, StringComparer.Ordinal);

    /// <summary>True when the result would differ from the batch judge's (an autoscaler after the workload it scales): judge in batch.</summary>
    public bool NeedsBatch => _cost.NeedsAllResources;

    /// <summary>The next resource in stack order.</summary>
    public void Add(ResourceView resource)
    {
        _chunk.Add(resource);
        if (_chunk.Count >= _chunkSize) Flush();
    }

    private void Flush()
    {
        if (_chunk.Count == 0) return;
        var chunk = _chunk;
        _chunk = new List<ResourceView>(_chunkSize); // a fresh list: views index their resource list by identity
        var view = new StackView(_request.Stack, chunk, _request.Spec, _request.Config);
        var keepers = new List<Run>();
        foreach (var r in chunk)
        {
            _judged++;
            _cost.Add(r);
            _namespacePods.Observe(r);
            Keep(r, keepers);
        }
        var violations = new List<Violation>();
        if (_judgedBy.Length < chunk.Count) _judgedBy = new bool[chunk.Count][];
        for (var i = 0; i < chunk.Count; i++) _judgedBy[i] = JudgedBy(chunk[i].Type);
        for (var j = 0; j < _local.Count; j++)
        {
            for (var i = 0; i < chunk.Count; i++)
                if (_judgedBy[i][j]) _local[j].Judge(chunk[i], view, violations);
                else _local[j].OfferedNot();
            if (!_keepChecks) _local[j].Checks.Clear();
        }
        foreach (var tracker in _trackers)
            foreach (var r in chunk)
                tracker.Observe(r, view);
        BoundWorkingSet();
    }

    /// <summary>
    /// Which local policies judge resources of the type (<see cref="ResourcePolicy.JudgesType"/>, by position in the local
    /// policies), asked once per type: a resource is offered only to those, as the batch engine offers it, and the others
    /// count it not applicable without a call.
    /// </summary>
    private bool[] JudgedBy(string type)
    {
        if (_typeJudges.TryGetValue(type, out var judges)) return judges;
        judges = _local.Select(r => ((ResourcePolicy)r.Policy).JudgesType(type)).ToArray();
        _typeJudges[type] = judges;
        return judges;
    }

    private readonly Dictionary<string, bool[]> _typeJudges = new(StringComparer.Ordinal);
    private bool[][] _judgedBy = [];

    /// <summary>
    /// Bytes allocated between two young-generation collections the judge asks for (8 MiB: at 16 the 100 MB audit peaked
    /// 8 MB higher for the same CPU time; at 4 it made four times the gen2 collections).
    /// </summary>
    private const long CollectEvery = 8L << 20;

    /// <summary>Resources from which the old generation is compacted before the whole-stack policies run.</summary>
    private const int LargeInput = 20_000;
    private long _collectedAt = GC.GetTotalAllocatedBytes();

    /// <summary>
    /// A streaming audit allocates about twenty times the input's size in short-lived views, and the runtime lets the young
    /// generation grow to hundreds of megabytes before collecting it (its budget follows the CPU cache, and the gen0 size
    /// settings are not honoured): the working set would reach several times what is alive. Collecting the young
    /// generation every <see cref="CollectEvery"/> bytes keeps the peak near the live data; what survives is small, so each
    /// collection costs a few milliseconds.
    /// </summary>
    private void BoundWorkingSet()
    {
        var allocated = GC.GetTotalAllocatedBytes();
        if (allocated - _collectedAt < CollectEvery) return;
        GC.Collect(1, GCCollectionMode.Forced, blocking: true);
        _collectedAt = allocated;
    }

    /// <summary>
    /// Keeps a view for the non-local policies whose plan keeps it (each judges its own kept views only) and for the cloud
    /// estimate: whole, or with only the properties they read when each of them says which.
    /// </summary>
    private void Keep(ResourceView r, List<Run> keepers)
    {
        keepers.Clear();
        foreach (var run in _keeping)
            if (run.Plan.Retain!(r)) keepers.Add(run);
        var forCost = _cost.Retains(r);
        if (keepers.Count == 0 && !forCost) return;
        // Read for its content alone by every policy keeping it: one view per distinct content (and type) is enough.
        if (!forCost && keepers.All(k => k.Plan.ContentOnly?.Invoke(r) == true) && !_contents.Add((r.Type, r.Properties))) return;
        var kept = r;
        if (!forCost)
        {
            var paths = new SortedSet<string>(StringComparer.Ordinal);
            var whole = false;
            foreach (var run in keepers)
                if (run.Plan.Keep?.Invoke(r) is { } read) paths.UnionWith(read);
                else whole = true;
            if (!whole) kept = Pruned(r, paths);
            // Copies of a stack keep the same few shapes (namespace, selector, ports): one instance of each, shared.
            kept = kept with { Type = _shapes.Share(kept.Type), Properties = _shapes.Share(kept.Properties) };
        }
        _retained.Add(kept);
        foreach (var run in keepers) run.Kept.Add(kept);
    }

    /// <summary>
    /// The view with only the properties at <paramref name="paths"/> (dotted, through maps), each kept whole; name, type and
    /// component path as they are. A path ending in <c>{}</c> keeps an empty map where the view has a map and nothing else
    /// keeps it (a pod template's <c>spec</c>, whose presence makes the template, without its containers).
    /// </summary>
    public static ResourceView Pruned(ResourceView view, IEnumerable<string> paths)
    {
        var root = new MapValue();
        var kept = new List<string>();
        // Ordinal order puts a path before the paths below it: those are covered by it and skipped (its map is the view's own).
        foreach (var path in paths.Where(p => !p.EndsWith("{}", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            if (kept.Any(k => path.StartsWith(k + ".", StringComparison.Ordinal)) || view.Properties.At(path) is not { } value) continue;
            Place(root, path, value);
            kept.Add(path);
        }
        foreach (var marker in paths.Where(p => p.EndsWith("{}", StringComparison.Ordinal)))
        {
            var path = marker[..^2];
            if (root.At(path) is null && view.Properties.At(path) is MapValue && !kept.Any(k => path.StartsWith(k + ".", StringComparison.Ordinal)))
                Place(root, path, new MapValue());
        }
        return view with { Properties = root, Urn = null, Options = null }; // no policy reads a view's URN or options
    }

    private static void Place(MapValue root, string path, Value value)
    {
        var parts = path.Split('.');
        var map = root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (!map.TryGetValue(parts[i], out var next) || next is not MapValue inner) map[parts[i]] = inner = new MapValue();
            map = inner;
        }
        map[parts[^1]] = value;
    }

    /// <summary>Judges what needs the whole stack and returns the judgement the batch judge gives for the same resources.</summary>
    public Judgement Finish()
    {
        Flush();
        // The stream leaves the old generation full of views that died there (a chunk in flight when a collection promoted
        // it): one compacting collection that returns the free memory before the whole-stack policies build their indexes
        // over the kept views, instead of growing the heap past it (-45 MB peak at 1 GB, one full collection of the kept views).
        // A small input (a test fixture, a stack's preview) leaves too little to be worth a full collection.
        if (_judged >= LargeInput) GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (NeedsBatch) throw new InvalidOperationException("the streamed resources need the batch judge (see NeedsBatch)");
        var cost = _cost.Build();
        var stack = new StackView(_request.Stack, _retained, _request.Spec, _request.Config, cost)
            .WithDerived(NamespacePods.DerivedKey, _namespacePods);

        // The waivers, as PolicyEngine.Evaluate sorts them: unknown policy, expired, blanket, or active.
        var policies = _request.Policies.Policies;
        var known = policies.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        known.Add(WaiverValidity.PolicyId);
        var problems = new List<WaiverProblem>(_request.Waivers.Problems);
        var active = new List<Waiver>();
        foreach (var w in _request.Waivers.Waivers)
        {
            if (!known.Contains(w.Policy))
                problems.Add(new(w.Source, w.Policy, $"waiver for {w.Target} names policy {w.Policy}, which does not exist"));
            else if (w.IsExpired(_request.Today))
                problems.Add(new(w.Source, w.Policy, $"waiver of {w.Policy} for {w.Target} expired on {ReportNames.Date(w.Expires)} (approved by {w.Approver}); renew it with a fresh approval or fix the finding"));
            else if (Blanket(w, policies, stack) is { } blanketed)
                problems.Add(new(w.Source, w.Policy, $"waiver of {w.Policy} for {w.Target} covers every one of the {blanketed} resources the policy applies to: like a bare '*' it would waive the policy everywhere; name the resources it is for"));
            else
                active.Add(w);
        }

        var waiverValidity = new WaiverValidity(problems);
        var runs = _runs.Append(new Run(waiverValidity, PolicyEngine.EffectiveEnforcement(waiverValidity, _request.Config), StreamingPlan.For(waiverValidity, _request.Stack, _request.Spec)))
            .OrderBy(r => r.Policy.Id, StringComparer.Ordinal).ToList();
        var findings = new List<Finding>();
        var checks = new ChunkedList<Check>(); // hundreds of thousands at 1 GB: no growing large-object array
        var results = new List<PolicyResult>(runs.Count);
        var used = new HashSet<Waiver>(ReferenceEqualityComparer.Instance);
        var violations = new List<Violation>();
        foreach (var run in runs)
        {
            var counts = OutcomeCounts.Zero;
            if (run.Evaluated)
            {
                if (run.Plan.AtFinish) run.JudgeAtFinish(stack, _judged, violations);
                foreach (var f in run.Raw)
                {
                    var waiver = f.PolicyId == WaiverValidity.PolicyId ? null : active.FirstOrDefault(w => w.Covers(f.PolicyId, f.Resource, f.Component));
                    if (waiver is not null) used.Add(waiver);
                    findings.Add(waiver is null ? f : f with { Waiver = new AppliedWaiver(waiver.Reason, waiver.Approver, waiver.Expires) });
                }
                int failed = 0, waived = 0, errors = 0;
                for (var i = findings.Count - run.Raw.Count; i < findings.Count; i++)
                {
                    var f = findings[i];
                    if (f.IsWaived) waived++;
                    else if (f.IsError) errors++;
                    else failed++;
                }
                if (_keepChecks)
                    foreach (var check in run.Checks) checks.Add(check);
                run.Checks.Clear(); // copied: not held twice while the next policies run
                counts = new OutcomeCounts(Passed: run.Passed, Failed: failed, Waived: waived, NotApplicable: run.NotApplicable, Errors: errors);
            }
            results.Add(PolicyEngine.Result(run.Policy, run.Enforcement, run.Evaluated ? PolicyStatus.Evaluated : PolicyStatus.Disabled, counts, _request.Config));
        }

        findings.Sort(PolicyEngine.FindingOrder.Instance);
        var reportStack = new ReportStack(_request.Stack.StackName, _request.Stack.EnvironmentName, _request.Stack.TargetName);
        var unused = active.Where(w => !used.Contains(w)).ToList();
        var report = new PolicyReport(reportStack, cost.CatalogDate, results, findings, checks, unused, ReportDigest.Compute(reportStack, cost.CatalogDate, findings))
        {
            Provenance = _request.Policies.Provenance(_request.Config),
            ChecksKept = _keepChecks,
        };
        return new Judgement(stack, cost, report, []);
    }

    /// <summary><see cref="WaiverScope.BlanketCount"/>: tracked as the resources streamed for a local policy, over the kept views otherwise.</summary>
    private int? Blanket(Waiver w, IReadOnlyList<Policy> policies, StackView stack)
    {
        var tracker = _trackers.FirstOrDefault(t => ReferenceEquals(t.Waiver, w));
        if (tracker is not null) return tracker.Count;
        // A non-local resource policy applies only to views it kept: the same count over those.
        if (_runs.FirstOrDefault(r => r.Policy.Id == w.Policy) is { Plan.AtFinish: true, Policy: ResourcePolicy rp } run && w.Resource is { } glob && glob.Contains('*'))
        {
            var finish = new BlanketTracker(w, rp);
            foreach (var r in run.Kept) finish.Observe(r, stack);
            return finish.Count;
        }
        return WaiverScope.BlanketCount(w, policies.FirstOrDefault(p => p.Id == w.Policy), stack);
    }

    /// <summary>One policy's run: its raw findings and checks in stack order, and its counts.</summary>
    private sealed class Run(Policy policy, Enforcement enforcement, StreamingPlan plan)
    {
        public Policy Policy { get; } = policy;
        public Enforcement Enforcement { get; } = enforcement;
        public StreamingPlan Plan { get; } = plan;
        public bool Evaluated => Enforcement != Enforcement.Disabled;
        public List<Finding> Raw { get; } = [];
        /// <summary>The views this policy's plan kept, in stack order (a non-local resource policy judges these).</summary>
        public List<ResourceView> Kept { get; } = [];
        public ChunkedList<Check> Checks { get; } = new();
        public int Passed { get; private set; }
        public int NotApplicable { get; private set; }

        private PolicyEngine.PolicyMetadata? _metadata;

        /// <summary>A resource of a type the policy does not judge (<see cref="ResourcePolicy.JudgesType"/>): not applicable without asking it.</summary>
        public void OfferedNot() => NotApplicable++; // a type the policy does not judge: not applicable, without a call

        /// <summary>One resource, as PolicyEngine judges it (a policy that throws gives an error finding).</summary>
        public void Judge(ResourceView view, StackView stack, List<Violation> violations)
        {
            switch (PolicyEngine.JudgeResource((ResourcePolicy)Policy, Enforcement, view, stack, violations, Raw, Checks, ref _metadata))
            {
                case PolicyEngine.ResourceOutcome.NotApplicable: NotApplicable++; break;
                case PolicyEngine.ResourceOutcome.Passed: Passed++; break;
            }
        }

        /// <summary>
        /// A non-local policy over the kept views. A resource policy applies to no view it did not keep (its plan's
        /// contract), so each resource that was not kept counts not applicable, as the batch engine would count it.
        /// </summary>
        public void JudgeAtFinish(StackView stack, int judged, List<Violation> violations)
        {
            if (Policy is ResourcePolicy)
            {
                foreach (var r in Kept) Judge(r, stack, violations);
                NotApplicable += judged - Kept.Count;
                return;
            }
            var (passed, notApplicable) = PolicyEngine.RunStackPolicy((StackPolicy)Policy, Enforcement, stack, Raw, Checks);
            Passed += passed;
            NotApplicable += notApplicable;
        }
    }

    /// <summary>Whether a glob waiver of a local policy covers every resource the policy applies to (<see cref="WaiverScope"/>).</summary>
    private sealed class BlanketTracker(Waiver waiver, ResourcePolicy policy)
    {
        private int _applicable;
        private bool _allCovered = true;

        public Waiver Waiver { get; } = waiver;

        public int? Count => _applicable >= 2 && _allCovered ? _applicable : null;

        public void Observe(ResourceView r, StackView stack)
        {
            bool applies;
            try { applies = policy.AppliesTo(r, stack); }
            catch (Exception) { applies = true; } // a policy that throws on a resource is reported there: it counts as applying
            if (!applies) return;
            _applicable++;
            if (!Waiver.Covers(Waiver.Policy, r.Name, r.Component)) _allCovered = false;
        }
    }
}
