using System.Globalization;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Cost;

/// <summary>COST009 (advisory): the price catalog the estimate used is at most 180 days old.</summary>
public sealed class PriceCatalogIsCurrent(TimeProvider clock) : StackPolicy
{
    public const int MaxAgeDays = 180;

    public PriceCatalogIsCurrent() : this(TimeProvider.System) { }

    public override string Id => "COST009";
    public override string Pack => CostPack.Name;
    public override string Title => $"The price catalog must be at most {MaxAgeDays} days old";
    public override string Rationale =>
        "Cloud prices change (AWS cut P4/P5 prices by up to 45% in June 2025); an old catalog makes every budget decision on stale figures. " +
        "Advisory, because a stale estimate is still better than none.";
    public override string Remediation => "Refresh policies/Cost/Catalog/price-catalog.json from its sources and set its date (see the catalog's README).";
    public override Severity Severity => Severity.Low;
    public override Enforcement DefaultEnforcement => Enforcement.Advisory;
    public override IReadOnlyList<FrameworkControl> Controls => [CostPack.IsoResourceDocumentation, CostPack.NistManageResources];

    public override IReadOnlyList<PolicySetting> Settings { get; } =
    [
        PolicySetting.Integer("maxAgeDays", MaxAgeDays, "The oldest the price catalog may be, in days, before estimates count as stale.", 1, 3650),
    ];

    public override bool AppliesTo(StackView stack) => stack.Cost is not null;

    public override IEnumerable<Violation> Evaluate(StackView stack)
    {
        var date = stack.Cost!.CatalogDate;
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var validOn))
        {
            yield return new Violation(null, "catalog.date", date, "The price catalog's date is not a yyyy-MM-dd date.");
            yield break;
        }
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var age = today.DayNumber - validOn.DayNumber;
        if (age > IntegerSetting(stack, "maxAgeDays"))
            yield return new Violation(null, "catalog.date", date, $"The price catalog is {age} days old (dated {date}); prices may have changed.");
    }
}
