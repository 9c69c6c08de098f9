using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP026: every S3 bucket HAS its guards, not only "the guards that exist are right" (CMP015, CMP017 judge their values):
/// a public access block, a default-encryption configuration and a bucket policy that denies requests without TLS
/// (<c>aws:SecureTransport = false</c>). In every environment: a bucket exists only on cloud targets.
/// </summary>
public sealed class BucketsHaveSecurityCompanions : ResourcePolicy
{
    public override string Id => "CMP026";
    public override string Pack => "compliance";
    public override string Title => "Every S3 bucket must have a public access block, default encryption and a TLS-only bucket policy";
    public override string Rationale =>
        "S3 settings live on companion resources; a bucket created without them is public-capable, relies on the account default for " +
        "encryption and accepts plain-HTTP requests. Checking only the companions that exist passes exactly the bucket that forgot them.";
    public override string Remediation =>
        "Give each bucket an aws:s3:BucketPublicAccessBlock with all four flags true, an aws:s3:BucketServerSideEncryptionConfiguration, " +
        "and an aws:s3:BucketPolicy with a Deny statement on aws:SecureTransport = false (ArtifactRepository renders all three).";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("CC6.1"), Frameworks.Soc2("CC6.7"), Frameworks.EuAiAct("Art. 10")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV2_AWS_6", "AwsSolutions-S2", "AwsSolutions-S10"];

    private static readonly string[] Flags = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

    public override bool JudgesType(string type) => Buckets.IsBucketType(type);

    public override bool AppliesTo(ResourceView resource, StackView stack) => Buckets.IsBucket(resource);

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        var blocks = Buckets.Companions(stack, resource, CloudTypes.S3PublicAccessBlock).ToList();
        if (!blocks.Any(b => Flags.All(f => b.Properties.At(f) is BoolValue { Flag: true } or { IsComputed: true })))
            yield return new Violation(resource.Name, "publicAccessBlock", blocks.Count == 0 ? null : "partial",
                blocks.Count == 0 ? "the bucket has no public access block" : "no public access block of the bucket sets all four flags");

        var inlineEncryption = resource.Properties.At("serverSideEncryptionConfiguration") is MapValue;
        if (!inlineEncryption && !Buckets.Companions(stack, resource, CloudTypes.S3Encryption, CloudTypes.S3EncryptionV2).Any())
            yield return new Violation(resource.Name, "serverSideEncryptionConfiguration", null, "the bucket has no default-encryption configuration");

        var policies = Buckets.Companions(stack, resource, CloudTypes.S3BucketPolicy).Select(p => p.Properties.At("policy"))
            .Append(resource.Properties.At("policy")).Where(p => p is not null).ToList();
        if (!policies.Any(p => p is { IsComputed: true } and not FunctionValue || IamDocuments.Statements(p).Any(DeniesInsecureTransport)))
            yield return new Violation(resource.Name, "policy", null, "no bucket policy denies requests made without TLS (aws:SecureTransport = false)");
    }

    private static bool DeniesInsecureTransport(IamStatement s) =>
        !s.Allow && s.ConditionValues("Bool", "aws:SecureTransport").Any(v => string.Equals(v, "false", StringComparison.OrdinalIgnoreCase));
}
