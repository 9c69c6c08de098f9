using Supplychain.Components.Model;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Cloud;

/// <summary>
/// S3 settings live on companion resources (encryption, versioning, public access block) that name their bucket in
/// <c>bucket</c>: a reference to the bucket resource (<c>${models.id}</c>, <c>${models.bucket}</c>) or its literal name.
/// </summary>
public static class Buckets
{
    public static bool IsBucket(ResourceView r) => IsBucketType(r.Type);

    public static bool IsBucketType(string type) => CloudTypes.Is(type, CloudTypes.S3Bucket, CloudTypes.S3BucketV2);

    public static IEnumerable<ResourceView> Companions(StackView stack, ResourceView bucket, params string[] types)
    {
        var literalName = (bucket.Properties.At("bucket") as StringValue)?.Text;
        return stack.OfTypes(type => CloudTypes.Is(type, types)).Where(r => r.Properties.At("bucket") switch
        {
            RefValue reference => reference.Resource == bucket.Name,
            StringValue s => s.Text == literalName,
            _ => false,
        });
    }
}
