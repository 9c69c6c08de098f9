using Supplychain.Policies.Cost;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Cost;

/// <summary>COST010 (advisory): Helm releases set their workloads' requests in values, so their cost is visible to the estimate.</summary>
public sealed class HelmReleasesSetRequests : StackPolicy
{
    public override string Id => "COST010";
    public override string Pack => CostPack.Name;
    public override string Title => "Helm releases must set their workloads' resource requests in values";
    public override string Rationale =>
        "The program cannot see inside a chart: a release whose values set no requests is left out of the estimate. It is advisory because " +
        "some charts size themselves sensibly, but each one is a blind spot in the budget gates.";
    public override string Remediation => "Set resources.requests (and replicaCount) for the chart's workloads in the release's values.";
    public override Severity Severity => Severity.Low;
    public override Enforcement DefaultEnforcement => Enforcement.Advisory;
    public override IReadOnlyList<FrameworkControl> Controls => [CostPack.IsoResourceDocumentation, CostPack.Soc2Capacity];

    public override bool AppliesTo(StackView stack) => stack.Cost is not null;

    public override IEnumerable<Violation> Evaluate(StackView stack) =>
        stack.Cost!.Unpriced.Where(u => u.Kind == UnpricedKind.InsideChart)
            .Select(u => new Violation(u.Resource, "values", null, $"Not priced: {u.Reason}."));
}
