using System.Runtime.ExceptionServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Supplychain.Components.Domain;

// One namespace with the settings readers: the catalog reads models with them, and they read the catalog.
namespace Supplychain.Stacks.Settings;

/// <summary>The models a stack serves from its catalog, and the files they came from (what a change to the stack depends on).</summary>
/// <param name="OpenDirectory">The catalog directory when the stack serves every model with a release for it (a new file there may change the stack).</param>
internal sealed record CatalogModels(IReadOnlyList<ModelSpec> Models, IReadOnlyList<string> Files, IReadOnlyList<ConfigurationError> FileErrors)
{
    public string? OpenDirectory { get; init; }
}

/// <summary>
/// Reads a model catalog: one file per model, <c>&lt;catalog&gt;/&lt;team&gt;/&lt;model&gt;.yaml</c>, owned by its team, with one
/// release per environment or stack. A file's top-level <c>serving</c> holds defaults every release inherits; a release holds
/// the fields of an inline model (version, image, artifact, lineage, serving) and is validated exactly like one. The release a
/// stack serves is, in order: the one its <c>catalog.models</c> entry names (<c>model@release</c>), <c>catalog.release</c>, the
/// one keyed by the stack name, the one keyed by the stack's environment. Promoting a model is adding or changing one release
/// in one file; a model with no release for a stack is not served there (unless the stack names it, which is an error).
/// </summary>
internal static partial class ModelCatalogReader
{
    public const string ReleaseKeyExpectation = "an environment (dev, staging, prod) or a stack name: 1 to 63 letters, digits, '-', '_' or '.'";
    private static readonly string[] FileFields = ["name", "team", "serving", "releases"];
    private static readonly string[] ReleaseFields = ModelSettingsReader.ModelFields.Where(f => f is not ("name" or "team")).ToArray();

    public static bool IsReleaseKey(string key) => ReleaseKey().IsMatch(key);

    /// <param name="configPath">The config key of the selection, <c>supplychain:catalog</c>, for problems of the selection itself.</param>
    /// <param name="inline">The stack's inline models: a catalog model may not reuse one of their names.</param>
    public static CatalogModels Read(CatalogSelection selection, ConfigSource source, string environment, string configPath, NodeReader stackReader,
        IReadOnlyList<TeamSpec>? teams, IReadOnlyList<GpuPoolSpec>? pools, IReadOnlyList<ModelSpec> inline)
    {
        var fs = source.FileSystem;
        if (source.RootDirectory is not { } root)
        {
            stackReader.Error(configPath, $"needs the project directory to find the catalog; set {ConfigSource.RootDirectoryVariable} (Pulumi sets it) or run from the project");
            return new CatalogModels([], [], []);
        }
        var directory = Path.Combine(root, selection.Path);
        if (!fs.DirectoryExists(directory))
        {
            stackReader.Error(configPath + ".path", $"{NodeReader.Quote(selection.Path)} is not a directory of the project {root}; expected the catalog directory holding <team>/<model>.yaml files");
            return new CatalogModels([], [], []);
        }

        var errors = new List<ConfigurationError>();
        var index = Index(selection.Path, directory, fs, errors);
        var wanted = Select(selection, index, configPath, stackReader);
        var inlineNames = inline.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var models = new List<ModelSpec>();
        var files = new List<string>();
        var parsed = ParseAll(wanted, fs);
        for (var i = 0; i < wanted.Count; i++)
        {
            var (entry, reference) = wanted[i];
            files.Add(entry.RelativePath);
            if (parsed[i].Error is { } failure)
            {
                if (failure.SourceException is not ConfigurationException e) failure.Throw();
                else { errors.AddRange(e.Errors); continue; }
            }
            var file = parsed[i].File!;
            var model = ReadModel(file, entry, reference, selection, source.StackName, environment, stackReader, teams, pools, errors);
            if (model is null) continue;
            if (inlineNames.Contains(model.Name))
                errors.Add(file.Locate("name", $"{NodeReader.Quote(model.Name)} is also declared inline in supplychain:models; expected each model once (in the catalog or inline)", null));
            else
                models.Add(model);
        }
        return new CatalogModels(models, files, errors) { OpenDirectory = selection.Models is null ? selection.Path : null };
    }

    /// <summary>Catalogs this large are read and parsed on every core (a fleet's thousand files); smaller ones in order.</summary>
    private const int ParallelFiles = 64;

    /// <summary>
    /// Reads and parses every wanted file, each into its own slot, so the result (and which failure is reported first)
    /// does not depend on the order threads finish in; a failure is kept and rethrown where the reading loop meets it.
    /// </summary>
    private static (CatalogFile? File, ExceptionDispatchInfo? Error)[] ParseAll(List<(IndexEntry Entry, CatalogModelRef? Reference)> wanted, IFileSystem fs)
    {
        var parsed = new (CatalogFile? File, ExceptionDispatchInfo? Error)[wanted.Count];
        void ParseAt(int i)
        {
            var entry = wanted[i].Entry;
            try { parsed[i] = (CatalogFile.Parse(entry.RelativePath, fs.ReadAllText(entry.FullPath)), null); }
            catch (Exception e) { parsed[i] = (null, ExceptionDispatchInfo.Capture(e)); }
        }
        if (wanted.Count >= ParallelFiles) Parallel.For(0, wanted.Count, ParseAt);
        else for (var i = 0; i < wanted.Count; i++) ParseAt(i);
        return parsed;
    }

    private sealed record IndexEntry(string Team, string Name, string RelativePath, string FullPath);

    /// <summary>Every <c>&lt;team&gt;/&lt;model&gt;.yaml</c> of the catalog, by model name, in ordinal order of team then model.</summary>
    private static SortedDictionary<string, IndexEntry> Index(string relativeRoot, string directory, IFileSystem fs, List<ConfigurationError> errors)
    {
        var index = new SortedDictionary<string, IndexEntry>(StringComparer.Ordinal);
        foreach (var team in fs.ListDirectoryNames(directory).Order(StringComparer.Ordinal))
        {
            var teamDirectory = Path.Combine(directory, team);
            foreach (var fileName in fs.ListFileNames(teamDirectory, "*.yaml").Order(StringComparer.Ordinal))
            {
                var relative = $"{relativeRoot}/{team}/{fileName}";
                var name = fileName[..^".yaml".Length];
                if (!Formats.IsDnsLabel(name, 50) || !Formats.IsDnsLabel(team, 40))
                {
                    errors.Add(new ConfigurationError(relative, "", $"is not named <team>/<model>.yaml; expected a team directory (DNS label ≤ 40 chars) holding files named after their model (DNS label ≤ 50 chars)"));
                    continue;
                }
                if (index.TryGetValue(name, out var first))
                {
                    errors.Add(new ConfigurationError(relative, "", $"declares the model \"{name}\" again (first in {first.RelativePath}); expected unique model names across the catalog"));
                    continue;
                }
                index[name] = new IndexEntry(team, name, relative, Path.Combine(teamDirectory, fileName));
            }
        }
        return index;
    }

    private static List<(IndexEntry Entry, CatalogModelRef? Reference)> Select(CatalogSelection selection, SortedDictionary<string, IndexEntry> index,
        string configPath, NodeReader stackReader)
    {
        if (selection.Models is null) return index.Values.Select(e => (e, (CatalogModelRef?)null)).ToList();
        var wanted = new List<(IndexEntry, CatalogModelRef?)>();
        foreach (var reference in selection.Models)
        {
            if (index.TryGetValue(reference.Name, out var entry)) wanted.Add((entry, reference));
            else
                stackReader.Error(reference.Path, $"{NodeReader.Quote(reference.Name)} is not in the catalog {selection.Path}/; expected a model with a file " +
                    $"{selection.Path}/<team>/{reference.Name}.yaml{Suggestions.DidYouMean(reference.Name, index.Keys)}");
        }
        return wanted;
    }

    private static ModelSpec? ReadModel(CatalogFile file, IndexEntry entry, CatalogModelRef? reference, CatalogSelection selection, string stackName,
        string environment, NodeReader stackReader, IReadOnlyList<TeamSpec>? teams, IReadOnlyList<GpuPoolSpec>? pools, List<ConfigurationError> errors)
    {
        var diagnostics = new Diagnostics(file.RelativePath);
        var reader = new NodeReader(diagnostics);
        ModelSpec? model = null;
        string? releasePrefix = null;
        if (file.Root is not JsonObject root)
            reader.Error("", $"{NodeReader.Show(file.Root)} is not a catalog model file; expected a map with fields {string.Join(", ", FileFields)}");
        else
        {
            var top = new ObjectNode(reader, root, "", FileFields, "field");
            if (top.Has("serving") && top["serving"] is not JsonObject)
                reader.Error("serving", $"{NodeReader.Show(top["serving"])} is not a serving spec; expected an object with the serving fields every release inherits ({string.Join(", ", ModelSettingsReader.ServingFields)})");
            CheckMatches(top, "name", entry.Name, "the file name", reader);
            CheckMatches(top, "team", entry.Team, "the team directory", reader);
            if (top.Required("releases", "a map of release keys (environments or stack names) to releases {version, image, artifact, lineage, serving}") is not null
                && reader.Map(top["releases"], "releases", "release keys to releases") is { } releases)
            {
                foreach (var (releaseKey, _) in releases)
                    if (!IsReleaseKey(releaseKey)) reader.Error($"releases.{releaseKey}", $"{NodeReader.Quote(releaseKey)} is not a release key; expected {ReleaseKeyExpectation}");
                var key = reference?.Release ?? selection.Release ?? (releases.ContainsKey(stackName) ? stackName : environment);
                if (releases[key] is JsonObject release)
                {
                    releasePrefix = $"releases.{key}.";
                    foreach (var (field, _) in release)
                        if (!ReleaseFields.Contains(field, StringComparer.Ordinal))
                            reader.Error(releasePrefix + field, $"unknown release field{Suggestions.DidYouMean(field, ReleaseFields)}; allowed fields: {string.Join(", ", ReleaseFields)}" +
                                (field is "name" or "team" ? $" ({field} is the file's, at its top level)" : ""));
                    if (diagnostics.Count == 0)
                        model = ModelSettingsReader.ReadOne(Merge(top, release, entry), $"releases.{key}", reader, teams, pools, new Dictionary<string, string>(StringComparer.Ordinal))
                            is { } read ? read with { Catalog = new CatalogRelease(entry.RelativePath, key) } : null;
                }
                else if (releases.ContainsKey(key))
                    reader.Error($"releases.{key}", $"{NodeReader.Show(releases[key])} is not a release; expected an object {{version, image, artifact, lineage, serving}}");
                else if (reference is not null)
                    stackReader.Error(reference.Path, $"{NodeReader.Quote(reference.Name)} has no release \"{key}\" in {file.RelativePath} " +
                        $"(releases: {(releases.Count == 0 ? "none" : string.Join(", ", releases.Select(r => r.Key)))}); add the release to the file to promote the model, or stop serving it here");
            }
        }
        errors.AddRange(Located(file, diagnostics, releasePrefix));
        return diagnostics.Count == 0 ? model : null;
    }

    private static void CheckMatches(ObjectNode top, string field, string expected, string what, NodeReader reader)
    {
        if (!top.Has(field)) return;
        if (reader.String(top[field], field) is { } value && value != expected)
            reader.Error(field, $"{NodeReader.Quote(value)} differs from {what} \"{expected}\"; expected \"{expected}\" (or leave it out: the path names the model and its team)");
    }

    /// <summary>The release as an inline model: the file's name and team, and the file's <c>serving</c> fields as defaults of the release's.</summary>
    private static JsonObject Merge(ObjectNode top, JsonObject release, IndexEntry entry)
    {
        var model = new JsonObject { ["name"] = entry.Name, ["team"] = entry.Team };
        foreach (var (field, value) in release) model[field] = value?.DeepClone();
        if (top["serving"] is JsonObject defaults && model["serving"] is JsonObject or null)
        {
            var serving = (JsonObject)defaults.DeepClone();
            if (model["serving"] is JsonObject own)
                foreach (var (field, value) in own) serving[field] = value?.DeepClone();
            model["serving"] = serving;
        }
        return model;
    }

    private static IEnumerable<ConfigurationError> Located(CatalogFile file, Diagnostics diagnostics, string? releasePrefix) =>
        diagnostics.Errors.Select(e => file.Locate(e.Key, e.Message, releasePrefix));

    [GeneratedRegex(@"^(?=.{1,63}$)[A-Za-z0-9]([-_.A-Za-z0-9]*[A-Za-z0-9])?$")]
    private static partial Regex ReleaseKey();
}
