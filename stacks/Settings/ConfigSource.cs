using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Supplychain.Stacks.Settings;

/// <summary>One <c>supplychain:</c> config value, normalised to the JSON tree Pulumi would pass.</summary>
/// <param name="Key">The key without the project prefix, e.g. <c>models</c>.</param>
/// <param name="Value">The value; null when <paramref name="IsEncrypted"/> (set, but not readable here) or written as null.</param>
/// <param name="IsSecret">Pulumi stores the value as a secret (<c>secure:</c> in the stack file, or listed in <c>PULUMI_CONFIG_SECRET_KEYS</c>).</param>
/// <param name="IsEncrypted">The value is a <c>secure: v1:...</c> ciphertext from a stack file: set, value unknown here.</param>
public sealed record ConfigEntry(string Key, JsonNode? Value, bool IsSecret, bool IsEncrypted);

/// <summary>
/// Where a stack's config comes from, read exactly as Pulumi passes it and normalised to one form, so validation
/// does not care which way it came:
/// <list type="bullet">
/// <item>the compiler protocol: <c>PULUMI_STACK</c> + <c>PULUMI_CONFIG</c> (every value a string; objects and lists as JSON text; secrets decrypted);</item>
/// <item>the CLI's <c>--stack NAME</c>: <c>Pulumi.NAME.yaml</c> next to <c>Pulumi.yaml</c> (values keep their YAML structure; secrets stay encrypted).</item>
/// </list>
/// Top-level values become strings (Pulumi's config model), except that a string holding JSON text
/// (starting with <c>{</c> or <c>[</c>) is parsed, since that is how Pulumi passes object and list values.
/// Keys of other namespaces (<c>kubernetes:context</c>, <c>aws:region</c>) are kept aside and ignored.
/// </summary>
public sealed partial class ConfigSource
{
    public const string ProjectName = "supplychain";
    public const string CompilerSourceName = "PULUMI_CONFIG";
    public const string StackVariable = "PULUMI_STACK";
    public const string ConfigVariable = "PULUMI_CONFIG";
    public const string SecretKeysVariable = "PULUMI_CONFIG_SECRET_KEYS";
    public const string ProjectVariable = "PULUMI_PROJECT";
    public const string RootDirectoryVariable = "PULUMI_ROOT_DIRECTORY";
    private const string Prefix = ProjectName + ":";

    // A repeated key would otherwise surface as an ArgumentException when the object is first read.
    private static readonly JsonDocumentOptions JsonOptions = new() { AllowDuplicateProperties = false };

    private ConfigSource(string stackName, string name, IReadOnlyList<ConfigEntry> entries, IReadOnlyList<string> otherKeys, bool knowsSecrecy)
    {
        StackName = stackName;
        Name = name;
        Entries = entries;
        OtherNamespaceKeys = otherKeys;
        KnowsSecrecy = knowsSecrecy;
    }

    /// <summary>The Pulumi stack name, e.g. <c>dev</c>.</summary>
    public string StackName { get; }

    /// <summary>Where the values came from, for messages: <c>Pulumi.dev.yaml</c> or <c>PULUMI_CONFIG</c>.</summary>
    public string Name { get; }

    /// <summary>The <c>supplychain:</c> values, in source order.</summary>
    public IReadOnlyList<ConfigEntry> Entries { get; }

    /// <summary>Keys of other namespaces, ignored by the supply chain.</summary>
    public IReadOnlyList<string> OtherNamespaceKeys { get; }

    /// <summary>True when the source says which values are secret (a stack file always does; the compiler protocol when <c>PULUMI_CONFIG_SECRET_KEYS</c> is set).</summary>
    public bool KnowsSecrecy { get; }

    /// <summary>
    /// The project directory model catalogs (<c>supplychain:catalog</c>) are read relative to: the stack file's directory, or
    /// <c>PULUMI_ROOT_DIRECTORY</c> under the compiler protocol; null when unknown (see <see cref="WithRootDirectory"/>).
    /// </summary>
    public string? RootDirectory { get; private init; }

    /// <summary>The file system catalogs are read from.</summary>
    public IFileSystem FileSystem { get; private init; } = PhysicalFileSystem.Instance;

    /// <summary>The same values, with catalogs read from <paramref name="directory"/> (the fallback when <c>PULUMI_ROOT_DIRECTORY</c> is not set).</summary>
    public ConfigSource WithRootDirectory(string directory, IFileSystem fileSystem) =>
        new(StackName, Name, Entries, OtherNamespaceKeys, KnowsSecrecy) { RootDirectory = directory, FileSystem = fileSystem };

    /// <summary>
    /// Reads the compiler protocol's variables. Returns null when <c>PULUMI_STACK</c> is not set: Pulumi runs the
    /// compiler that way once to find plugins, and the caller then synthesizes every stack of <see cref="DiscoverStacks"/>.
    /// </summary>
    public static ConfigSource? FromCompilerEnvironment(IEnvironment environment)
    {
        var stack = environment.GetVariable(StackVariable);
        if (string.IsNullOrEmpty(stack)) return null;

        var errors = new Diagnostics(CompilerSourceName);
        if (environment.GetVariable(ProjectVariable) is { Length: > 0 } project && project != ProjectName)
            throw new ConfigurationException(ProjectVariable, "", $"the project is \"{project}\"; this program is the \"{ProjectName}\" project");
        CheckStackName(stack, StackVariable);

        var secretKeys = ParseSecretKeys(environment.GetVariable(SecretKeysVariable));
        var root = ParseJson(environment.GetVariable(ConfigVariable) ?? "{}", CompilerSourceName, "") as JsonObject
            ?? throw new ConfigurationException(CompilerSourceName, "", "is not a JSON object; expected {\"project:key\": \"value\", ...}");

        var entries = new List<ConfigEntry>();
        var other = new List<string>();
        foreach (var (fullKey, node) in root)
        {
            if (!TrySplitKey(fullKey, out var ns, out var key))
            {
                errors.Add(fullKey, "is not a configuration key; expected <namespace>:<name>, e.g. supplychain:target");
                continue;
            }
            if (ns != ProjectName)
            {
                other.Add(fullKey);
                continue;
            }
            var value = node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? TopLevel(v.GetValue<string>(), errors, fullKey) : node?.DeepClone();
            entries.Add(new ConfigEntry(key, value, secretKeys?.Contains(fullKey) == true, IsEncrypted: false));
        }
        errors.ThrowIfAny();
        return new ConfigSource(stack, CompilerSourceName, entries, other, knowsSecrecy: secretKeys is not null)
        {
            RootDirectory = environment.GetVariable(RootDirectoryVariable) is { Length: > 0 } rootDirectory ? rootDirectory : null,
        };
    }

    /// <summary>Reads <c>Pulumi.NAME.yaml</c> from <paramref name="projectDirectory"/>, after checking that <c>Pulumi.yaml</c> there is the supplychain project.</summary>
    public static ConfigSource FromStackFile(string projectDirectory, string stackName, IFileSystem fileSystem)
    {
        CheckStackName(stackName, "--stack");
        CheckProject(projectDirectory, fileSystem);

        var fileName = StackFileName(stackName);
        var path = Path.Combine(projectDirectory, fileName);
        if (!fileSystem.FileExists(path))
        {
            var existing = DiscoverStacks(projectDirectory, fileSystem);
            throw new ConfigurationException(fileName, "", $"the stack \"{stackName}\" has no config file in {projectDirectory}; " +
                (existing.Count == 0 ? "no Pulumi.<stack>.yaml exists there" : "existing stacks: " + string.Join(", ", existing)));
        }

        var document = LoadYaml(fileSystem.ReadAllText(path), fileName);
        var errors = new Diagnostics(fileName);
        var entries = new List<ConfigEntry>();
        var other = new List<string>();
        if (document is not null and not YamlMappingNode)
            throw new ConfigurationException(fileName, "", "is not a YAML mapping; expected a top-level \"config:\" map");
        if (document is YamlMappingNode top && top.Children.TryGetValue(new YamlScalarNode("config"), out var configNode))
        {
            if (configNode is YamlScalarNode { Value: null or "" } or YamlScalarNode { Value: "~" or "null" }) { }
            else if (configNode is not YamlMappingNode config)
                throw new ConfigurationException(fileName, "config", "is not a map; expected \"supplychain:<key>: <value>\" entries");
            else
                foreach (var (keyNode, valueNode) in config.Children)
                    ReadFileEntry(keyNode, valueNode, errors, entries, other);
        }
        errors.ThrowIfAny();
        return new ConfigSource(stackName, fileName, entries, other, knowsSecrecy: true) { RootDirectory = projectDirectory, FileSystem = fileSystem };
    }

    public static ConfigSource FromStackFile(string projectDirectory, string stackName) =>
        FromStackFile(projectDirectory, stackName, PhysicalFileSystem.Instance);

    /// <summary>The stack names of every <c>Pulumi.NAME.yaml</c> in the project directory, sorted ordinally.</summary>
    public static IReadOnlyList<string> DiscoverStacks(string projectDirectory, IFileSystem fileSystem) =>
        fileSystem.ListFileNames(projectDirectory, "Pulumi.*.yaml")
            .Select(name => StackFilePattern().Match(name))
            .Where(m => m.Success)
            .Select(m => m.Groups["stack"].Value)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();

    public static IReadOnlyList<string> DiscoverStacks(string projectDirectory) => DiscoverStacks(projectDirectory, PhysicalFileSystem.Instance);

    public static string StackFileName(string stackName) => $"Pulumi.{stackName}.yaml";

    private static void ReadFileEntry(YamlNode keyNode, YamlNode valueNode, Diagnostics errors, List<ConfigEntry> entries, List<string> other)
    {
        var fullKey = (keyNode as YamlScalarNode)?.Value ?? "";
        if (!TrySplitKey(fullKey, out var ns, out var key))
        {
            errors.Add(fullKey, $"(line {keyNode.Start.Line}) is not a configuration key; expected <namespace>:<name>, e.g. supplychain:target");
            return;
        }
        if (ns != ProjectName)
        {
            other.Add(fullKey);
            return;
        }
        if (IsSecure(valueNode))
        {
            entries.Add(new ConfigEntry(key, null, IsSecret: true, IsEncrypted: true));
            return;
        }
        // Pulumi keeps a top-level scalar as the text written; only object and list values keep their structure.
        var value = valueNode switch
        {
            YamlScalarNode s when YamlToJson.IsPlain(s) && s.Value is "" or "~" or "null" or "Null" or "NULL" => null,
            YamlScalarNode s => TopLevel(s.Value ?? "", errors, fullKey),
            _ => ConvertYaml(valueNode, errors.Source),
        };
        entries.Add(new ConfigEntry(key, value, IsSecret: false, IsEncrypted: false));
    }

    /// <summary>A top-level string: JSON text when it looks like an object or list (how Pulumi passes those), else the string itself.</summary>
    private static JsonNode? TopLevel(string text, Diagnostics errors, string fullKey)
    {
        var trimmed = text.TrimStart();
        if (!trimmed.StartsWith('{') && !trimmed.StartsWith('[')) return JsonValue.Create(text);
        try
        {
            return JsonNode.Parse(text, documentOptions: JsonOptions);
        }
        catch (JsonException e)
        {
            errors.Add(fullKey, $"holds JSON text that does not parse ({Position(e)}): {FirstSentence(e.Message)}");
            return null;
        }
    }

    private static bool IsSecure(YamlNode node) =>
        node is YamlMappingNode m && m.Children.Count == 1 && m.Children.First() is { Key: YamlScalarNode { Value: "secure" }, Value: YamlScalarNode };

    private static JsonNode? ConvertYaml(YamlNode node, string source)
    {
        try
        {
            return YamlToJson.Convert(node);
        }
        catch (YamlException e)
        {
            throw new ConfigurationException(source, "", $"line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }
    }

    private static void CheckProject(string projectDirectory, IFileSystem fileSystem)
    {
        const string projectFile = "Pulumi.yaml";
        var path = Path.Combine(projectDirectory, projectFile);
        if (!fileSystem.FileExists(path))
            throw new ConfigurationException(projectFile, "", $"not found in {projectDirectory}; run from the project directory (the one holding Pulumi.yaml) or pass it explicitly");
        if (LoadYaml(fileSystem.ReadAllText(path), projectFile) is not YamlMappingNode project)
            throw new ConfigurationException(projectFile, "", "is not a YAML mapping; expected a Pulumi project file");
        var name = project.Children.TryGetValue(new YamlScalarNode("name"), out var n) ? (n as YamlScalarNode)?.Value : null;
        if (name != ProjectName)
            throw new ConfigurationException(projectFile, "name", $"is {(name is null ? "missing" : $"\"{name}\"")}; expected \"{ProjectName}\" (the config keys are supplychain:<key>)");
        // Project-level config (defaults in Pulumi.yaml) would merge into every stack; this project keeps config in the stack files only.
        if (project.Children.TryGetValue(new YamlScalarNode("config"), out var config) && config is YamlMappingNode { Children.Count: > 0 })
            throw new ConfigurationException(projectFile, "config", "holds project-level config, which this project does not read; put the keys in Pulumi.<stack>.yaml");
    }

    private static YamlNode? LoadYaml(string text, string source)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        }
        catch (YamlException e)
        {
            var inner = e.InnerException is { } ie && ie.Message != e.Message ? $" ({ie.Message})" : "";
            throw new ConfigurationException(source, "", $"is not valid YAML: line {e.Start.Line}, column {e.Start.Column}: {e.Message}{inner}");
        }
        catch (ArgumentException e)
        {
            // YamlDotNet's representation model reports a repeated mapping key this way.
            throw new ConfigurationException(source, "", $"is not valid YAML: {e.Message}");
        }
    }

    private static HashSet<string>? ParseSecretKeys(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (ParseJson(text, SecretKeysVariable, "") is not JsonArray list)
            throw new ConfigurationException(SecretKeysVariable, "", "is not a JSON list of keys; expected [\"project:key\", ...]");
        return list.Select(k => k is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "").ToHashSet(StringComparer.Ordinal);
    }

    private static JsonNode? ParseJson(string text, string source, string key)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: JsonOptions);
        }
        catch (JsonException e)
        {
            throw new ConfigurationException(source, key, $"is not valid JSON ({Position(e)}): {FirstSentence(e.Message)}");
        }
    }

    private static string Position(JsonException e) =>
        $"line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}";

    /// <summary>
    /// System.Text.Json's reason for a parse error, without the characters it quotes from the input (<c>'t' is an
    /// invalid JSON literal</c>): the text may be a secret (a decrypted value in PULUMI_CONFIG, whose secrecy the compiler
    /// protocol does not always tell), and an error message must never show one.
    /// </summary>
    private static string FirstSentence(string message)
    {
        message = QuotedInput().Replace(message, "a character");
        // System.Text.Json appends its own position and path; the message already states the position once.
        foreach (var marker in new[] { " LineNumber:", " Path:" })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
        }
        return message.TrimEnd();
    }

    private static bool TrySplitKey(string fullKey, out string ns, out string key)
    {
        var colon = fullKey.IndexOf(':', StringComparison.Ordinal);
        ns = colon > 0 ? fullKey[..colon] : "";
        key = colon > 0 ? fullKey[(colon + 1)..] : "";
        return colon > 0 && key.Length > 0;
    }

    private static void CheckStackName(string stackName, string source)
    {
        if (!ValidStackName().IsMatch(stackName))
            throw new ConfigurationException(source, "", $"\"{stackName}\" is not a valid stack name; expected 1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (it labels every resource)");
    }

    // The stack name becomes a Kubernetes label value on every resource, so it must be one (Pulumi allows a superset).
    [GeneratedRegex(@"^(?=.{1,63}\z)[A-Za-z0-9]([-_.A-Za-z0-9]*[A-Za-z0-9])?\z")]
    private static partial Regex ValidStackName();

    [GeneratedRegex("'[^']*'")]
    private static partial Regex QuotedInput();

    [GeneratedRegex(@"^Pulumi\.(?<stack>[A-Za-z0-9][-_.A-Za-z0-9]*)\.yaml\z")]
    private static partial Regex StackFilePattern();
}
