using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP015: outside dev object storage is never public: S3 public access blocks set all four switches, S3 buckets carry no
/// public canned ACL, Azure storage accounts set <c>allowBlobPublicAccess: false</c> explicitly.
/// </summary>
public sealed class NoPublicBucketsOutsideDev : PropertyPolicy
{
    public override string Id => "CMP015";
    public override string Pack => "compliance";
    public override string Title => "Outside dev, buckets and storage accounts must block public access";
    public override string Rationale =>
        "Model artifacts and training data are the organisation's IP and often personal data; a public bucket is the most common " +
        "cloud data leak. Every switch must be set, since any one left open is enough.";
    public override string Remediation =>
        "Give every S3 bucket a BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets true; " +
        "set allowBlobPublicAccess: false on Azure storage accounts.";
    public override Severity Severity => Severity.Critical;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("CC6.1"), Frameworks.Soc2("CC6.6"), Frameworks.EuAiAct("Art. 10")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "CKV_AWS_20", "CKV_AWS_57", "CKV_AZURE_190"];

    protected override bool AppliesToStack(StackView stack) => stack.Stack.Environment != EnvironmentTier.Dev;

    protected override IReadOnlyList<PropertyCheck> Checks { get; } =
    [
        PropertyCheck.Equal(CloudTypes.S3PublicAccessBlock, "blockPublicAcls", true),
        PropertyCheck.Equal(CloudTypes.S3PublicAccessBlock, "blockPublicPolicy", true),
        PropertyCheck.Equal(CloudTypes.S3PublicAccessBlock, "ignorePublicAcls", true),
        PropertyCheck.Equal(CloudTypes.S3PublicAccessBlock, "restrictPublicBuckets", true),
        new(CloudTypes.S3Bucket, "acl", "not be a public canned ACL", NotPublicAcl),
        new(CloudTypes.S3BucketV2, "acl", "not be a public canned ACL", NotPublicAcl),
        new(CloudTypes.S3BucketAcl, "acl", "not be a public canned ACL", NotPublicAcl),
        PropertyCheck.Equal(CloudTypes.AzureStorageAccount, "allowBlobPublicAccess", false),
    ];

    private static bool NotPublicAcl(Value? v) => v is not StringValue { Text: "public-read" or "public-read-write" or "authenticated-read" };
}
