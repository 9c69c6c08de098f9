namespace Supplychain.Policies.Cost.Catalog;

/// <summary>Where the price catalog's JSON comes from: the copy shipped in the assembly, or a file (a newer catalog, a test double).</summary>
public interface IPriceCatalogSource
{
    /// <summary>Names the source in error messages and reports (a file path, or "embedded").</summary>
    string Description { get; }

    /// <summary>The catalog JSON text.</summary>
    string ReadJson();
}

/// <summary>The catalog compiled into Supplychain.Policies (policies/Cost/Catalog/price-catalog.json).</summary>
public sealed class EmbeddedPriceCatalogSource : IPriceCatalogSource
{
    public const string ResourceName = "Supplychain.Policies.Cost.Catalog.price-catalog.json";

    public string Description => "embedded " + ResourceName;

    public string ReadJson()
    {
        using var stream = typeof(EmbeddedPriceCatalogSource).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the assembly {typeof(EmbeddedPriceCatalogSource).Assembly.GetName().Name} does not embed {ResourceName}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>A catalog file on disk, e.g. a stack that pins its own negotiated prices.</summary>
public sealed class FilePriceCatalogSource(string path) : IPriceCatalogSource
{
    public string Path { get; } = path;
    public string Description => Path;

    public string ReadJson() =>
        File.Exists(Path) ? File.ReadAllText(Path) : throw new FileNotFoundException($"price catalog file '{Path}' does not exist", Path);
}
