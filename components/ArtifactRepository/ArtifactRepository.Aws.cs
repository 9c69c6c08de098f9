using Supplychain.Components.Core;
using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Components.Naming;
using Supplychain.Components.Platform.Aws;

namespace Supplychain.Components.ArtifactRepository;

/// <summary>What a role may do with a bucket's objects.</summary>
public enum BucketAccess
{
    /// <summary>Get objects and their versions.</summary>
    Read,
    /// <summary>Read and put (multipart included), but never delete: publishers such as CI.</summary>
    ReadWriteNoDelete,
    /// <summary>Read, put and delete: the owner of a prefix (MLflow garbage-collects its runs' artifacts).</summary>
    ReadWrite,
}

/// <summary>
/// AWS target: one ECR repository per served model (<c>STACK/team/model</c>) and one S3 bucket per declared bucket
/// (the model bucket, the feature store's offline bucket), all encrypted with the stack's KMS key.
/// Per model, not per team: a repository is one image name, its immutable tags are that model's versions, its lifecycle
/// and scan findings are the model's, and adding or removing a model touches only its own repository.
/// Clients get no keys: a workload's IRSA role is granted its bucket (and prefix) with <see cref="GrantBucketAccess"/>.
/// </summary>
public sealed partial class ArtifactRepository
{
    private readonly Dictionary<string, Resource> _buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Resource> _repositories = new(StringComparer.Ordinal);

    /// <summary>Untagged images (failed or superseded pushes) are removed after this many days.</summary>
    public const int UntaggedImageDays = 14;
    /// <summary>Versions of one model kept in its repository; older ones expire (their digests stay in lineage records).</summary>
    public const int TaggedImagesKept = 200;
    /// <summary>Incomplete multipart uploads (interrupted artifact uploads) are aborted after this many days.</summary>
    public const int AbortMultipartDays = 7;
    /// <summary>Overwritten or deleted artifact versions move to Standard-IA after this many days.</summary>
    public const int NoncurrentToInfrequentAccessDays = 30;

    /// <summary>The S3 bucket resources, by declared bucket name.</summary>
    public IReadOnlyDictionary<string, Resource> Buckets => _buckets;
    /// <summary>The ECR repository resources, by <c>team/model</c>.</summary>
    public IReadOnlyDictionary<string, Resource> Repositories => _repositories;

    /// <summary>The real (globally unique) name of a declared bucket.</summary>
    public RefValue BucketName(string bucket) => BucketResource(bucket).Ref("bucket");
    public RefValue BucketArn(string bucket) => BucketResource(bucket).Ref("arn");

    private Resource BucketResource(string bucket) =>
        _buckets.TryGetValue(bucket, out var b) ? b : throw new ArgumentException($"'{bucket}' is not a bucket of {Scope.Path} on AWS");

    /// <summary>Days a noncurrent artifact version is kept: a year in prod (audits reach back), 90 days elsewhere.</summary>
    public int NoncurrentVersionDays => Scope.Stack.Environment == EnvironmentTier.Prod ? 365 : 90;

    private partial void RenderAws()
    {
        var aws = Scope.FoundationAs<AwsFoundation>();
        var accessLogs = RenderAccessLogBucket(aws);
        foreach (var bucket in new[] { Args.ModelBucket }.Concat(Args.ExtraBuckets).Distinct(StringComparer.Ordinal))
            _buckets[bucket] = RenderBucket(aws, bucket, accessLogs);
        foreach (var repository in Args.ImageRepositories)
            _repositories[repository.Name] = RenderRepository(aws, repository);

        RegistryEndpoint = new InterpolationValue(aws.AccountId, $".dkr.ecr.{aws.Region}.amazonaws.com");
        ObjectStoreEndpoint = $"https://s3.{aws.Region}.amazonaws.com";
    }

    private Resource RenderRepository(AwsFoundation aws, ImageRepository repository)
    {
        var scope = Scope.Child("ecr").Child(repository.Team);
        var repo = scope.Add(repository.Model, AwsTypes.EcrRepository, new MapValue
        {
            ["name"] = AwsNames.EcrRepositoryName(Scope.Stack.StackName, repository.Team, repository.Model),
            // A pushed version can never be replaced under a running rollout or a recorded lineage digest.
            ["imageTagMutability"] = "IMMUTABLE",
            ["imageScanningConfiguration"] = new MapValue { ["scanOnPush"] = true },
            ["encryptionConfigurations"] = new ListValue { new MapValue { ["encryptionType"] = "KMS", ["kmsKey"] = aws.KeyArn } },
            // Only dev may delete a repository that still holds images.
            ["forceDelete"] = Scope.Stack.Environment == EnvironmentTier.Dev,
            ["tags"] = scope.Tags(new Dictionary<string, string> { ["team"] = repository.Team, ["model"] = repository.Model }),
        }, new ResourceOptions { Protect = Scope.Stack.Environment == EnvironmentTier.Prod }); // served images: deleting one breaks a running rollout
        scope.Add(repository.Model + "-lifecycle", AwsTypes.EcrLifecyclePolicy, new MapValue
        {
            ["repository"] = repo.Ref("name"),
            ["policy"] = FunctionValue.ToJson(new MapValue { ["rules"] = new ListValue(LifecycleRules().Select(r => (Value)r.Render())) }),
        });
        return repo;
    }

    /// <summary>An ECR lifecycle rule, typed: which images it selects and when they expire.</summary>
    public sealed record EcrLifecycleRule(int Priority, string Description, string TagStatus, string CountType, int CountNumber)
    {
        public MapValue Render()
        {
            var selection = new MapValue { ["tagStatus"] = TagStatus, ["countType"] = CountType, ["countNumber"] = CountNumber };
            if (CountType == "sinceImagePushed") selection["countUnit"] = "days";
            return new MapValue
            {
                ["rulePriority"] = Priority,
                ["description"] = Description,
                ["selection"] = selection,
                ["action"] = new MapValue { ["type"] = "expire" },
            };
        }
    }

    public static IReadOnlyList<EcrLifecycleRule> LifecycleRules() =>
    [
        new(1, $"Expire untagged images after {UntaggedImageDays} days", "untagged", "sinceImagePushed", UntaggedImageDays),
        // "any" must be the last rule (highest priority number), as ECR requires.
        new(2, $"Keep the newest {TaggedImagesKept} images of the model", "any", "imageCountMoreThan", TaggedImagesKept),
    ];

    private Resource RenderBucket(AwsFoundation aws, string name, Resource accessLogs)
    {
        var scope = Scope.Child("s3").Child(name);
        var (bucket, ownership, publicAccess, versioning) = GuardedBucket(aws, scope, name);
        var id = bucket.Ref("id");
        scope.Add("encryption", AwsTypes.BucketEncryption, new MapValue
        {
            ["bucket"] = id,
            ["rules"] = new ListValue
            {
                new MapValue
                {
                    ["applyServerSideEncryptionByDefault"] = new MapValue { ["sseAlgorithm"] = "aws:kms", ["kmsMasterKeyId"] = aws.KeyArn },
                    // S3 Bucket Keys cut KMS requests (and their cost) by orders of magnitude for many small objects.
                    ["bucketKeyEnabled"] = true,
                },
            },
        });
        scope.Add("lifecycle", AwsTypes.BucketLifecycle, new MapValue
        {
            ["bucket"] = id,
            ["rules"] = new ListValue(BucketLifecycleRules(NoncurrentVersionDays).Select(r => (Value)r.Render())),
        }, new ResourceOptions { DependsOn = [versioning.Name] });
        scope.Add("policy", AwsTypes.BucketPolicy, new MapValue
        {
            ["bucket"] = id,
            ["policy"] = TlsOnlyPolicy(bucket.Ref("arn")).ToJson(),
        }, new ResourceOptions { DependsOn = [publicAccess.Name, ownership.Name] });
        // Who read or wrote which artifact (CMP036): S3 server access logs, one prefix per bucket.
        scope.Add("access-logging", AwsTypes.BucketLogging, new MapValue
        {
            ["bucket"] = id,
            ["targetBucket"] = accessLogs.Ref("id"),
            ["targetPrefix"] = name + "/",
        });
        return bucket;
    }

    /// <summary>Days S3 server access logs are kept: a year in prod (evidence), 90 days elsewhere.</summary>
    public int AccessLogDays => Scope.Stack.Environment == EnvironmentTier.Prod ? 365 : 90;

    /// <summary>
    /// The bucket S3 server access logs land in. Same guards as the artifact buckets (public access block, versioning, TLS-only
    /// policy), but SSE-S3: the log delivery service cannot write to a bucket whose default key is a KMS key.
    /// </summary>
    private Resource RenderAccessLogBucket(AwsFoundation aws)
    {
        var scope = Scope.Child("s3").Child("access-logs");
        var (bucket, ownership, publicAccess, versioning) = GuardedBucket(aws, scope, "access-logs");
        var id = bucket.Ref("id");
        scope.Add("encryption", AwsTypes.BucketEncryption, new MapValue
        {
            ["bucket"] = id,
            ["rules"] = new ListValue { new MapValue { ["applyServerSideEncryptionByDefault"] = new MapValue { ["sseAlgorithm"] = "AES256" } } },
        });
        scope.Add("lifecycle", AwsTypes.BucketLifecycle, new MapValue
        {
            ["bucket"] = id,
            ["rules"] = new ListValue
            {
                new MapValue
                {
                    ["id"] = "expire-access-logs",
                    ["status"] = "Enabled",
                    ["filter"] = new MapValue { ["prefix"] = "" },
                    ["expiration"] = new MapValue { ["days"] = AccessLogDays },
                    ["noncurrentVersionExpiration"] = new MapValue { ["noncurrentDays"] = 7 },
                },
            },
        }, new ResourceOptions { DependsOn = [versioning.Name] });
        var arn = bucket.Ref("arn");
        scope.Add("policy", AwsTypes.BucketPolicy, new MapValue
        {
            ["bucket"] = id,
            ["policy"] = new IamPolicyDocument(
                TlsOnlyPolicy(arn).Statements[0],
                IamStatement.Allow("S3ServerAccessLogDelivery", "s3:PutObject")
                    .For(IamPrincipal.Service("logging.s3.amazonaws.com"))
                    .On(new InterpolationValue(arn, "/*"))
                    .When("StringEquals", "aws:SourceAccount", aws.AccountId)).ToJson(),
        }, new ResourceOptions { DependsOn = [publicAccess.Name, ownership.Name] });
        return bucket;
    }

    /// <summary>
    /// A bucket with the guards every bucket of the stack has (CMP026): globally unique name supplychain-STACK-BUCKET-ACCOUNT,
    /// protected in prod, ACLs off (access decided by IAM and the bucket policy only), every public access blocked, and
    /// versioning (an overwritten or deleted object stays recoverable: lineage digests keep pointing at real bytes).
    /// Encryption, lifecycle and policy differ per bucket and are added by the caller.
    /// </summary>
    private (Resource Bucket, Resource Ownership, Resource PublicAccess, Resource Versioning) GuardedBucket(AwsFoundation aws, Scope scope, string name)
    {
        var bucket = scope.Add("bucket", AwsTypes.Bucket, new MapValue
        {
            ["bucket"] = new InterpolationValue(AwsNames.S3BucketPrefix(Scope.Stack.StackName, name), aws.AccountId),
            ["forceDestroy"] = Scope.Stack.Environment == EnvironmentTier.Dev,
            ["tags"] = scope.Tags(new Dictionary<string, string> { ["bucket"] = name }),
        }, new ResourceOptions { Protect = Scope.Stack.Environment == EnvironmentTier.Prod });
        var id = bucket.Ref("id");
        var ownership = scope.Add("ownership", AwsTypes.BucketOwnershipControls, new MapValue
        {
            ["bucket"] = id,
            ["rule"] = new MapValue { ["objectOwnership"] = "BucketOwnerEnforced" },
        });
        var publicAccess = scope.Add("public-access-block", AwsTypes.BucketPublicAccessBlock, new MapValue
        {
            ["bucket"] = id,
            ["blockPublicAcls"] = true,
            ["blockPublicPolicy"] = true,
            ["ignorePublicAcls"] = true,
            ["restrictPublicBuckets"] = true,
        });
        var versioning = scope.Add("versioning", AwsTypes.BucketVersioning, new MapValue
        {
            ["bucket"] = id,
            ["versioningConfiguration"] = new MapValue { ["status"] = "Enabled" },
        });
        return (bucket, ownership, publicAccess, versioning);
    }

    /// <summary>Refuses every request not made over TLS. A Deny of <c>s3:*</c> is the one place a wildcard action belongs: it removes, never grants.</summary>
    public static IamPolicyDocument TlsOnlyPolicy(RefValue bucketArn) => new(
        IamStatement.Deny("DenyInsecureTransport", "s3:*")
            .For(IamPrincipal.Anyone)
            .On(bucketArn, new InterpolationValue(bucketArn, "/*"))
            .When("Bool", "aws:SecureTransport", "false"));

    /// <summary>A bucket lifecycle rule, typed.</summary>
    public sealed record BucketLifecycleRule(string Id, int? AbortMultipartAfterDays = null, int? NoncurrentToInfrequentAccessAfterDays = null, int? NoncurrentExpireAfterDays = null)
    {
        public MapValue Render()
        {
            var rule = new MapValue { ["id"] = Id, ["status"] = "Enabled", ["filter"] = new MapValue { ["prefix"] = "" } };
            if (AbortMultipartAfterDays is { } abort) rule["abortIncompleteMultipartUpload"] = new MapValue { ["daysAfterInitiation"] = abort };
            if (NoncurrentToInfrequentAccessAfterDays is { } ia)
                rule["noncurrentVersionTransitions"] = new ListValue { new MapValue { ["noncurrentDays"] = ia, ["storageClass"] = "STANDARD_IA" } };
            if (NoncurrentExpireAfterDays is { } expire) rule["noncurrentVersionExpiration"] = new MapValue { ["noncurrentDays"] = expire };
            return rule;
        }
    }

    public static IReadOnlyList<BucketLifecycleRule> BucketLifecycleRules(int noncurrentDays) =>
    [
        new("abort-incomplete-uploads", AbortMultipartAfterDays: AbortMultipartDays),
        new("noncurrent-versions", NoncurrentToInfrequentAccessAfterDays: NoncurrentToInfrequentAccessDays, NoncurrentExpireAfterDays: noncurrentDays),
    ];

    /// <summary>
    /// Lets <paramref name="role"/> read and write objects under <paramref name="prefix"/> of <paramref name="bucket"/> (the
    /// whole bucket when null), list only that prefix, and use the stack's key for those objects. Every action is named;
    /// resources are the bucket's ARN and the prefix's objects.
    /// </summary>
    public Resource GrantBucketAccess(Scope scope, string leaf, Resource role, string bucket, string? prefix = null, BucketAccess access = BucketAccess.ReadWrite)
    {
        var aws = Scope.FoundationAs<AwsFoundation>();
        return AwsFoundation.RolePolicy(scope, leaf, role, BucketAccessPolicy(aws, bucket, prefix, access));
    }

    public IamPolicyDocument BucketAccessPolicy(AwsFoundation aws, string bucket, string? prefix, BucketAccess access)
    {
        var arn = BucketArn(bucket);
        var objects = new InterpolationValue(arn, prefix is null ? "/*" : $"/{prefix}/*");
        string[] read = ["s3:GetObject", "s3:GetObjectVersion"];
        string[] write = ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"];
        var objectActions = access switch
        {
            BucketAccess.Read => read,
            BucketAccess.ReadWriteNoDelete => [.. read, .. write],
            _ => [.. read, .. write, "s3:DeleteObject"],
        };
        var list = IamStatement.Allow("ListBucket", "s3:ListBucket").On(arn);
        if (prefix is not null) list = list.When("StringLike", "s3:prefix", $"{prefix}/*", prefix);
        return new IamPolicyDocument(
            IamStatement.Allow("LocateBucket", "s3:GetBucketLocation").On(arn),
            list,
            IamStatement.Allow("Objects", objectActions).On(objects),
            aws.KeyUse("BucketKey"));
    }
}
