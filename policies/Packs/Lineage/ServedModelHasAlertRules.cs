using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Lineage;

/// <summary>
/// LIN009: every served model is watched by at least one alerting rule of a Prometheus Operator <c>PrometheusRule</c>.
/// A rule counts for a model when it is an <c>alert</c> rule and names the model: its <c>model</c> (or
/// <c>supplychain.dev/model</c>) label, a matcher on the model's name in its expression (<c>"fraud-detector"</c>,
/// <c>model-fraud-detector</c>), or a PrometheusRule object labelled <c>supplychain.dev/model</c>.
/// </summary>
public sealed class ServedModelHasAlertRules : ServingWorkloadPolicy, IJudgesWholeStack
{
    public const string PrometheusRuleType = "kubernetes:monitoring.coreos.com/v1:PrometheusRule";

    public override string Id => "LIN009";
    public override string Title => "Every served model must have alerting rules";
    public override string Rationale =>
        "A model degrades silently: latency, error rate and input drift are only noticed if something alerts on them. " +
        "Post-market monitoring of a deployed model is an obligation, not an option.";
    public override string Remediation =>
        "Register the model with the Monitoring component (AlertOnModel), which renders a PrometheusRule with latency, error-rate " +
        "and drift alerts labelled with the model.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls =>
    [
        Frameworks.EuAiAct("Art. 72"), Frameworks.NistAiRmf("MEASURE 2.4"), Frameworks.NistAiRmf("MANAGE 4.1"),
        Frameworks.Iso42001("A.6.2.6"), Frameworks.Soc2("CC7.2"),
    ];

    // The rules of a stack are indexed once per evaluation: checking every rule for every model is quadratic. The models
    // a rule names by label are collected once; only a model named by none is looked for in the rules' expressions.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<StackView, RuleIndex> RulesByStack = new();

    private sealed class RuleIndex(List<ResourceView> rules)
    {
        public List<ResourceView> Rules { get; } = rules;
        public HashSet<string> LabelledModels { get; } = rules.SelectMany(LabelledModelsOf).ToHashSet(StringComparer.Ordinal);

        /// <summary>
        /// The expressions of every alert rule, in stack order: a model no rule names by a label is alerted on only when one
        /// of them mentions it (<see cref="AlertsOn"/> less the label checks <see cref="LabelledModels"/> already answered).
        /// </summary>
        public List<string> Expressions { get; } = rules.SelectMany(AlertRules).Select(r => r.At("expr")?.ToString() ?? "").ToList();

        public bool AnyExpressionMentions(string model)
        {
            var (quoted, workload) = ($"\"{model}\"", ServedModel.NamePrefix + model);
            foreach (var expr in Expressions)
                if (expr.Contains(quoted, StringComparison.Ordinal) || expr.Contains(workload, StringComparison.Ordinal)) return true;
            return false;
        }

        /// <summary>Every model a rule with alerts names by a label: of the PrometheusRule object, or of one of its alert rules (as <see cref="AlertsOn"/> checks).</summary>
        private static IEnumerable<string> LabelledModelsOf(ResourceView rule)
        {
            var alertRules = AlertRules(rule).ToList();
            if (alertRules.Count == 0) yield break;
            if (Workloads.Text(rule.Properties.At("metadata.labels") as MapValue, Labels.Model) is { } objectModel) yield return objectModel;
            foreach (var r in alertRules)
            {
                var labels = r.At("labels") as MapValue;
                if (Workloads.Text(labels, "model") is { } model) yield return model;
                if (Workloads.Text(labels, Labels.Model) is { } labelled) yield return labelled;
            }
        }
    }

    protected override IEnumerable<Violation> Check(ServedModel m, StackView stack)
    {
        var model = m.ModelName;
        var index = RulesByStack.GetValue(stack, s => new RuleIndex(s.OfType(PrometheusRuleType).ToList()));
        if (model is null || index.LabelledModels.Contains(model) || index.AnyExpressionMentions(model)) yield break;
        yield return new Violation(m.Workload.Name, null, null, $"no PrometheusRule alerts on model '{model}'");
    }

    public static bool AlertsOn(ResourceView rule, string model)
    {
        var objectLabelled = Workloads.Text(rule.Properties.At("metadata.labels") as MapValue, Labels.Model) == model;
        foreach (var r in AlertRules(rule))
        {
            var labels = r.At("labels") as MapValue;
            if (objectLabelled || Workloads.Text(labels, "model") == model || Workloads.Text(labels, Labels.Model) == model) return true;
            var expr = r.At("expr")?.ToString() ?? "";
            if (expr.Contains($"\"{model}\"", StringComparison.Ordinal) || expr.Contains(ServedModel.NamePrefix + model, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static IEnumerable<MapValue> AlertRules(ResourceView rule) =>
        (rule.Properties.At("spec.groups") as ListValue ?? [])
            .OfType<MapValue>()
            .SelectMany(g => g.At("rules") as ListValue ?? [])
            .OfType<MapValue>()
            .Where(r => r.At("alert") is not null);
}
