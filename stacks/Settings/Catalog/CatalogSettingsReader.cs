// One namespace with the settings readers: the catalog reads models with them, and they read the catalog.
namespace Supplychain.Stacks.Settings;

/// <summary>What <c>supplychain:catalog</c> says: where the model files are and which models (and releases) the stack serves.</summary>
/// <param name="Path">The catalog directory, relative to the project root (<c>models</c>).</param>
/// <param name="Release">The release key every model is served at; null: the stack name when a file has that release, else the environment.</param>
/// <param name="Models">The models served (each with an optional <c>@release</c>); null: every catalog model with a release for the stack.</param>
internal sealed record CatalogSelection(string Path, string? Release, IReadOnlyList<CatalogModelRef>? Models);

/// <summary>One entry of <c>catalog.models</c>: <c>fraud-detector</c> or <c>fraud-detector@staging</c>.</summary>
internal sealed record CatalogModelRef(string Name, string? Release, string Path);

/// <summary>Reads <c>supplychain:catalog</c>; the files themselves are read by <see cref="ModelCatalogReader"/>.</summary>
internal static class CatalogSettingsReader
{
    public const string DefaultPath = "models";
    private static readonly string[] Fields = ["path", "release", "models"];

    public static CatalogSelection? Read(ObjectNode top, NodeReader reader)
    {
        if (!top.Has("catalog")) return null;
        if (reader.Object(top["catalog"], top.PathOf("catalog"), "a model catalog selection", Fields) is not { } catalog) return null;
        var path = catalog.Format("path", required: false, IsRelativeDirectory, "a relative directory inside the project",
            "a directory relative to the project root, without '..', e.g. models") ?? DefaultPath;
        var release = catalog.Format("release", required: false, ModelCatalogReader.IsReleaseKey, "a valid release key",
            ModelCatalogReader.ReleaseKeyExpectation);
        IReadOnlyList<CatalogModelRef>? models = null;
        if (catalog.Has("models"))
        {
            var list = reader.StringList(catalog["models"], catalog.PathOf("models"), "model names, each optionally with @release",
                (node, p) => reader.Format(node, p, IsModelRef, "a model reference",
                    "a model name (DNS label ≤ 50 chars), optionally followed by @<release>, e.g. fraud-detector or fraud-detector@staging"));
            if (list is not null)
            {
                var refs = new List<CatalogModelRef>();
                var seen = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var i = 0; i < list.Count; i++)
                {
                    var at = list[i].IndexOf('@', StringComparison.Ordinal);
                    var name = at < 0 ? list[i] : list[i][..at];
                    var entryPath = $"{catalog.PathOf("models")}[{i}]";
                    StackSettingsReader.CheckUnique(name, entryPath, seen, "served model", reader);
                    refs.Add(new CatalogModelRef(name, at < 0 ? null : list[i][(at + 1)..], entryPath));
                }
                models = refs;
            }
        }
        return new CatalogSelection(path, release, models);
    }

    private static bool IsModelRef(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        return at < 0
            ? Formats.IsDnsLabel(text, 50)
            : Formats.IsDnsLabel(text[..at], 50) && ModelCatalogReader.IsReleaseKey(text[(at + 1)..]);
    }

    internal static bool IsRelativeDirectory(string path) =>
        path.Length > 0 && !System.IO.Path.IsPathRooted(path) && !path.StartsWith('\\') && !(path.Length >= 2 && path[1] == ':')
        && path.Split('/', '\\').All(segment => segment is not ".." and not "");
}
