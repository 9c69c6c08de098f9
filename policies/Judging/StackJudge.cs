using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Policies.Cost;
using Supplychain.Policies.Cost.Catalog;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Waivers;

namespace Supplychain.Policies.Judging;

/// <summary>Everything a stack is judged with, besides its resources.</summary>
/// <param name="Spec">The declared supply chain; null when auditing engine output without the stack's config.</param>
/// <param name="Today">The day waivers' expiry is judged against.</param>
public sealed record JudgeRequest(StackContext Stack, SupplyChainSpec? Spec, PolicyConfig Config, WaiverSet Waivers, PolicySet Policies, DateOnly Today);

/// <summary>A judged stack: the view the policies saw (with its cost estimate), the report and the fixes remediation made.</summary>
public sealed record Judgement(StackView View, MonthlyCostEstimate Cost, PolicyReport Report, IReadOnlyList<RemediationChange> Remediations);

/// <summary>
/// The one path that judges a stack, whoever asks (synth, preview, cost, audit, diff, policy test): price the resources,
/// build the stack view, run every policy at its effective enforcement and settings, apply the waivers, and stamp the
/// report with the provenance of the policy set. A program is remediated first, when a policy is set to remediate.
/// </summary>
public sealed class StackJudge(PriceCatalog catalog)
{
    /// <summary>Judges resources as they are (engine output, a program read back): nothing is remediated.</summary>
    public Judgement Judge(IReadOnlyList<ResourceView> resources, JudgeRequest request)
    {
        var view = ViewOf(resources, request);
        return new Judgement(view, view.Cost!, Evaluate(view, request), []);
    }

    /// <summary>Judges a synthesized program: remediating policies fix it in place first, then the fixed program is judged.</summary>
    public Judgement JudgeProgram(PulumiProgram program, JudgeRequest request)
    {
        var remediations = PolicyEngine.Remediate(program, () => ViewOf(ProgramViews.From(program), request), request.Policies.Policies, request.Config);
        var view = ViewOf(ProgramViews.From(program), request);
        return new Judgement(view, view.Cost!, Evaluate(view, request), remediations);
    }

    private StackView ViewOf(IReadOnlyList<ResourceView> resources, JudgeRequest request)
    {
        var cost = CostModel.Estimate(resources, request.Stack, request.Spec, catalog, request.Config.KubernetesRates);
        return new StackView(request.Stack, resources, request.Spec, request.Config, cost);
    }

    private static PolicyReport Evaluate(StackView view, JudgeRequest request) =>
        PolicyEngine.Evaluate(view, request.Policies.Policies, request.Waivers, request.Today) with
        {
            Provenance = request.Policies.Provenance(request.Config),
        };
}
