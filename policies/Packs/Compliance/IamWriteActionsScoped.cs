using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP027: an IAM statement that allows a write action on <c>Resource: "*"</c> names its resources or constrains them with a
/// condition (<c>aws:ResourceTag/...</c>). Read-only actions (Describe/List/Get) and the few actions AWS cannot scope to a
/// resource (<c>ecr:GetAuthorizationToken</c>, <c>sts:GetCallerIdentity</c>...) are exempt, as Checkov's check exempts them.
/// </summary>
public sealed class IamWriteActionsScoped : ResourcePolicy
{
    /// <summary>Actions AWS only accepts on <c>*</c>: requiring a resource would make them unusable.</summary>
    private static readonly string[] UnscopableActions =
    [
        "ecr:GetAuthorizationToken", "sts:GetCallerIdentity", "cloudwatch:PutMetricData", "logs:CreateLogGroup",
        "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces", "xray:PutTraceSegments", "xray:PutTelemetryRecords",
    ];
    private static readonly string[] ReadPrefixes = ["Describe", "List", "Get", "BatchGet", "Head", "Search", "Lookup", "View"];

    public override string Id => "CMP027";
    public override string Pack => "compliance";
    public override string Title => "IAM write actions must name their resources or be constrained by a condition";
    public override string Rationale =>
        "Allowing a write action on every resource of the account turns a workload's role into an account-wide one: the feature server " +
        "that may write its own bucket could delete any bucket. Least privilege needs the resource, or a tag condition that selects it.";
    public override string Remediation =>
        "Replace Resource \"*\" with the ARNs the workload writes (references to the bucket, repository or key), or add a Condition such as " +
        "aws:ResourceTag/<key> that limits the statement to the stack's resources.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("CC6.1"), Frameworks.Soc2("CC6.3"), Frameworks.CisEks("5.1.3")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_AWS_355", "CKV_AWS_290", "AwsSolutions-IAM5"];

    public override bool JudgesType(string type) =>
        CloudTypes.Is(type, CloudTypes.IamPolicy, CloudTypes.IamRolePolicy, CloudTypes.IamUserPolicy, CloudTypes.IamGroupPolicy, CloudTypes.IamRole);

    public override bool AppliesTo(ResourceView resource, StackView stack) => JudgesType(resource.Type);

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        foreach (var (path, document) in IamDocuments.Of(resource))
            foreach (var s in IamDocuments.Statements(document).Where(s => s.Allow && !s.HasCondition && s.Resources.Contains("*")))
                foreach (var action in s.Actions.Where(IsWrite))
                    yield return new Violation(resource.Name, $"{path}.Statement[{s.Index}]", action,
                        $"statement {s.Index} allows the write action '{action}' on every resource, without a condition");
    }

    private static bool IsWrite(string action)
    {
        if (UnscopableActions.Any(a => string.Equals(a, action, StringComparison.OrdinalIgnoreCase))) return false;
        var verb = action.Contains(':') ? action[(action.IndexOf(':') + 1)..] : action;
        return !ReadPrefixes.Any(p => verb.StartsWith(p, StringComparison.OrdinalIgnoreCase) && !verb.Equals("*", StringComparison.Ordinal));
    }
}
