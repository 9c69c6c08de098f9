using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP023: managed metadata databases are maintained: automated backups kept at least 7 days (RDS <c>backupRetentionPeriod</c>,
/// Azure PostgreSQL <c>backup.backupRetentionDays</c>) and RDS minor-version patches applied automatically
/// (<c>autoMinorVersionUpgrade</c> not switched off; it defaults to on).
/// </summary>
public sealed class DatabaseBackupRetention : PropertyPolicy
{
    public const int MinimumDays = 7;

    public override string Id => "CMP023";
    public override string Pack => "compliance";
    public override string Title => "Managed databases must keep automated backups for at least 7 days and take minor-version patches";
    public override string Rationale =>
        "The metadata store (experiment runs, model registry, feature definitions) is the lineage record itself; losing it loses " +
        "the evidence. A week of point-in-time backups covers a bad migration noticed after a weekend.";
    public override string Remediation =>
        $"Set backupRetentionPeriod ≥ {MinimumDays} on RDS, backup.backupRetentionDays ≥ {MinimumDays} on Azure PostgreSQL; leave autoMinorVersionUpgrade on (security patches).";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("A1.2"), Frameworks.EuAiAct("Art. 12"), Frameworks.Iso42001("A.6.2.8")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_AWS_133", "CKV_AWS_226", "awsguard:rds-instance-backup-enabled"];

    public override IReadOnlyList<PolicySetting> Settings { get; } =
    [
        PolicySetting.Integer("retentionDays", MinimumDays, "The fewest days of automated backups a managed database keeps (RDS allows 1–35, Azure PostgreSQL 7–35).", 1, 35),
    ];

    protected override IReadOnlyList<PropertyCheck> Checks { get; } = ChecksAtLeast(MinimumDays);

    protected override IReadOnlyList<PropertyCheck> ChecksFor(StackView stack) =>
        IntegerSetting(stack, "retentionDays") is var days && days == MinimumDays ? Checks : ChecksAtLeast(days);

    private static IReadOnlyList<PropertyCheck> ChecksAtLeast(int days) =>
    [
        PropertyCheck.AtLeast(CloudTypes.RdsInstance, "backupRetentionPeriod", days),
        PropertyCheck.AtLeast(CloudTypes.RdsCluster, "backupRetentionPeriod", days),
        PropertyCheck.AtLeast(CloudTypes.AzurePostgresServer, "backup.backupRetentionDays", days),
        PropertyCheck.AtLeast(CloudTypes.AzurePostgresFlexibleServer, "backup.backupRetentionDays", days),
        PropertyCheck.NotEqual(CloudTypes.RdsInstance, "autoMinorVersionUpgrade", false),
    ];
}
