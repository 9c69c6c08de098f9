namespace Supplychain.Components.Domain;

/// <summary>Options of the <c>aws</c> target (<c>supplychain:aws</c>). Every option but the region has a default.</summary>
/// <param name="Region">AWS region, e.g. us-east-1.</param>
public sealed record AwsTargetSpec(string Region)
{
    /// <summary>Availability zones of the new VPC's subnets (at least two); default <c>&lt;region&gt;a</c>, <c>&lt;region&gt;b</c>.</summary>
    public IReadOnlyList<string> AvailabilityZones { get; init; } = [];
    /// <summary>CIDR of the new VPC, a /16 (default 10.40.0.0/16); subnets are /20s carved from it.</summary>
    public string VpcCidr { get; init; } = "10.40.0.0/16";
    /// <summary>One NAT gateway per zone (resilient to a zone outage) instead of a single shared one (cheaper). Default: per zone in prod only.</summary>
    public bool? NatGatewayPerZone { get; init; }
    /// <summary>Deploy into an existing VPC and subnets instead of creating a network.</summary>
    public AwsExistingVpc? ExistingVpc { get; init; }
    /// <summary>EKS Kubernetes version (default 1.33).</summary>
    public string KubernetesVersion { get; init; } = "1.33";
    /// <summary>Expose the EKS API endpoint publicly as well as privately; only allowed in dev.</summary>
    public bool EndpointPublicAccess { get; init; }
    /// <summary>The node group for system workloads (platform services): a CPU instance type from the price catalog.</summary>
    public AwsNodeGroupSpec SystemNodes { get; init; } = new("m6i.large", 2, 4);
    /// <summary>RDS PostgreSQL instance class of MLflow's backend store (default db.t4g.medium).</summary>
    public string DatabaseInstanceClass { get; init; } = "db.t4g.medium";
    /// <summary>RDS allocated storage in GB (default 20; storage autoscales up to 5x).</summary>
    public int DatabaseStorageGb { get; init; } = 20;
    /// <summary>ElastiCache node type of Feast's online store (default cache.t4g.small).</summary>
    public string CacheNodeType { get; init; } = "cache.t4g.small";
    /// <summary>ARN of an existing GitHub Actions OIDC provider in the account (an account holds one per URL); null creates it.</summary>
    public string? GitHubOidcProviderArn { get; init; }

    /// <summary>The zones actually used: the configured ones, or the region's a and b zones.</summary>
    public IReadOnlyList<string> EffectiveZones => AvailabilityZones.Count > 0 ? AvailabilityZones : [Region + "a", Region + "b"];

    /// <summary>The ARN partition of the region (GovCloud regions have their own).</summary>
    public string Partition => Region.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov" : "aws";
}

/// <summary>An existing network to deploy into.</summary>
/// <param name="VpcId">The VPC id (vpc-...).</param>
/// <param name="PrivateSubnetIds">Subnets (≥ 2, in different zones) for nodes, databases and caches; they need a route to a NAT.</param>
/// <param name="PublicSubnetIds">Subnets for internet-facing load balancers (may be empty).</param>
/// <param name="Cidr">The VPC's CIDR, so network policies can allow traffic to databases in it; null allows those ports to any address.</param>
public sealed record AwsExistingVpc(string VpcId, IReadOnlyList<string> PrivateSubnetIds, IReadOnlyList<string> PublicSubnetIds, string? Cidr = null);

/// <summary>A CPU node group: instance type and autoscaling bounds.</summary>
public sealed record AwsNodeGroupSpec(string InstanceType, int MinNodes, int MaxNodes);
