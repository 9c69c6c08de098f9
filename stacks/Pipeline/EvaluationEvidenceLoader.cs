using Supplychain.Components.Domain;
using Supplychain.Components.Domain.Evaluation;

namespace Supplychain.Stacks.Pipeline;

/// <summary>
/// Reads the evaluation records the models' lineage cites (paths relative to the project) before policies run, so the
/// lineage policies judge evidence without touching files and the ML-BOM can carry it.
/// </summary>
internal static class EvaluationEvidenceLoader
{
    public static SupplyChainSpec Attach(SupplyChainSpec spec, string projectDirectory)
    {
        if (spec.Models.All(m => m.Lineage?.Evaluation is null)) return spec;
        var models = spec.Models.Select(m => m.Lineage?.Evaluation is not { } reference ? m : m with
        {
            Lineage = m.Lineage with
            {
                Evaluation = reference with { Evidence = EvaluationEvidence.Load(Path.Combine(projectDirectory, reference.Uri)) },
            },
        }).ToList();
        return spec with { Models = models };
    }
}
