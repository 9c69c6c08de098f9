using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP029: no identity gets an administrator role: AWS policy attachments and <c>managedPolicyArns</c> name no
/// AdministratorAccess, PowerUserAccess or IAMFullAccess; Azure role assignments grant no Owner, Contributor or User Access
/// Administrator (built-in role ids, which are the same in every tenant).
/// </summary>
public sealed class NoAdministratorRoles : ResourcePolicy
{
    private static readonly string[] AdminPolicies =
        ["arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/PowerUserAccess", "arn:aws:iam::aws:policy/IAMFullAccess"];
    private static readonly Dictionary<string, string> AdminAzureRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["8e3af657-a8ff-443c-a75c-2fe8c4bcb635"] = "Owner",
        ["b24988ac-6180-42a0-ab88-20f7382dd24c"] = "Contributor",
        ["18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"] = "User Access Administrator",
    };

    public override string Id => "CMP029";
    public override string Pack => "compliance";
    public override string Title => "No workload or pipeline identity must hold an administrator role";
    public override string Rationale =>
        "An administrator role held by a pod, a node or the release pipeline makes one compromised container or workflow the owner of the " +
        "account or subscription, including the audit trail and the keys.";
    public override string Remediation =>
        "Attach the AWS managed policy for the job (AmazonEKSWorkerNodePolicy, AmazonEBSCSIDriverPolicy...) or an inline policy naming the actions; " +
        "assign the Azure built-in data role (AcrPull, Storage Blob Data Contributor, Key Vault Secrets User) at the resource's scope.";
    public override Severity Severity => Severity.Critical;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("CC6.1"), Frameworks.Soc2("CC6.3"), Frameworks.CisEks("5.1.2")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_AWS_274"];

    public override bool JudgesType(string type) =>
        CloudTypes.Is(type, CloudTypes.IamRolePolicyAttachment, CloudTypes.IamPolicyAttachment, CloudTypes.IamUserPolicyAttachment,
            CloudTypes.IamGroupPolicyAttachment, CloudTypes.IamRole, CloudTypes.AzureRoleAssignment);

    public override bool AppliesTo(ResourceView resource, StackView stack) => JudgesType(resource.Type);

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        if (CloudTypes.Is(resource.Type, CloudTypes.AzureRoleAssignment))
        {
            var definition = resource.Properties.At("roleDefinitionId")?.ToString() ?? "";
            var admin = AdminAzureRoles.FirstOrDefault(kv => definition.EndsWith(kv.Key, StringComparison.OrdinalIgnoreCase));
            if (admin.Key is not null)
                yield return new Violation(resource.Name, "roleDefinitionId", definition, $"the assignment grants the {admin.Value} role");
            yield break;
        }
        if (CloudTypes.Is(resource.Type, CloudTypes.IamRole))
        {
            var arns = resource.Properties.At("managedPolicyArns") as ListValue ?? [];
            for (var i = 0; i < arns.Count; i++)
                if (AdminPolicies.Contains(arns[i].ToString()))
                    yield return new Violation(resource.Name, $"managedPolicyArns[{i}]", arns[i].ToString(), $"the role holds {arns[i]}");
            yield break;
        }
        var arn = resource.Properties.At("policyArn")?.ToString();
        if (arn is not null && AdminPolicies.Contains(arn))
            yield return new Violation(resource.Name, "policyArn", arn, $"the attachment grants {arn}");
    }
}
