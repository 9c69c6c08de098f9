using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP036: reads and writes of every S3 bucket are recorded: the bucket has server access logging (an
/// <c>aws:s3:BucketLogging</c>/<c>BucketLoggingV2</c> companion), or is itself the target of access logs, or the stack has a
/// CloudTrail trail recording S3 object data events.
/// </summary>
public sealed class BucketAccessLogged : ResourcePolicy
{
    public override string Id => "CMP036";
    public override string Pack => "compliance";
    public override string Title => "Every S3 bucket must record object access, by access logging or CloudTrail data events";
    public override string Rationale =>
        "Who downloaded a model or a training set is a record-keeping question the EU AI Act and SOC 2 both ask; bucket policies say who may, " +
        "only access logs say who did.";
    public override string Remediation =>
        "Give the bucket an aws:s3:BucketLogging pointing at the stack's access-log bucket (ArtifactRepository renders one), or record S3 data events in a CloudTrail trail.";
    public override Severity Severity => Severity.Medium;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.Soc2("CC7.2"), Frameworks.EuAiAct("Art. 12")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_AWS_18", "AwsSolutions-S1", "awsguard:s3-bucket-logging-enabled"];

    public override bool JudgesType(string type) => Buckets.IsBucketType(type);

    public override bool AppliesTo(ResourceView resource, StackView stack) => Buckets.IsBucket(resource);

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        if (resource.Properties.At("loggings") is ListValue { Count: > 0 } || resource.Properties.At("logging") is MapValue) yield break;
        if (Buckets.Companions(stack, resource, CloudTypes.S3Logging, CloudTypes.S3LoggingV2).Any()) yield break;
        if (IsLogTarget(stack, resource) || TrailRecordsS3DataEvents(stack)) yield break;
        yield return new Violation(resource.Name, "logging", null, "no access logging and no CloudTrail data events record the bucket's object access");
    }

    private static bool IsLogTarget(StackView stack, ResourceView bucket) =>
        stack.OfTypes(type => CloudTypes.Is(type, CloudTypes.S3Logging, CloudTypes.S3LoggingV2))
            .Any(l => l.Properties.At("targetBucket") is RefValue t && t.Resource == bucket.Name);

    private static bool TrailRecordsS3DataEvents(StackView stack) =>
        stack.OfTypes(type => CloudTypes.Is(type, CloudTypes.CloudTrail)).Any(t =>
            IamDocuments.ToJson(t.Properties).Contains("AWS::S3::Object", StringComparison.Ordinal));
}
