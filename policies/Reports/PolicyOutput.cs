using Supplychain.Components.Model;
using Supplychain.Policies.Cost;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Reports;

/// <summary>
/// The <c>policy</c> stack output: what was enforced when the stack was deployed, kept in the stack's state.
/// Counts per pack and severity, the blocking count (0, or synth would not have produced a program), advisory
/// findings (capped, with the total), waived count, the cost estimate, the catalog date and the report digest.
/// </summary>
public static class PolicyOutput
{
    public const string OutputName = "policy";

    /// <summary>Advisory findings listed in the output; the rest are counted (the reports hold them all).</summary>
    public const int MaxAdvisoryListed = 50;

    public static MapValue ToValue(PolicyReport report, MonthlyCostEstimate? cost = null)
    {
        var counts = new MapValue();
        foreach (var (pack, bySeverity) in report.OpenByPackAndSeverity)
        {
            var m = new MapValue();
            foreach (var s in Enum.GetValues<Severity>()) m[ReportNames.Of(s)] = bySeverity[s];
            counts[pack] = m;
        }

        var advisory = report.Advisory.ToList();
        var listed = new ListValue();
        foreach (var f in advisory.Take(MaxAdvisoryListed))
            listed.Add(new MapValue { ["id"] = f.PolicyId, ["resource"] = f.Resource ?? "stack", ["message"] = f.Message });

        var o = report.Outcomes;
        var value = new MapValue
        {
            ["blocking"] = report.BlockingCount,
            ["counts"] = counts,
            ["outcomes"] = new MapValue { ["passed"] = o.Passed, ["failed"] = o.Failed, ["waived"] = o.Waived, ["notApplicable"] = o.NotApplicable, ["errors"] = o.Errors },
            ["advisory"] = listed,
            ["advisoryTotal"] = advisory.Count,
            ["waived"] = o.Waived,
            ["digest"] = report.Digest,
        };
        if (report.Provenance is { } provenance)
        {
            value["toolVersion"] = provenance.ToolVersion;
            value["policySetDigest"] = provenance.PolicySetDigest;
            value["packs"] = new MapValue(provenance.Packs.Select(p => KeyValuePair.Create(p.Pack, (Value)p.Version)));
        }
        var catalogDate = cost?.CatalogDate ?? report.CatalogDate;
        if (catalogDate is not null) value["catalogDate"] = catalogDate;
        if (cost is not null)
        {
            value["expectedMonthlyUsd"] = JsonReport.Money(cost.ExpectedUsd);
            value["maxMonthlyUsd"] = JsonReport.Money(cost.MaxUsd);
        }
        return value;
    }
}
