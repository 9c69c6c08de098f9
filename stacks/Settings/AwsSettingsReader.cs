using System.Text.RegularExpressions;
using Supplychain.Components.Domain;

namespace Supplychain.Stacks.Settings;

/// <summary>Reads <c>supplychain:aws</c>: options of the aws target. Required when the target is aws. Keys: CONFIG-AWS.md.</summary>
internal static partial class AwsSettingsReader
{
    internal static readonly string[] Fields =
    [
        "region", "availabilityZones", "vpcCidr", "natGateways", "existingVpc", "kubernetesVersion", "endpointPublicAccess",
        "systemNodes", "database", "cache", "githubOidcProviderArn",
    ];
    internal static readonly string[] ExistingVpcFields = ["vpcId", "privateSubnetIds", "publicSubnetIds", "cidr"];
    internal static readonly string[] NodeFields = ["instanceType", "minNodes", "maxNodes"];
    internal static readonly string[] DatabaseFields = ["instanceClass", "storageGb"];
    internal static readonly string[] CacheFields = ["nodeType"];
    private static readonly string[] NatModes = ["single", "perZone"];

    public static AwsTargetSpec? Read(ObjectNode top, NodeReader reader, string? target, string? environment = null)
    {
        if (!top.Has("aws"))
        {
            if (target == "aws") reader.Error(top.PathOf("aws"), "is missing; the aws target needs at least { region: <aws region> }");
            return null;
        }
        if (reader.Object(top["aws"], top.PathOf("aws"), "AWS target options", Fields) is not { } aws) return null;
        var region = aws.Format("region", required: true, r => Region().IsMatch(r), "an AWS region", "an AWS region such as us-east-1");
        var spec = region is null ? null : new AwsTargetSpec(region);

        var zones = aws.Has("availabilityZones")
            ? reader.StringList(aws["availabilityZones"], aws.PathOf("availabilityZones"), "availability zones",
                (n, p) => reader.Format(n, p, z => region is null || (z.StartsWith(region, StringComparison.Ordinal) && Zone().IsMatch(z[region.Length..])),
                    "an availability zone of the region", $"a zone of {region ?? "the region"} such as {region ?? "us-east-1"}a"))
            : null;
        if (zones is not null && zones.Count is < 2 or > 4) reader.Error(aws.PathOf("availabilityZones"), $"lists {zones.Count} zone(s); expected at least 2 distinct zones (EKS needs subnets in two zones) and at most 4 (the VPC layout's /19 private subnets)");
        if (zones is not null && zones.Distinct(StringComparer.Ordinal).Count() != zones.Count) reader.Error(aws.PathOf("availabilityZones"), "repeats a zone; expected distinct zones");

        var cidr = aws.Format("vpcCidr", required: false, c => Cidr16().IsMatch(c), "a /16 IPv4 CIDR", "a /16 block such as 10.40.0.0/16 (subnets are /20s carved from it)");
        var nat = aws.Enum("natGateways", required: false, NatModes);
        var existing = aws.Has("existingVpc") ? ReadExistingVpc(aws, reader) : null;
        if (existing is not null && (aws.Has("availabilityZones") || aws.Has("vpcCidr") || aws.Has("natGateways")))
            reader.Error(aws.PathOf("existingVpc"), "is set together with availabilityZones, vpcCidr or natGateways; expected either an existing VPC or the options of a new one");

        var version = aws.Format("kubernetesVersion", required: false, v => KubeVersion().IsMatch(v), "an EKS Kubernetes version", "a major.minor version such as 1.33");
        var publicEndpoint = aws.Bool("endpointPublicAccess", false);
        if (publicEndpoint == true && environment is not null && environment != "dev")
            reader.Error(aws.PathOf("endpointPublicAccess"), $"is true in environment '{environment}'; expected false (a public API endpoint is allowed only in dev)");

        AwsNodeGroupSpec? nodes = null;
        if (aws.Has("systemNodes") && reader.Object(aws["systemNodes"], aws.PathOf("systemNodes"), "a node group", NodeFields) is { } n)
        {
            var type = n.Format("instanceType", required: false, t => InstanceType().IsMatch(t), "an EC2 instance type", "an instance type such as m6i.large") ?? "m6i.large";
            var min = n.Int("minNodes", 1, 100, 2);
            var max = n.Int("maxNodes", 1, 100, 4);
            if (min is not null && max is not null && max < min) reader.Error(n.PathOf("maxNodes"), $"{max} is below minNodes {min}; expected at least {min}");
            if (min is not null && max is not null) nodes = new AwsNodeGroupSpec(type, min.Value, max.Value);
        }
        string? instanceClass = null;
        int? storage = null;
        if (aws.Has("database") && reader.Object(aws["database"], aws.PathOf("database"), "database options", DatabaseFields) is { } db)
        {
            instanceClass = db.Format("instanceClass", required: false, c => c.StartsWith("db.", StringComparison.Ordinal) && InstanceType().IsMatch(c[3..]), "an RDS instance class", "an RDS instance class such as db.t4g.medium");
            storage = db.OptionalInt("storageGb", 20, 65536);
        }
        string? nodeType = null;
        if (aws.Has("cache") && reader.Object(aws["cache"], aws.PathOf("cache"), "cache options", CacheFields) is { } cache)
            nodeType = cache.Format("nodeType", required: false, c => c.StartsWith("cache.", StringComparison.Ordinal) && InstanceType().IsMatch(c[6..]), "an ElastiCache node type", "an ElastiCache node type such as cache.t4g.small");
        var oidc = aws.Format("githubOidcProviderArn", required: false, a => OidcArn().IsMatch(a), "the ARN of the GitHub OIDC provider",
            "arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com");

        if (spec is null) return null;
        return spec with
        {
            AvailabilityZones = zones ?? [],
            VpcCidr = cidr ?? spec.VpcCidr,
            NatGatewayPerZone = nat is null ? null : nat == "perZone",
            ExistingVpc = existing,
            KubernetesVersion = version ?? spec.KubernetesVersion,
            EndpointPublicAccess = publicEndpoint ?? false,
            SystemNodes = nodes ?? spec.SystemNodes,
            DatabaseInstanceClass = instanceClass ?? spec.DatabaseInstanceClass,
            DatabaseStorageGb = storage ?? spec.DatabaseStorageGb,
            CacheNodeType = nodeType ?? spec.CacheNodeType,
            GitHubOidcProviderArn = oidc,
        };
    }

    private static AwsExistingVpc? ReadExistingVpc(ObjectNode aws, NodeReader reader)
    {
        if (reader.Object(aws["existingVpc"], aws.PathOf("existingVpc"), "an existing VPC", ExistingVpcFields) is not { } vpc) return null;
        var id = vpc.Format("vpcId", required: true, v => VpcId().IsMatch(v), "a VPC id", "vpc- followed by 8 or 17 hex characters");
        IReadOnlyList<string>? Subnets(string field, bool required, int min)
        {
            if (!vpc.Has(field))
            {
                if (required) reader.Error(vpc.PathOf(field), $"is required; expected a list of at least {min} subnet ids");
                return required ? null : [];
            }
            var list = reader.StringList(vpc[field], vpc.PathOf(field), "subnet ids",
                (n, p) => reader.Format(n, p, s => SubnetId().IsMatch(s), "a subnet id", "subnet- followed by 8 or 17 hex characters"));
            if (list is not null && list.Count < min) { reader.Error(vpc.PathOf(field), $"lists {list.Count} subnet(s); expected at least {min} in different zones"); return null; }
            return list;
        }
        var privateSubnets = Subnets("privateSubnetIds", required: true, 2);
        var publicSubnets = Subnets("publicSubnetIds", required: false, 0);
        var cidr = vpc.Format("cidr", required: false, c => Cidr().IsMatch(c), "an IPv4 CIDR", "the VPC's CIDR such as 10.0.0.0/16");
        return id is null || privateSubnets is null || publicSubnets is null ? null : new AwsExistingVpc(id, privateSubnets, publicSubnets, cidr);
    }

    [GeneratedRegex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]\\z")]
    private static partial Regex Region();

    [GeneratedRegex("^[a-z]\\z")]
    private static partial Regex Zone();

    [GeneratedRegex(@"^(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\.0\.0/16\z")]
    private static partial Regex Cidr16();

    [GeneratedRegex(@"^([0-9]{1,3}\.){3}[0-9]{1,3}/([89]|[12][0-9])\z")]
    private static partial Regex Cidr();

    [GeneratedRegex(@"^1\.[0-9]{2}\z")]
    private static partial Regex KubeVersion();

    [GeneratedRegex(@"^[a-z][a-z0-9-]*\.[a-z0-9]+\z")]
    private static partial Regex InstanceType();

    [GeneratedRegex("^vpc-([0-9a-f]{8}|[0-9a-f]{17})\\z")]
    private static partial Regex VpcId();

    [GeneratedRegex("^subnet-([0-9a-f]{8}|[0-9a-f]{17})\\z")]
    private static partial Regex SubnetId();

    [GeneratedRegex(@"^arn:aws(-us-gov)?:iam::[0-9]{12}:oidc-provider/token\.actions\.githubusercontent\.com\z")]
    private static partial Regex OidcArn();
}
