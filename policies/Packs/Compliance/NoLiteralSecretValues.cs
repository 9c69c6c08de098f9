using System.Text.RegularExpressions;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP012: a Secret's credential-looking entries (keys naming a password, secret, token, key, credential or webhook) are
/// references or computed values (generated passwords, secret config), never literals written into the program; no entry
/// of any key holds a literal that looks like a credential (a URL with a password, an AWS access key id, a PEM private key);
/// <c>fn::secret</c> around a literal hides it in state but still writes it into the program.
/// </summary>
public sealed partial class NoLiteralSecretValues : ResourcePolicy
{
    public override string Id => "CMP012";
    public override string Pack => "compliance";
    public override string Title => "Secrets must not hold literal credentials";
    public override string Rationale =>
        "A literal in the synthesized program lands in git, CI logs and the PR diff. Credentials must come from random:RandomPassword " +
        "or secret stack config by reference, so Pulumi encrypts them and they never appear in text.";
    public override string Remediation =>
        "Use a RandomPassword's .result or a secret config reference (program.DeclareConfig(key, secret: true)) as the value.";
    public override Severity Severity => Severity.Critical;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("CC6.1"), Frameworks.Soc2("CC6.7")];
    public override IReadOnlyList<string> PeerEquivalents => ["polaris:sensitiveContainerEnvVar"];

    public override bool JudgesType(string type) => type == KubeTypes.Secret;

    public override bool AppliesTo(ResourceView resource, StackView stack) => JudgesType(resource.Type);

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        foreach (var field in new[] { "stringData", "data" })
        {
            if (resource.Properties.At(field) is not MapValue entries) continue;
            foreach (var (key, value) in entries)
            {
                var path = $"{field}[\"{key}\"]";
                if (value is FunctionValue { Name: "fn::secret", Argument: StringValue })
                    yield return new Violation(resource.Name, path, "fn::secret(<literal>)", $"'{key}' wraps a literal in fn::secret: the literal is still in the program");
                else if (value is StringValue && CredentialKey().IsMatch(key))
                    yield return new Violation(resource.Name, path, "<literal>", $"'{key}' holds a literal credential; reference a generated password or secret config");
                else if (LiteralText(value).Any(LooksLikeCredential))
                    yield return new Violation(resource.Name, path, "<literal>", $"'{key}' holds literal text that looks like a credential");
            }
        }
    }

    private static IEnumerable<string> LiteralText(Value v) => v switch
    {
        StringValue s => [s.Text],
        InterpolationValue i => i.Parts.OfType<StringValue>().Select(p => p.Text),
        _ => [],
    };

    private static bool LooksLikeCredential(string text) => UrlWithPassword().IsMatch(text) || AwsAccessKeyId().IsMatch(text) || text.Contains("PRIVATE KEY-----", StringComparison.Ordinal);

    [GeneratedRegex("(?i)(pass(word|wd)?|secret|token|api[-_]?key|private[-_]?key|credential|webhook)")]
    private static partial Regex CredentialKey();

    [GeneratedRegex(@"://[^/\s:@]+:[^@\s$]+@")]
    private static partial Regex UrlWithPassword();

    [GeneratedRegex(@"\b(AKIA|ASIA)[0-9A-Z]{16}\b")]
    private static partial Regex AwsAccessKeyId();
}
