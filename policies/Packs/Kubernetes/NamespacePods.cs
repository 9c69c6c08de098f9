using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.View;

namespace Supplychain.Policies.Packs.Kubernetes;

/// <summary>
/// The pods a namespace will hold, as far as the program shows them: the label sets of the workloads' pod templates
/// (typed resources and ConfigGroup objects alike) and of Argo workflow steps. A Helm release installed into the namespace
/// adds pods whose labels only the chart knows, so a selector that matches no visible pod there cannot be judged.
/// </summary>
public sealed record NamespacePods(IReadOnlyList<MapValue> LabelSets, bool HasChartPods)
{
    /// <summary>The key of the per-namespace index in <see cref="StackView.Derived{T}"/>.</summary>
    public const string DerivedKey = "NamespacePods.byNamespace";

    /// <summary>The namespace's pods: from an index built once per stack (a scan per Service or NetworkPolicy is quadratic).</summary>
    public static NamespacePods Of(StackView stack, string ns) => stack.Derived(DerivedKey, Index.Of).In(ns);

    /// <summary>
    /// Every namespace's pod label sets (in stack order) and whether a chart installs into it, built one resource at a time,
    /// so a streaming audit can build it as resources pass and drop them.
    /// </summary>
    public sealed class Index
    {
        private readonly Dictionary<string, List<MapValue>> _labels = new(StringComparer.Ordinal);
        private readonly HashSet<(string, MapValue)> _seen = [];
        private readonly HashSet<string> _charts = new(StringComparer.Ordinal);

        public static Index Of(IReadOnlyList<ResourceView> resources)
        {
            var index = new Index();
            foreach (var r in resources) index.Observe(r);
            return index;
        }

        public void Observe(ResourceView r)
        {
            // A Release (helm.sh/v3) or a Chart (helm.sh/v4) installed into the namespace.
            if (r.Type.StartsWith("kubernetes:helm.sh/", StringComparison.Ordinal) && r.Properties.At("namespace") is StringValue chartNs)
                if (_charts.Add(chartNs.Text)) _answers.Clear();
            if (!r.IsKubernetes || Workloads.NamespaceOf(r) is not { } ns) return;
            if (Workloads.TemplateOf(r) is { } template) Add(ns, template.Labels ?? []);
            else if (ArgoWorkflows.IsWorkflow(r) && ArgoWorkflows.SpecOf(r) is ({ } spec, var path))
                foreach (var (step, _, _) in ArgoWorkflows.PodTemplates(spec, path))
                {
                    var stepLabels = Merge(spec.At("podMetadata.labels") as MapValue, step.At("metadata.labels") as MapValue);
                    // The controller labels every step pod with its workflow's name, known only when the workflow runs.
                    stepLabels[WorkflowLabel] = UnknownValue.Instance;
                    Add(ns, stepLabels);
                }
        }

        // One NamespacePods per namespace, so its label index (built on first question) serves every Service and
        // NetworkPolicy of the namespace; observing another resource starts afresh.
        private readonly Dictionary<string, NamespacePods> _answers = new(StringComparer.Ordinal);

        public NamespacePods In(string ns)
        {
            if (!_answers.TryGetValue(ns, out var pods))
                _answers[ns] = pods = new(_labels.TryGetValue(ns, out var labels) ? labels : [], _charts.Contains(ns));
            return pods;
        }

        // Selectors ask whether any pod matches: a label set seen before in the namespace adds nothing (many replicas or
        // copies of one workload keep one entry, so the index stays small).
        private void Add(string ns, MapValue labels)
        {
            if (!_seen.Add((ns, labels))) return;
            if (!_labels.TryGetValue(ns, out var list)) _labels[ns] = list = [];
            list.Add(labels);
            _answers.Remove(ns);
        }
    }

    private const string WorkflowLabel = "workflows.argoproj.io/workflow";

    /// <summary>Whether some visible pod carries every label of the selector (an empty selector selects every pod).</summary>
    public bool AnySelected(MapValue selector)
    {
        // Only the pods whose label under one literal key of the selector has the same text, or is not a literal string,
        // can match: a namespace of a fleet holds thousands of label sets, and every Service asks.
        foreach (var (key, value) in selector)
        {
            if (value is not StringValue { Text: var text }) continue;
            var index = Labels;
            foreach (var labels in index.ByText.GetValueOrDefault((key, text)) ?? [])
                if (Selects(selector, labels)) return true;
            foreach (var labels in index.NotText.GetValueOrDefault(key) ?? [])
                if (Selects(selector, labels)) return true;
            return false;
        }
        foreach (var labels in LabelSets)
            if (Selects(selector, labels)) return true;
        return false;
    }

    /// <summary>The label sets by (key, literal text), and by key those whose value there is not a literal string.</summary>
    private LabelIndex Labels => field ??= new LabelIndex(LabelSets);

    private sealed class LabelIndex
    {
        public LabelIndex(IReadOnlyList<MapValue> labelSets)
        {
            foreach (var labels in labelSets)
                foreach (var (key, value) in labels)
                {
                    if (value is StringValue { Text: var text })
                    {
                        if (!ByText.TryGetValue((key, text), out var sets)) ByText[(key, text)] = sets = [];
                        sets.Add(labels);
                    }
                    else
                    {
                        if (!NotText.TryGetValue(key, out var sets)) NotText[key] = sets = [];
                        sets.Add(labels);
                    }
                }
        }

        public Dictionary<(string Key, string Text), List<MapValue>> ByText { get; } = [];
        public Dictionary<string, List<MapValue>> NotText { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>
    /// Whether some visible pod matches a label selector (<c>matchLabels</c> and <c>matchExpressions</c> with In, NotIn, Exists,
    /// DoesNotExist); an empty selector selects every pod. An operator it does not know selects nothing.
    /// </summary>
    public bool AnySelectedBy(MapValue labelSelector) =>
        LabelSets.Any(labels => Selects(labelSelector.At("matchLabels") as MapValue ?? [], labels)
            && (labelSelector.At("matchExpressions") as ListValue ?? []).OfType<MapValue>().All(e => Satisfies(e, labels)));

    private static bool Satisfies(MapValue expression, MapValue labels)
    {
        var key = expression.At("key")?.ToString() ?? "";
        var label = Workloads.Entry(labels, key);
        var values = (expression.At("values") as ListValue ?? []).Select(v => v.ToString()).ToList();
        return expression.At("operator")?.ToString() switch
        {
            "Exists" => label is not null,
            "DoesNotExist" => label is null,
            "In" => label is not null && (label.IsComputed || values.Contains(label.ToString())),
            "NotIn" => label is null || label.IsComputed || !values.Contains(label.ToString()),
            _ => false,
        };
    }

    /// <summary>Label-selector semantics for <c>matchLabels</c>-style maps: every key present with the same value.</summary>
    public static bool Selects(MapValue selector, MapValue labels) =>
        selector.All(kv => Workloads.Entry(labels, kv.Key) is { } v && (v.Equals(kv.Value) || v.IsComputed || kv.Value.IsComputed));

    private static MapValue Merge(MapValue? first, MapValue? second)
    {
        var merged = new MapValue();
        foreach (var kv in first ?? []) merged[kv.Key] = kv.Value;
        foreach (var kv in second ?? []) merged[kv.Key] = kv.Value;
        return merged;
    }
}
