using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP030: no IAM policy allows the actions that let a principal raise its own privileges (write or attach policies, create
/// credentials for others, rewrite trust policies), nor <c>iam:PassRole</c> on every role. The action list is the one
/// Checkov's privilege-escalation check and Rhino Security's research use.
/// </summary>
public sealed class NoIamPrivilegeEscalation : ResourcePolicy
{
    private static readonly string[] EscalationActions =
    [
        "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:AttachUserPolicy", "iam:AttachGroupPolicy", "iam:AttachRolePolicy",
        "iam:PutUserPolicy", "iam:PutGroupPolicy", "iam:PutRolePolicy", "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
        "iam:UpdateAssumeRolePolicy", "iam:AddUserToGroup", "iam:CreateRole", "iam:UpdateRole", "iam:PutRolePermissionsBoundary",
        "iam:DeleteRolePermissionsBoundary", "iam:DeleteRolePolicy", "iam:DetachRolePolicy",
    ];

    public override string Id => "CMP030";
    public override string Pack => "compliance";
    public override string Title => "IAM policies must not allow privilege-escalation actions";
    public override string Rationale =>
        "A role that can write its own policy, attach AdministratorAccess, mint access keys or pass any role to a new compute resource is " +
        "an administrator with extra steps; least privilege is void the moment one of these is granted.";
    public override string Remediation =>
        "Remove the IAM write actions from workload policies (let Pulumi, not the workload, manage IAM); scope iam:PassRole to the ARNs of the roles it must pass.";
    public override Severity Severity => Severity.Critical;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("CC6.1"), Frameworks.Soc2("CC6.3")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_AWS_286", "CKV_AWS_110"];

    public override bool JudgesType(string type) =>
        CloudTypes.Is(type, CloudTypes.IamPolicy, CloudTypes.IamRolePolicy, CloudTypes.IamUserPolicy, CloudTypes.IamGroupPolicy, CloudTypes.IamRole);

    public override bool AppliesTo(ResourceView resource, StackView stack) => JudgesType(resource.Type);

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        foreach (var (path, document) in IamDocuments.Of(resource))
            foreach (var s in IamDocuments.Statements(document).Where(s => s.Allow))
                foreach (var action in s.Actions)
                {
                    var escalates = EscalationActions.Any(e => IamDocuments.Matches(action, e))
                        || IamDocuments.Matches(action, "iam:PassRole") && s.Resources.Contains("*");
                    if (escalates)
                        yield return new Violation(resource.Name, $"{path}.Statement[{s.Index}]", action, $"statement {s.Index} allows '{action}', which lets the holder escalate its privileges");
                }
    }
}
