using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Cost.Catalog;

/// <summary>A document the catalog's figures were read from.</summary>
public sealed record CatalogSource(string Id, string Provider, string Url, string Retrieved, string? Note = null);

/// <summary>An EC2 instance type or Azure VM size, on-demand Linux list price per hour.</summary>
public sealed record InstancePrice(string Provider, string Region, string Type, int Vcpu, decimal MemoryGiB, int Gpus, string? GpuModel, decimal HourlyUsd,
    string? Source = null, string? Note = null);

/// <summary>A per-GB-month price (block or object storage, registry storage).</summary>
public sealed record StoragePrice(string Provider, string Region, string Type, decimal GbMonthUsd, IReadOnlyList<DiskTier>? Tiers = null,
    string? Source = null, string? Note = null);

/// <summary>A provisioned Azure managed-disk size: the tier is billed, not the bytes used.</summary>
public sealed record DiskTier(string Tier, int SizeGiB, decimal MonthlyUsd);

/// <summary>A managed PostgreSQL instance class / SKU: compute per hour plus storage per GB-month.</summary>
public sealed record DatabasePrice(string Provider, string Region, string Type, string? Tier, decimal HourlyUsd, decimal StorageGbMonthUsd,
    string? Source = null, string? Note = null);

/// <summary>An hourly-priced item (Redis node or cache, control plane, load balancer, NAT gateway).</summary>
public sealed record HourlyPrice(string Provider, string Region, string? Type, decimal HourlyUsd, string? Source = null, string? Note = null);

/// <summary>A container registry tier (flat monthly) or storage price.</summary>
public sealed record RegistryPrice(string Provider, string Region, string Type, decimal? MonthlyUsd = null, decimal? GbMonthUsd = null,
    int? IncludedStorageGb = null, string? Source = null, string? Note = null);

/// <summary>A monthly-priced key (KMS customer-managed key, Key Vault HSM key).</summary>
public sealed record KeyPrice(string Provider, string Region, string Type, decimal? MonthlyUsd = null, decimal? HourlyUsd = null, string? Note = null);

/// <summary>The catalog's default rates for Kubernetes requests on a cluster without a cloud bill (OpenCost's defaults).</summary>
public sealed record CatalogKubernetesRates(decimal CpuCoreHourUsd, decimal MemoryGiBHourUsd, decimal GpuHourUsd, decimal StorageGbMonthUsd,
    decimal? SpotCpuCoreHourUsd = null, decimal? SpotMemoryGiBHourUsd = null, string? Source = null, string? Basis = null);

/// <summary>
/// The dated price catalog (policies/Cost/Catalog/price-catalog.json), typed. Every lookup returns null for
/// an entry the catalog does not hold — never 0 — so the cost model reports it as unpriced instead of free.
/// </summary>
public sealed record PriceCatalog(
    int SchemaVersion,
    string Date,
    string Currency,
    decimal HoursPerMonth,
    IReadOnlyList<CatalogSource> Sources,
    IReadOnlyDictionary<string, decimal> DefaultSpotDiscount,
    IReadOnlyList<InstancePrice> Instances,
    IReadOnlyList<StoragePrice> BlockStorage,
    IReadOnlyList<StoragePrice> ObjectStorage,
    IReadOnlyList<DatabasePrice> ManagedPostgres,
    IReadOnlyList<HourlyPrice> ManagedRedis,
    IReadOnlyList<HourlyPrice> LoadBalancers,
    IReadOnlyList<HourlyPrice> NatGateways,
    IReadOnlyList<HourlyPrice> ManagedKubernetes,
    IReadOnlyList<RegistryPrice> ContainerRegistry,
    IReadOnlyList<KeyPrice> Kms,
    CatalogKubernetesRates KubernetesRates)
{
    public const int SupportedSchemaVersion = 1;


    /// <summary>The day the prices are taken as valid.</summary>
    public DateOnly ValidOn => DateOnly.ParseExact(Date, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Loads and validates the catalog a source supplies.</summary>
    public static PriceCatalog Load(IPriceCatalogSource source) => Parse(source.ReadJson(), source.Description);

    /// <summary>The catalog shipped inside this assembly.</summary>
    public static PriceCatalog Embedded() => Load(new EmbeddedPriceCatalogSource());

    /// <summary>Parses catalog JSON; errors name the source and what is wrong.</summary>
    public static PriceCatalog Parse(string json, string sourceName = "price catalog")
    {
        PriceCatalog? catalog;
        try { catalog = JsonSerializer.Deserialize(json, PriceCatalogJson.Default.PriceCatalog); }
        catch (JsonException e) { throw new FormatException($"{sourceName}: not a valid price catalog: {e.Message}", e); }
        if (catalog is null) throw new FormatException($"{sourceName}: the price catalog is empty");
        if (catalog.SchemaVersion != SupportedSchemaVersion)
            throw new FormatException($"{sourceName}: schemaVersion {catalog.SchemaVersion} is not supported (expected {SupportedSchemaVersion})");
        if (!DateOnly.TryParseExact(catalog.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            throw new FormatException($"{sourceName}: date '{catalog.Date}' is not yyyy-MM-dd");
        if (catalog.HoursPerMonth <= 0) throw new FormatException($"{sourceName}: hoursPerMonth must be > 0, got {catalog.HoursPerMonth}");
        if (catalog.Currency != "USD") throw new FormatException($"{sourceName}: currency '{catalog.Currency}' is not USD");
        foreach (var i in catalog.Instances.Where(i => i.HourlyUsd <= 0))
            throw new FormatException($"{sourceName}: instance {i.Provider} {i.Type} has hourlyUsd {i.HourlyUsd}; a price must be > 0");
        return catalog;
    }

    // Every price is looked up in one region: an entry for another region is never used (a stack in eu-central-1 is
    // not priced at us-east-1 rates); a region the catalog does not hold leaves the item unpriced.
    public InstancePrice? Instance(string provider, string region, string type) => Find(Instances, provider, region, type, i => i.Provider, i => i.Region, i => i.Type);
    public StoragePrice? BlockStorageOf(string provider, string region, string type) => Find(BlockStorage, provider, region, type, s => s.Provider, s => s.Region, s => s.Type);
    public StoragePrice? ObjectStorageOf(string provider, string region, string type) => Find(ObjectStorage, provider, region, type, s => s.Provider, s => s.Region, s => s.Type);
    public DatabasePrice? Postgres(string provider, string region, string type) => Find(ManagedPostgres, provider, region, type, d => d.Provider, d => d.Region, d => d.Type);
    public HourlyPrice? Redis(string provider, string region, string type) => Find(ManagedRedis, provider, region, type, r => r.Provider, r => r.Region, r => r.Type ?? "");
    public HourlyPrice? LoadBalancer(string provider, string region, string type) => Find(LoadBalancers, provider, region, type, l => l.Provider, l => l.Region, l => l.Type ?? "");
    public HourlyPrice? ControlPlane(string provider, string region, string type) => Find(ManagedKubernetes, provider, region, type, k => k.Provider, k => k.Region, k => k.Type ?? "");
    public RegistryPrice? Registry(string provider, string region, string type) => Find(ContainerRegistry, provider, region, type, r => r.Provider, r => r.Region, r => r.Type);
    public KeyPrice? Key(string provider, string region, string type) => Find(Kms, provider, region, type, k => k.Provider, k => k.Region, k => k.Type);
    /// <summary>What an instance type is (vCPUs, memory, GPUs), from any region's entry: hardware facts, never a price.</summary>
    public InstancePrice? Hardware(string provider, string type) =>
        Instances.FirstOrDefault(i => i.Provider == provider && string.Equals(i.Type, type, StringComparison.OrdinalIgnoreCase));

    public HourlyPrice? NatGateway(string provider, string region) => NatGateways.FirstOrDefault(n => n.Provider == provider && n.Region == region);

    /// <summary>The fraction taken off on-demand prices for spot capacity, e.g. 0.65; null when the catalog has none for the provider.</summary>
    public decimal? SpotDiscount(string provider) => DefaultSpotDiscount.TryGetValue(provider, out var d) ? d : null;

    /// <summary>The regions the catalog holds any price in for a provider, ordinally (what each region holds: the catalog's README).</summary>
    public IReadOnlyList<string> RegionsOf(string provider) =>
        Instances.Select(i => (i.Provider, i.Region))
            .Concat(BlockStorage.Select(i => (i.Provider, i.Region))).Concat(ObjectStorage.Select(i => (i.Provider, i.Region)))
            .Concat(ManagedPostgres.Select(i => (i.Provider, i.Region))).Concat(ManagedRedis.Select(i => (i.Provider, i.Region)))
            .Concat(LoadBalancers.Select(i => (i.Provider, i.Region))).Concat(NatGateways.Select(i => (i.Provider, i.Region)))
            .Concat(ManagedKubernetes.Select(i => (i.Provider, i.Region))).Concat(ContainerRegistry.Select(i => (i.Provider, i.Region)))
            .Concat(Kms.Select(i => (i.Provider, i.Region)))
            .Where(p => p.Provider == provider).Select(p => p.Region).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>The catalog's Kubernetes request rates as the engine's <see cref="Engine.KubernetesRates"/>.</summary>
    public KubernetesRates DefaultKubernetesRates =>
        new(KubernetesRates.CpuCoreHourUsd, KubernetesRates.MemoryGiBHourUsd, KubernetesRates.GpuHourUsd, KubernetesRates.StorageGbMonthUsd);

    // Types and SKUs match ignoring case only (the cloud APIs accept Standard_nc24ads_a100_v4 too); no fuzzy matching:
    // a near miss must surface as unpriced, never as a guess.
    private static T? Find<T>(IReadOnlyList<T> items, string provider, string region, string type, Func<T, string> providerOf, Func<T, string> regionOf,
        Func<T, string> typeOf) where T : class =>
        items.FirstOrDefault(i => providerOf(i) == provider && regionOf(i) == region && string.Equals(typeOf(i), type, StringComparison.OrdinalIgnoreCase));
}

/// <summary>How the catalog file is read; the serializer metadata is generated at build time (no reflection: the compiler runs Native AOT).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.Strict, ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(PriceCatalog))]
internal sealed partial class PriceCatalogJson : JsonSerializerContext;
