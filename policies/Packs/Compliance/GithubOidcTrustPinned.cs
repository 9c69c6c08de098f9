using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP028: an IAM role that trusts GitHub's OIDC provider (<c>token.actions.githubusercontent.com</c>) pins the token's
/// <c>sub</c> to one repository and a ref or environment with <c>StringEquals</c> (or a <c>StringLike</c> without a wildcard
/// in the repository part), and its <c>aud</c> to <c>sts.amazonaws.com</c>. Without it any repository on GitHub can assume the role.
/// </summary>
public sealed class GithubOidcTrustPinned : ResourcePolicy
{
    private const string Issuer = "token.actions.githubusercontent.com";

    public override string Id => "CMP028";
    public override string Pack => "compliance";
    public override string Title => "Roles trusting GitHub Actions must pin the repository and the ref or environment";
    public override string Rationale =>
        "The release role pushes images and model artifacts; a trust policy that does not pin the token's subject lets a workflow in any " +
        "repository (or any branch of this one) assume it and publish a model to production.";
    public override string Remediation =>
        "Add Condition StringEquals token.actions.githubusercontent.com:sub = repo:<org>/<repo>:ref:refs/heads/<branch> (or :environment:<name>) " +
        "and token.actions.githubusercontent.com:aud = sts.amazonaws.com to the role's assume-role statement.";
    public override Severity Severity => Severity.Critical;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("CC6.1"), Frameworks.Soc2("CC8.1"), Frameworks.EuAiAct("Art. 15")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_AWS_358"];

    public override bool JudgesType(string type) => CloudTypes.Is(type, CloudTypes.IamRole);

    public override bool AppliesTo(ResourceView resource, StackView stack) =>
        CloudTypes.Is(resource.Type, CloudTypes.IamRole) && IamDocuments.Statements(resource.Properties.At("assumeRolePolicy")).Any(TrustsGithub);

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        foreach (var s in IamDocuments.Statements(resource.Properties.At("assumeRolePolicy")).Where(s => s.Allow && TrustsGithub(s)))
        {
            var subjects = s.ConditionValues("StringEquals", Issuer + ":sub").Concat(s.ConditionValues("StringLike", Issuer + ":sub")).ToList();
            var audiences = s.ConditionValues("StringEquals", Issuer + ":aud");
            var path = $"assumeRolePolicy.Statement[{s.Index}].Condition";
            if (subjects.Count == 0)
                yield return new Violation(resource.Name, path, null, "the GitHub trust does not restrict the token's subject: any repository can assume the role");
            else foreach (var sub in subjects.Where(sub => !Pinned(sub)))
                yield return new Violation(resource.Name, path, sub, $"the subject '{sub}' does not pin one repository and a ref or environment");
            if (!audiences.Contains("sts.amazonaws.com"))
                yield return new Violation(resource.Name, path, audiences.Count == 0 ? null : string.Join(",", audiences), "the GitHub trust does not pin the audience to sts.amazonaws.com");
        }
    }

    private static bool TrustsGithub(IamStatement s) =>
        s.Actions.Any(a => a.Equals("sts:AssumeRoleWithWebIdentity", StringComparison.OrdinalIgnoreCase))
        && (s.Principal?.ToString().Contains("github", StringComparison.OrdinalIgnoreCase) == true
            || s.Condition?.ToString().Contains(Issuer, StringComparison.OrdinalIgnoreCase) == true);

    /// <summary><c>repo:org/name:ref:refs/heads/x</c> or <c>repo:org/name:environment:prod</c>, no wildcard before the ref or environment.</summary>
    private static bool Pinned(string sub)
    {
        var parts = sub.Split(':');
        return parts.Length >= 4 && parts[0] == "repo" && parts[1].Contains('/') && !parts[1].Contains('*') && !parts[1].Contains('?')
            && parts[2] is "ref" or "environment" && !parts[3].Contains('*') && parts[3].Length > 0;
    }
}
