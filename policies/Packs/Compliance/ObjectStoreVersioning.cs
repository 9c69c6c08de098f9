using System.Text.RegularExpressions;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP022: artifact buckets keep every version of every object. S3 buckets enable versioning (inline
/// <c>versioning.enabled</c> or a <c>BucketVersioning(V2)</c> with status <c>Enabled</c>). In-cluster object stores are
/// judged on their bootstrap: a Kubernetes Job or CronJob whose script creates buckets with the MinIO client
/// (<c>mc mb ALIAS/BUCKET</c>) must create them <c>--with-versioning</c> or run <c>mc version enable ALIAS/BUCKET</c> for each.
/// </summary>
public sealed partial class ObjectStoreVersioning : ResourcePolicy, IJudgesWholeStack
{
    public override string Id => "CMP022";
    public override string Pack => "compliance";
    public override string Title => "Artifact buckets must have object versioning enabled";
    public override string Rationale =>
        "A model artifact overwritten or deleted in place breaks the link between the recorded artifact digest and the bytes; " +
        "versioning keeps every generation, so lineage stays reproducible and a bad upload can be rolled back.";
    public override string Remediation =>
        "Add an aws:s3:BucketVersioningV2 with versioningConfiguration.status Enabled; in bucket bootstrap jobs use 'mc mb --with-versioning' or 'mc version enable' for each bucket.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls =>
        [Frameworks.Soc2("A1.2"), Frameworks.EuAiAct("Art. 12"), Frameworks.Iso42001("A.6.2.8"), Frameworks.Iso42001("A.7.5")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_AWS_21", "CKV2_AZURE_38"];

    public override bool JudgesType(string type) => Buckets.IsBucketType(type) || Workloads.KindOf(type) is "Job" or "CronJob";

    public override bool AppliesTo(ResourceView resource, StackView stack) =>
        Buckets.IsBucket(resource)
        || resource.IsKubernetes && Workloads.Kind(resource) is "Job" or "CronJob" && CreatedBuckets(Script(resource)).Any();

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        if (Buckets.IsBucket(resource))
        {
            if (resource.Properties.At("versioning.enabled") is BoolValue { Flag: true }) yield break;
            var enabled = Buckets.Companions(stack, resource, CloudTypes.S3Versioning, CloudTypes.S3VersioningV2)
                .Any(v => v.Properties.At("versioningConfiguration.status") is StringValue { Text: "Enabled" } or { IsComputed: true });
            if (!enabled)
                yield return new Violation(resource.Name, "versioning", null, "the bucket does not enable object versioning");
            yield break;
        }
        var script = Script(resource);
        var versioned = VersionedBuckets(script).ToHashSet(StringComparer.Ordinal);
        var template = Workloads.TemplateOf(resource);
        foreach (var (bucket, withVersioning) in CreatedBuckets(script))
            if (!withVersioning && !versioned.Contains(bucket))
                yield return new Violation(resource.Name, template?.SpecPath + ".containers", bucket,
                    $"the job creates bucket '{bucket}' without enabling versioning (mc version enable {bucket})");
    }

    /// <summary>The literal command and args of every container, one shell text.</summary>
    public static string Script(ResourceView r) =>
        string.Join("\n", (Workloads.TemplateOf(r)?.Containers() ?? [])
            .SelectMany(c => new[] { c.Container.At("command"), c.Container.At("args") })
            .OfType<ListValue>().SelectMany(l => l).OfType<StringValue>().Select(s => s.Text));

    /// <summary>Targets of <c>mc mb</c>, each with whether it was created <c>--with-versioning</c>.</summary>
    public static IEnumerable<(string Bucket, bool WithVersioning)> CreatedBuckets(string script) =>
        McCommands(script, "mb").SelectMany(c => c.Targets.Select(t => (t, c.Flags.Contains("--with-versioning"))));

    public static IEnumerable<string> VersionedBuckets(string script) =>
        McCommands(script, "version").Where(c => c.Targets.FirstOrDefault() == "enable").SelectMany(c => c.Targets.Skip(1));

    private static IEnumerable<(List<string> Flags, List<string> Targets)> McCommands(string script, string subcommand)
    {
        foreach (var segment in Separator().Split(script))
        {
            var tokens = segment.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(t => t.Trim('"', '\'')).ToList();
            for (var i = 0; i + 1 < tokens.Count; i++)
            {
                if (!(tokens[i] == "mc" || tokens[i].EndsWith("/mc", StringComparison.Ordinal)) || tokens[i + 1] != subcommand) continue;
                var rest = tokens.Skip(i + 2).ToList();
                yield return (rest.Where(t => t.StartsWith('-')).ToList(), rest.Where(t => !t.StartsWith('-')).ToList());
                break;
            }
        }
    }

    [GeneratedRegex(@"\n|;|&&|\|\||\|")]
    private static partial Regex Separator();
}
