using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Lineage;

/// <summary>
/// LIN010: in prod a model rolls out as an Argo Rollouts canary with traffic steps (<c>setWeight</c>) and automated
/// analysis (an <c>analysis</c> step or background analysis) whose AnalysisTemplates exist in the stack.
/// </summary>
public sealed class ProdCanaryWithAnalysis : ServingWorkloadPolicy, IJudgesWholeStack
{
    public const string AnalysisTemplateType = "kubernetes:argoproj.io/v1alpha1:AnalysisTemplate";
    public const string ClusterAnalysisTemplateType = "kubernetes:argoproj.io/v1alpha1:ClusterAnalysisTemplate";

    public override string Id => "LIN010";
    public override string Title => "In prod, model releases must be canaries with automated analysis";
    public override string Rationale =>
        "A new model version can be worse on live traffic than on the test set. A canary exposes a fraction of users first and an " +
        "analysis on live metrics aborts it automatically, which bounds the harm of a bad release.";
    public override string Remediation =>
        "Serve the model with an Argo Rollout whose strategy.canary.steps contain setWeight steps and an analysis step (or " +
        "strategy.canary.analysis) referencing an AnalysisTemplate rendered in the model's namespace.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls =>
    [
        Frameworks.EuAiAct("Art. 15"), Frameworks.NistAiRmf("MANAGE 2.4"), Frameworks.NistAiRmf("MEASURE 2.4"),
        Frameworks.Iso42001("A.6.2.5"), Frameworks.Soc2("CC8.1"),
    ];

    protected override bool AppliesToStack(StackView stack) => stack.Stack.Environment == EnvironmentTier.Prod;

    protected override IEnumerable<Violation> Check(ServedModel m, StackView stack)
    {
        var r = m.Workload;
        if (!Workloads.IsRollout(r))
        {
            yield return new Violation(r.Name, null, r.Type, $"model '{m.ModelName}' is served by a {Workloads.Kind(r)}, not an Argo Rollout canary");
            yield break;
        }
        if (r.Properties.At("spec.strategy.canary") is not MapValue canary)
        {
            yield return new Violation(r.Name, "spec.strategy.canary", r.Properties.At("spec.strategy")?.ToString(), $"model '{m.ModelName}' has no canary strategy");
            yield break;
        }
        var steps = (canary.At("steps") as ListValue ?? []).OfType<MapValue>().ToList();
        if (!steps.Any(s => s.ContainsKey("setWeight")))
            yield return new Violation(r.Name, "spec.strategy.canary.steps", null, $"model '{m.ModelName}' canary has no setWeight steps");

        var analyses = steps.Select(s => s.At("analysis")).Append(canary.At("analysis")).OfType<MapValue>().ToList();
        var templates = analyses.SelectMany(a => a.At("templates") as ListValue ?? []).OfType<MapValue>().ToList();
        if (templates.Count == 0)
        {
            yield return new Violation(r.Name, "spec.strategy.canary.steps", null, $"model '{m.ModelName}' canary has no analysis");
            yield break;
        }
        var ns = Workloads.NamespaceOf(r);
        foreach (var t in templates)
        {
            if (t.At("templateName") is not StringValue { Text: var name }) continue;
            var clusterScope = t.At("clusterScope") is BoolValue { Flag: true };
            var exists = clusterScope
                ? stack.OfType(ClusterAnalysisTemplateType).Any(a => Workloads.NameOf(a) == name)
                : stack.OfType(AnalysisTemplateType).Any(a => Workloads.NameOf(a) == name && Workloads.NamespaceOf(a) == ns);
            if (!exists)
                yield return new Violation(r.Name, "spec.strategy.canary.steps", name,
                    $"model '{m.ModelName}' canary analysis references {(clusterScope ? "ClusterAnalysisTemplate" : "AnalysisTemplate")} '{name}', which the stack does not define{(clusterScope ? "" : $" in namespace '{ns}'")}");
        }
    }
}
