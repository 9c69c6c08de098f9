using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP037: log stores declare their retention (CloudWatch's unset is "never expire": unbudgeted and nobody's decision), and
/// in prod keep records long enough to evidence: CloudWatch log groups at least 365 days, Log Analytics workspaces at least
/// 90 days of interactive retention (older data goes to the archive tier). Dev and staging only declare one.
/// </summary>
public sealed class LogRetentionDeclared : ResourcePolicy
{
    public override string Id => "CMP037";
    public override string Pack => "compliance";
    public override string Title => "Log groups and workspaces must declare a retention, in prod at least a year (Log Analytics: 90 days)";
    public override string Rationale =>
        "Incidents are found months after they start; an audit log kept for the provider's default (CloudWatch: forever and unbudgeted, or a " +
        "short value set to save cost) either cannot answer or is not a decision anyone made.";
    public override string Remediation => "Set retentionInDays: 365 (or more) on aws:cloudwatch:LogGroup and retentionInDays: 90 (or more) on Log Analytics workspaces.";
    public override Severity Severity => Severity.Medium;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("CC7.2"), Frameworks.EuAiAct("Art. 19")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_AWS_66", "CKV_AWS_338"];

    public override bool JudgesType(string type) => CloudTypes.Is(type, CloudTypes.LogGroup, CloudTypes.AzureLogAnalytics);

    public override bool AppliesTo(ResourceView resource, StackView stack) => JudgesType(resource.Type);

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        var prod = stack.Stack.Environment == EnvironmentTier.Prod;
        var minimum = !prod ? 1 : CloudTypes.Is(resource.Type, CloudTypes.LogGroup) ? 365 : 90;
        var days = resource.Properties.At("retentionInDays");
        if (days is { IsComputed: true } || days is NumberValue n && n.Number >= minimum) yield break;
        yield return new Violation(resource.Name, "retentionInDays", days?.ToString(), days is null
            ? "the log store declares no retention"
            : $"the log store keeps logs {days} days, under the {minimum} days required in {(prod ? "prod" : "this environment")}");
    }
}
