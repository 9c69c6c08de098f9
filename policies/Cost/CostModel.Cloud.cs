using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using static Supplychain.Policies.Cost.ViewValues;

namespace Supplychain.Policies.Cost;

public static partial class CostModel
{
    /// <param name="configuredRegion">The region the stack config names (null when judging engine output without a stack).</param>
    private static void PriceCloud(EstimateBuilder e, IReadOnlyList<ResourceView> resources, string provider, string? configuredRegion)
    {
        e.Region = configuredRegion ?? StackRegion(resources, provider);
        var priced = e.Catalog.RegionsOf(provider);
        if (e.Region is null)
        {
            e.Assume($"Neither the stack config nor the program states the {provider} region ({(provider == "aws" ? "no region on an explicit aws provider" : "no location on its resources")}), so no cloud price applies: prices are never taken from another region.");
            e.Unpriced("stack", $"the {provider} region is not known (no stack config, and the program states none); the catalog prices {string.Join(", ", priced)}", UnpricedKind.NotKnownUntilApply);
        }
        else
        {
            e.Assume($"Cloud resources are priced at {provider} {e.Region} on-demand (pay-as-you-go) Linux list prices, with no reservations, savings plans or negotiated discounts.");
            if (!priced.Contains(e.Region, StringComparer.Ordinal))
                e.Unpriced("stack", $"the catalog dated {e.Catalog.Date} has no {provider} prices for region {e.Region} (it prices {string.Join(", ", priced)}); prices of another region are never used", UnpricedKind.NotInCatalog);
        }
        e.Assume("Autoscaling node groups are priced at their minimum nodes (minimum), maximum nodes (maximum) and the average of the two (expected); " +
                 "the desired size is not used for the expected figure because the autoscaler moves it.");
        e.Assume("Kubernetes workloads run on the node groups priced here; their requests are not priced again.");
        e.Assume("Data transfer, requests and operations, NAT and load-balancer data processing, IOPS above the baseline and backups are not included.");

        foreach (var group in NodeGroups.In(resources).Where(g => g.Provider == provider)) e.Price(group.Resource, () => PriceNodeGroup(e, group));
        foreach (var r in resources) e.Price(r, () => PriceCloudResource(e, r, provider));
    }

    /// <summary>
    /// The region the program deploys to, as the program states it: the region of its explicit AWS provider, or the
    /// location of its Azure resources (the resource group's first). Null when the program does not say.
    /// </summary>
    private static string? StackRegion(IReadOnlyList<ResourceView> resources, string provider) => provider switch
    {
        "aws" => resources.Where(r => r.Type == "pulumi:providers:aws").Select(r => Text(r.Properties.At("region"))).FirstOrDefault(t => t is not null),
        "azure" => resources.Where(r => r.Type.StartsWith("azure-native:", StringComparison.Ordinal))
            .OrderBy(r => r.Type == "azure-native:resources:ResourceGroup" ? 0 : 1).ThenBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => Text(r.Properties.At("location"))).FirstOrDefault(t => t is not null),
        _ => null,
    };

    private static void PriceCloudResource(EstimateBuilder e, ResourceView r, string provider)
    {
        var team = TeamOf(r);
        switch (provider, NormalizedType(r.Type))
        {
            case ("aws", "aws:eks:Cluster"): ControlPlane(e, r, team, "aws", "eks-control-plane"); break;
            case ("aws", "aws:rds:Instance"): AwsPostgres(e, r, team); break;
            case ("aws", "aws:rds:Cluster"): e.Unpriced(r.Name, "Aurora clusters are not in the catalog", UnpricedKind.NotInCatalog); break;
            case ("aws", "aws:elasticache:ReplicationGroup"): AwsCache(e, r, team, CacheNodes(r)); break;
            case ("aws", "aws:elasticache:Cluster") when r.Properties.At("replicationGroupId") is null: AwsCache(e, r, team, Int(r.Properties.At("numCacheNodes")) ?? 1); break;
            case ("aws", "aws:s3:Bucket" or "aws:s3:BucketV2"): ObjectStorage(e, r, team, "aws", "s3-standard"); break;
            case ("aws", "aws:ec2:NatGateway"): Nat(e, r, team, "aws"); break;
            case ("aws", "aws:lb:LoadBalancer" or "aws:alb:LoadBalancer"): AwsLoadBalancer(e, r, team); break;
            case ("aws", "aws:ecr:Repository"): AwsRegistry(e, r, team); break;
            case ("aws", "aws:kms:Key"): Monthly(e, r, team, "customer-managed key", e.Catalog.Key("aws", e.PriceRegion, "customer-managed-key")?.MonthlyUsd, "aws kms customer-managed-key"); break;
            case ("azure", NodeGroups.AksManagedCluster): ControlPlane(e, r, team, "azure", $"aks-{(Text(r.Properties.At("sku.tier")) ?? "Free").ToLowerInvariant()}-tier"); break;
            case ("azure", "azure-native:dbforpostgresql:Server" or "azure-native:dbforpostgresql:FlexibleServer"): AzurePostgres(e, r, team); break;
            case ("azure", "azure-native:redis:Redis" or "azure-native:cache:Redis"): AzureRedis(e, r, team); break; // v3 token, and v2's
            case ("azure", "azure-native:network:NatGateway"): Nat(e, r, team, "azure"); break;
            case ("azure", "azure-native:network:LoadBalancer"): AzureLoadBalancer(e, r, team); break;
            case ("azure", "azure-native:containerregistry:Registry"): AzureRegistry(e, r, team); break;
            case ("azure", "azure-native:storage:StorageAccount"): AzureStorage(e, r, team); break;
            case (_, KubeTypes.PersistentVolumeClaim): CloudVolume(e, r, team, provider); break;
            case (_, KubeTypes.Service) when Text(r.Properties.At("spec.type")) == "LoadBalancer": ServiceLoadBalancer(e, r, team, provider); break;
        }
    }

    private static void PriceNodeGroup(EstimateBuilder e, NodeGroup g)
    {
        var r = g.Resource;
        var typeName = Text(g.InstanceType);
        if (typeName is null)
        {
            if (g.InstanceType is { IsComputed: true })
            { e.Unpriced(r.Name, $"{g.Name}: {g.InstanceTypePath} is only known after apply", UnpricedKind.NotKnownUntilApply); return; }
            if (g.Provider == "aws" && g.HasLaunchTemplate)
            { e.Unpriced(r.Name, $"{g.Name}: the instance type is set in the launch template", UnpricedKind.NotKnownUntilApply); return; }
            if (g.Provider == "aws")
            {
                typeName = "t3.medium";
                e.Assume($"Node group {g.Name} sets no instance type; EKS then launches t3.medium, which is priced.");
            }
            else { e.Unpriced(r.Name, $"{g.Name}: {g.InstanceTypePath} is not set", UnpricedKind.NotInCatalog); return; }
        }
        var price = e.Catalog.Instance(g.Provider, e.PriceRegion, typeName);
        if (price is null)
        { e.Unpriced(r.Name, $"{g.Name}: instance type '{typeName}' ({g.InstanceTypePath}) is not in the {g.Provider} price catalog", UnpricedKind.NotInCatalog); return; }

        var hourly = price.HourlyUsd;
        var basis = $"{g.Provider} {price.Region} {price.Type} {Format(price.HourlyUsd)} USD/h";
        if (g.Spot)
        {
            var discount = e.Catalog.SpotDiscount(g.Provider);
            if (discount is null)
            { e.Unpriced(r.Name, $"{g.Name}: the catalog has no spot discount for {g.Provider}", UnpricedKind.NotInCatalog); return; }
            hourly *= 1m - discount.Value;
            basis += $", spot −{Format(discount.Value * 100m)}%";
            e.Assume($"Spot capacity on {g.Provider} is priced at the on-demand price less {Format(discount.Value * 100m)}% (the catalog's planning assumption; real spot prices float, and spot nodes can be reclaimed at any time).");
        }
        var min = g.MinNodes ?? g.DesiredNodes ?? 0;
        var max = g.MaxNodes ?? Math.Max(min, g.DesiredNodes ?? min);
        if (g.MaxNodes is null)
            e.Assume($"Node group {g.Name} declares no maximum size; its maximum is taken as {max} node(s), which understates what the autoscaler may add.");
        var perNode = hourly * e.Hours;
        var item = $"{price.Type} × {(min == max ? $"{min}" : $"{min}–{max}")} node{(max == 1 ? "" : "s")}{(g.Spot ? " (spot)" : "")}";
        e.Line(r, TeamOf(r), item, perNode * min, perNode * (min + max) / 2m, perNode * max, basis);
    }

    private static void ControlPlane(EstimateBuilder e, ResourceView r, string? team, string provider, string type)
    {
        var price = e.Catalog.ControlPlane(provider, e.PriceRegion, type);
        if (price is null) { e.Unpriced(r.Name, $"control plane '{type}' is not in the {provider} price catalog", UnpricedKind.NotInCatalog); return; }
        e.Fixed(r, team, $"control plane ({type})", price.HourlyUsd * e.Hours, $"{provider} {price.Region} {type} {Format(price.HourlyUsd)} USD/h");
    }

    private static void AwsPostgres(EstimateBuilder e, ResourceView r, string? team)
    {
        var engine = Text(r.Properties.At("engine"));
        if (engine is not null && engine != "postgres")
        { e.Unpriced(r.Name, $"RDS engine '{engine}' is not in the catalog (it prices PostgreSQL)", UnpricedKind.NotInCatalog); return; }
        var cls = r.Properties.At("instanceClass");
        if (Text(cls) is not { } name) { UnresolvedSku(e, r, "instanceClass", cls); return; }
        var price = e.Catalog.Postgres("aws", e.PriceRegion, name);
        if (price is null) { e.Unpriced(r.Name, $"RDS instance class '{name}' is not in the aws price catalog", UnpricedKind.NotInCatalog); return; }
        var copies = Flag(r.Properties.At("multiAz")) ? 2 : 1;
        if (copies == 2) e.Assume("A Multi-AZ database is priced as two instances and two copies of its storage (the standby).");
        var basis = $"aws {price.Region} {price.Type} {Format(price.HourlyUsd)} USD/h";
        e.Fixed(r, team, $"postgres {price.Type}{(copies == 2 ? " × 2 (Multi-AZ)" : "")}", price.HourlyUsd * e.Hours * copies, basis);
        if (Number(r.Properties.At("allocatedStorage")) is { } gb)
            e.Fixed(r, team, $"storage {Format(gb)} GB{(copies == 2 ? " × 2" : "")}", gb * price.StorageGbMonthUsd * copies, $"{Format(price.StorageGbMonthUsd)} USD/GB-month");
    }

    private static int CacheNodes(ResourceView r)
    {
        var p = r.Properties;
        if (Int(p.At("numCacheClusters")) is { } clusters) return clusters;
        return (Int(p.At("numNodeGroups")) ?? 1) * ((Int(p.At("replicasPerNodeGroup")) ?? 0) + 1);
    }

    private static void AwsCache(EstimateBuilder e, ResourceView r, string? team, int nodes)
    {
        var nodeType = r.Properties.At("nodeType");
        if (Text(nodeType) is not { } name) { UnresolvedSku(e, r, "nodeType", nodeType); return; }
        var price = e.Catalog.Redis("aws", e.PriceRegion, name);
        if (price is null) { e.Unpriced(r.Name, $"ElastiCache node type '{name}' is not in the aws price catalog", UnpricedKind.NotInCatalog); return; }
        e.Fixed(r, team, $"cache {price.Type} × {nodes} node{(nodes == 1 ? "" : "s")}", price.HourlyUsd * e.Hours * nodes, $"aws {price.Region} {price.Type} {Format(price.HourlyUsd)} USD/node-hour");
    }

    private static void ObjectStorage(EstimateBuilder e, ResourceView r, string? team, string provider, string type)
    {
        var price = e.Catalog.ObjectStorageOf(provider, e.PriceRegion, type);
        if (price is null) { e.Unpriced(r.Name, $"object storage '{type}' is not in the {provider} price catalog", UnpricedKind.NotInCatalog); return; }
        var gb = e.Options.ObjectStorageGbPerBucket;
        e.Assume($"Each object storage bucket or storage account is assumed to hold {Format(gb)} GB (a bucket's size is declared nowhere; set CostModelOptions.ObjectStorageGbPerBucket).");
        e.Fixed(r, team, $"{type} {Format(gb)} GB (assumed)", gb * price.GbMonthUsd, $"{provider} {price.Region} {type} {Format(price.GbMonthUsd)} USD/GB-month");
    }

    private static void Nat(EstimateBuilder e, ResourceView r, string? team, string provider)
    {
        var price = e.Catalog.NatGateway(provider, e.PriceRegion);
        if (price is null) { e.Unpriced(r.Name, $"the {provider} price catalog has no NAT gateway", UnpricedKind.NotInCatalog); return; }
        e.Fixed(r, team, "NAT gateway", price.HourlyUsd * e.Hours, $"{provider} {price.Region} NAT gateway {Format(price.HourlyUsd)} USD/h");
    }

    private static void AwsLoadBalancer(EstimateBuilder e, ResourceView r, string? team)
    {
        var type = (Text(r.Properties.At("loadBalancerType")) ?? "application") switch { "application" => "alb", "network" => "nlb", var other => other };
        HourlyLoadBalancer(e, r, team, "aws", type);
    }

    private static void HourlyLoadBalancer(EstimateBuilder e, ResourceView r, string? team, string provider, string type)
    {
        var price = e.Catalog.LoadBalancer(provider, e.PriceRegion, type);
        if (price is null) { e.Unpriced(r.Name, $"load balancer type '{type}' is not in the {provider} price catalog", UnpricedKind.NotInCatalog); return; }
        e.Fixed(r, team, $"load balancer ({type})", price.HourlyUsd * e.Hours, $"{provider} {price.Region} {type} {Format(price.HourlyUsd)} USD/h");
    }

    private static void ServiceLoadBalancer(EstimateBuilder e, ResourceView r, string? team, string provider)
    {
        // The cloud controller creates a load balancer for every Service of type LoadBalancer.
        var annotations = r.Properties.At("metadata.annotations") as MapValue;
        var awsType = annotations is not null && annotations.TryGetValue("service.beta.kubernetes.io/aws-load-balancer-type", out var t) ? Text(t) : null;
        var type = provider == "aws" ? (awsType is "nlb" or "external" ? "nlb" : "clb") : "standard";
        HourlyLoadBalancer(e, r, team, provider, type);
    }

    private static void AwsRegistry(EstimateBuilder e, ResourceView r, string? team)
    {
        var price = e.Catalog.Registry("aws", e.PriceRegion, "ecr-storage");
        if (price?.GbMonthUsd is not { } perGb) { e.Unpriced(r.Name, "ECR storage is not in the aws price catalog", UnpricedKind.NotInCatalog); return; }
        var gb = e.Options.RegistryStorageGbPerRepository;
        e.Assume($"Each ECR repository is assumed to hold {Format(gb)} GB of images (set CostModelOptions.RegistryStorageGbPerRepository).");
        e.Fixed(r, team, $"images {Format(gb)} GB (assumed)", gb * perGb, $"aws {price.Region} ecr-storage {Format(perGb)} USD/GB-month");
    }

    private static void Monthly(EstimateBuilder e, ResourceView r, string? team, string item, decimal? monthly, string basis)
    {
        if (monthly is null) { e.Unpriced(r.Name, $"{basis} is not in the price catalog", UnpricedKind.NotInCatalog); return; }
        e.Fixed(r, team, item, monthly.Value, $"{basis} {Format(monthly.Value)} USD/month");
    }

    private static void AzurePostgres(EstimateBuilder e, ResourceView r, string? team)
    {
        var sku = r.Properties.At("sku.name");
        if (Text(sku) is not { } name) { UnresolvedSku(e, r, "sku.name", sku); return; }
        var price = e.Catalog.Postgres("azure", e.PriceRegion, name);
        if (price is null) { e.Unpriced(r.Name, $"PostgreSQL flexible server SKU '{name}' is not in the azure price catalog", UnpricedKind.NotInCatalog); return; }
        var mode = Text(r.Properties.At("highAvailability.mode"));
        var copies = mode is "ZoneRedundant" or "SameZone" ? 2 : 1;
        if (copies == 2) e.Assume("A highly available PostgreSQL flexible server is priced as two servers (the standby doubles compute).");
        e.Fixed(r, team, $"postgres {price.Type}{(copies == 2 ? " × 2 (HA)" : "")}", price.HourlyUsd * e.Hours * copies, $"azure {price.Region} {price.Type} {Format(price.HourlyUsd)} USD/h");
        var gb = Number(r.Properties.At("storage.storageSizeGB"));
        if (gb is null) e.Assume("A PostgreSQL flexible server without storage.storageSizeGB is priced at Azure's default 32 GB.");
        e.Fixed(r, team, $"storage {Format(gb ?? 32m)} GB", (gb ?? 32m) * price.StorageGbMonthUsd, $"{Format(price.StorageGbMonthUsd)} USD/GB-month");
    }

    private static void AzureRedis(EstimateBuilder e, ResourceView r, string? team)
    {
        var (tier, family, capacity) = (r.Properties.At("sku.name"), r.Properties.At("sku.family"), r.Properties.At("sku.capacity"));
        if (Text(tier) is not { } t || Text(family) is not { } f || Int(capacity) is not { } c)
        { e.Unpriced(r.Name, $"Azure Cache for Redis sku {tier}/{family}/{capacity} is incomplete or only known after apply", UnpricedKind.NotKnownUntilApply); return; }
        var sku = $"{t}_{f}{c}";
        var price = e.Catalog.Redis("azure", e.PriceRegion, sku);
        if (price is null) { e.Unpriced(r.Name, $"Azure Cache for Redis SKU '{sku}' is not in the azure price catalog", UnpricedKind.NotInCatalog); return; }
        var shards = t == "Premium" ? Int(r.Properties.At("shardCount")) ?? 1 : 1;
        e.Fixed(r, team, $"redis {sku}{(shards > 1 ? $" × {shards} shards" : "")}", price.HourlyUsd * e.Hours * shards, $"azure {price.Region} {sku} {Format(price.HourlyUsd)} USD/h");
    }

    private static void AzureLoadBalancer(EstimateBuilder e, ResourceView r, string? team) =>
        HourlyLoadBalancer(e, r, team, "azure", (Text(r.Properties.At("sku.name")) ?? "Basic").ToLowerInvariant());

    private static void AzureRegistry(EstimateBuilder e, ResourceView r, string? team)
    {
        var sku = r.Properties.At("sku.name");
        if (Text(sku) is not { } name) { UnresolvedSku(e, r, "sku.name", sku); return; }
        var type = "acr-" + name.ToLowerInvariant();
        var price = e.Catalog.Registry("azure", e.PriceRegion, type);
        if (price?.MonthlyUsd is not { } monthly) { e.Unpriced(r.Name, $"container registry SKU '{name}' is not in the azure price catalog", UnpricedKind.NotInCatalog); return; }
        e.Fixed(r, team, $"registry {name} (includes {price.IncludedStorageGb} GB)", monthly, $"azure {price.Region} {type} {Format(monthly)} USD/month");
    }

    private static void AzureStorage(EstimateBuilder e, ResourceView r, string? team)
    {
        var sku = Text(r.Properties.At("sku.name"));
        if (sku is not ("Standard_LRS" or "Standard_ZRS"))
        { e.Unpriced(r.Name, $"storage account sku '{sku ?? "unset"}' is not in the azure price catalog (it prices Standard_LRS and Standard_ZRS blobs)", UnpricedKind.NotInCatalog); return; }
        var redundancy = sku == "Standard_ZRS" ? "zrs" : "lrs";
        ObjectStorage(e, r, team, "azure", Text(r.Properties.At("accessTier")) == "Cool" ? "blob-cool-" + redundancy : "blob-hot-" + redundancy);
    }

    private static void CloudVolume(EstimateBuilder e, ResourceView r, string? team, string provider)
    {
        // The clusters' default storage classes: EKS gp3 (the EBS CSI class), AKS "default" = StandardSSD_LRS.
        var type = provider == "aws" ? "gp3" : "StandardSSD_LRS";
        var price = e.Catalog.BlockStorageOf(provider, e.PriceRegion, type);
        if (price is null) { e.Unpriced(r.Name, $"block storage '{type}' is not in the {provider} price catalog", UnpricedKind.NotInCatalog); return; }
        var size = r.Properties.At("spec.resources.requests.storage");
        if (KubernetesQuantity.Of(size) is not { } bytes) { UnresolvedSku(e, r, "spec.resources.requests.storage", size); return; }
        var gib = KubernetesQuantity.ToGiB(bytes);
        e.Assume($"Persistent volume claims on {provider} are priced as {type} volumes per GB-month of their requested size; volumes created inside Helm charts are not priced.");
        e.Fixed(r, team, $"volume {Format(gib)} GiB ({type})", gib * price.GbMonthUsd, $"{provider} {price.Region} {type} {Format(price.GbMonthUsd)} USD/GB-month");
    }

    private static void UnresolvedSku(EstimateBuilder e, ResourceView r, string path, Value? value) =>
        e.Unpriced(r.Name, value is { IsComputed: true } ? $"{path} is only known after apply" : $"{path} is not set",
            value is { IsComputed: true } ? UnpricedKind.NotKnownUntilApply : UnpricedKind.NotInCatalog);
}
