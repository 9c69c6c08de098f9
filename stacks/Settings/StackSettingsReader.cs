using System.Text.Json.Nodes;
using Supplychain.Components.Domain;
using Supplychain.Policies.Engine;

namespace Supplychain.Stacks.Settings;

/// <summary>
/// Validates a stack's <c>supplychain:</c> config (documented in <c>stacks/Settings/CONFIG.md</c>) and builds
/// <see cref="StackSettings"/>. Every problem of the source is collected, then thrown as one
/// <see cref="ConfigurationException"/>.
/// </summary>
public static class StackSettingsReader
{
    public const string AlertWebhookUrlKey = "alertWebhookUrl";

    /// <summary>Every top-level key, in the order CONFIG.md documents them.</summary>
    public static readonly IReadOnlyList<string> Keys =
    [
        "target", "environment", "owner", "costCenter", "dataClassification", "teams", "gpuPools", "models", "catalog",
        "budget", AlertWebhookUrlKey, "kubeContext", "storageClass", "policy", "ci", "aws", "azure",
        RetrainingSettingsReader.ToolImageKey, RetrainingSettingsReader.LoopKey, RetrainingSettingsReader.GpuTelemetryKey,
    ];

    /// <summary>Keys whose values are secrets: stored encrypted, referenced as <c>${key}</c>, never copied.</summary>
    /// <summary>The largest monthly budget accepted (USD): a bound that keeps budget arithmetic (thresholds up to 200 %) exact.</summary>
    public const decimal MaxBudgetUsd = 1_000_000_000m;
    private const string BudgetExpectation = "a number greater than 0 and at most 1000000000 (USD per month)";

    public static readonly IReadOnlySet<string> SecretKeys = new SortedSet<string>(StringComparer.Ordinal) { AlertWebhookUrlKey };

    public static readonly IReadOnlyList<string> Targets = ["local", "aws", "azure"];
    public static readonly IReadOnlyList<string> Environments = ["dev", "staging", "prod"];
    public static readonly IReadOnlyList<string> DataClassifications = ["public", "internal", "confidential", "restricted"];
    public static readonly IReadOnlyList<string> PoolPurposes = ["training", "inference"];
    private static readonly string[] TeamFields = ["name", "gpuQuota", "monthlyBudgetUsd", "groups"];
    private static readonly string[] PoolFields = ["name", "purpose", "instanceType", "gpusPerNode", "minNodes", "maxNodes", "spot"];
    private static readonly string[] BudgetFields = ["monthlyUsd", "alertEmails", "alertThresholdsPercent"];
    private const string Prefix = ConfigSource.ProjectName + ":";

    public static StackSettings Read(ConfigSource source)
    {
        var diagnostics = new Diagnostics(source.Name);
        var reader = new NodeReader(diagnostics);

        var root = new JsonObject();
        var secretKeysSet = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in source.Entries)
        {
            if (root.ContainsKey(entry.Key))
            {
                reader.Error(Prefix + entry.Key, "is set twice; expected each key once");
                continue;
            }
            if (!CheckSecrecy(entry, source, reader)) continue;
            if (SecretKeys.Contains(entry.Key))
            {
                if (CheckSecretValue(entry, reader)) secretKeysSet.Add(entry.Key);
                root[entry.Key] = "(secret)"; // Presence only: the value itself goes no further than CheckSecretValue.
                continue;
            }
            root[entry.Key] = entry.Value?.DeepClone();
        }

        var top = new ObjectNode(reader, root, Prefix, Keys, "key");
        var target = top.Enum("target", required: true, Targets);
        var environment = top.Enum("environment", required: true, Environments);
        var owner = top.Format("owner", required: true, Formats.IsLabelValue, "a valid label value", Formats.LabelValueExpectation);
        var costCenter = top.Format("costCenter", required: true, Formats.IsLabelValue, "a valid label value", Formats.LabelValueExpectation);
        var classification = top.Enum("dataClassification", required: false, DataClassifications) ?? "internal";

        var errorsBefore = diagnostics.Count;
        var teams = ReadTeams(top, reader);
        var teamsValid = diagnostics.Count == errorsBefore;
        errorsBefore = diagnostics.Count;
        var pools = ReadPools(top, reader);
        var poolsValid = diagnostics.Count == errorsBefore;
        var models = ModelSettingsReader.Read(top, reader, teamsValid ? teams : null, poolsValid ? pools : null);
        var catalog = ReadCatalog(source, top, reader, environment, teamsValid ? teams : null, poolsValid ? pools : null, models);
        if (catalog is not null) models = [.. models, .. catalog.Models];
        var budget = ReadBudget(top, reader);
        var local = new LocalTargetSpec(
            KubeContext: top.String("kubeContext", required: false),
            StorageClass: top.Format("storageClass", required: false, Formats.IsDnsName, "a valid StorageClass name", "a lowercase DNS name (RFC 1123 subdomain)"));
        var policy = PolicySettingsReader.Read(top, reader);
        models = RetrainingSettingsReader.WithEvaluationGates(models, policy, top, reader);
        var ci = CiSettingsReader.Read(top, reader);
        var aws = AwsSettingsReader.Read(top, reader, target, environment);
        var azure = AzureSettingsReader.Read(top, reader, target);
        var loop = RetrainingSettingsReader.ReadLoop(top, reader, models, environment, ci);
        var gpuTelemetry = RetrainingSettingsReader.ReadGpuTelemetry(top, reader, pools);

        if (catalog is { FileErrors.Count: > 0 })
            throw new ConfigurationException([.. diagnostics.Errors, .. catalog.FileErrors]);
        diagnostics.ThrowIfAny();
        NameCollisions.Check(top, reader, Parse<DeploymentTarget>(target!), pools, models);
        diagnostics.ThrowIfAny();

        var context = new StackContext(source.StackName, Parse<DeploymentTarget>(target!), Parse<EnvironmentTier>(environment!), owner!, costCenter!, classification);
        var spec = new SupplyChainSpec(context, teams, pools, models, local, budget,
            AlertWebhookConfigKey: secretKeysSet.Contains(AlertWebhookUrlKey) ? AlertWebhookUrlKey : null)
        {
            Ci = ci,
            Aws = aws,
            Azure = azure,
            Loop = loop,
            GpuTelemetry = gpuTelemetry,
        };
        return new StackSettings(source.StackName, source.Name, spec, policy, secretKeysSet) 
        {
            CatalogFiles = catalog?.Files ?? [],
            OpenCatalogDirectory = catalog?.OpenDirectory,
        };
    }

    /// <summary>The models of <c>supplychain:catalog</c>, read from the catalog's files; null when the stack has no catalog.</summary>
    private static CatalogModels? ReadCatalog(ConfigSource source, ObjectNode top, NodeReader reader, string? environment,
        IReadOnlyList<TeamSpec>? teams, IReadOnlyList<GpuPoolSpec>? pools, IReadOnlyList<ModelSpec> inline)
    {
        if (CatalogSettingsReader.Read(top, reader) is not { } selection || environment is null) return null;
        return ModelCatalogReader.Read(selection, source, environment, top.PathOf("catalog"), reader, teams, pools, inline);
    }

    /// <summary>Only secret keys may be secret; a secret key must be stored as one when the source can tell.</summary>
    private static bool CheckSecrecy(ConfigEntry entry, ConfigSource source, NodeReader reader)
    {
        var path = Prefix + entry.Key;
        var secretKey = SecretKeys.Contains(entry.Key);
        if (entry.IsSecret && !secretKey && Keys.Contains(entry.Key, StringComparer.Ordinal))
        {
            reader.Error(path, "is stored as a secret, but its value is written into the synthesized program (names, labels, manifests); " +
                $"store it as plain config. Only {string.Join(", ", SecretKeys.Select(k => Prefix + k))} may be secret");
            return false;
        }
        if (secretKey && !entry.IsSecret && source.KnowsSecrecy)
        {
            reader.Error(path, $"is stored in plain text, but it is a secret; set it with: pulumi config set --secret {entry.Key} <value>");
            return false;
        }
        return true;
    }

    /// <summary>Checks a secret's value when it is readable (decrypted by Pulumi), without ever quoting it.</summary>
    private static bool CheckSecretValue(ConfigEntry entry, NodeReader reader)
    {
        if (entry.IsEncrypted) return true;
        var path = Prefix + entry.Key;
        var text = entry.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (text is null)
        {
            reader.Error(path, "(secret, value not shown) is not a string; expected an http or https URL");
            return false;
        }
        if (text.Length == 0) return false; // Set to nothing: treated as not set.
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            reader.Error(path, "(secret, value not shown) is not an absolute URL; expected an http or https URL (the Alertmanager webhook)");
            return false;
        }
        return true;
    }

    private static IReadOnlyList<TeamSpec> ReadTeams(ObjectNode top, NodeReader reader)
    {
        if (top.Required("teams", "a non-empty list of teams ({name, gpuQuota, monthlyBudgetUsd, groups})") is null) return [];
        if (reader.List(top["teams"], top.PathOf("teams"), "teams ({name, gpuQuota, monthlyBudgetUsd, groups})") is not { } list) return [];
        if (list.Count == 0)
        {
            reader.Error(top.PathOf("teams"), "is empty; expected at least one team");
            return [];
        }
        var teams = new List<TeamSpec>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var path = $"{top.PathOf("teams")}[{i}]";
            if (reader.Object(list[i], path, "a team", TeamFields) is not { } team) continue;
            var name = team.Format("name", required: true, s => Formats.IsDnsLabel(s, 40), "a valid team name", Formats.DnsLabelExpectation(40));
            CheckUnique(name, team.PathOf("name"), seen, "team", reader);
            var quota = team.Int("gpuQuota", 0, 512, defaultValue: 0);
            var budget = team.Number("monthlyBudgetUsd", required: false, n => n > 0 && n <= MaxBudgetUsd, BudgetExpectation);
            var groups = team.Has("groups")
                ? reader.StringList(team["groups"], team.PathOf("groups"), "identity-provider group names", (node, p) => reader.String(node, p))
                : null;
            if (name is not null) teams.Add(new TeamSpec(name, quota ?? 0, budget, groups));
        }
        return teams;
    }

    private static IReadOnlyList<GpuPoolSpec> ReadPools(ObjectNode top, NodeReader reader)
    {
        if (!top.Has("gpuPools")) return [];
        if (reader.List(top["gpuPools"], top.PathOf("gpuPools"), "GPU pools ({name, purpose, instanceType, gpusPerNode, minNodes, maxNodes, spot})") is not { } list) return [];
        var pools = new List<GpuPoolSpec>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var path = $"{top.PathOf("gpuPools")}[{i}]";
            if (reader.Object(list[i], path, "a GPU pool", PoolFields) is not { } pool) continue;
            var name = pool.Format("name", required: true, s => Formats.IsDnsLabel(s, 63), "a valid pool name", Formats.DnsLabelExpectation(63));
            CheckUnique(name, pool.PathOf("name"), seen, "GPU pool", reader);
            var purpose = pool.Enum("purpose", required: true, PoolPurposes);
            var instanceType = pool.String("instanceType", required: true, "a non-empty instance type, e.g. g5.2xlarge");
            var gpusPerNode = pool.Int("gpusPerNode", 1, 16, defaultValue: null);
            var minNodes = pool.Int("minNodes", 0, 1000, defaultValue: 0);
            var maxNodes = pool.OptionalInt("maxNodes", 0, 1000);
            if (minNodes is { } min && maxNodes is { } max && max < min)
                reader.Error(pool.PathOf("maxNodes"), $"{max} is less than minNodes ({min}); expected an integer from {min} to 1000");
            var spot = pool.Bool("spot", defaultValue: false);
            if (name is not null && purpose is not null && instanceType is not null && gpusPerNode is not null)
                pools.Add(new GpuPoolSpec(name, Parse<GpuPoolPurpose>(purpose), instanceType, gpusPerNode.Value, minNodes ?? 0, maxNodes, spot ?? false));
        }
        return pools;
    }

    private static BudgetSpec? ReadBudget(ObjectNode top, NodeReader reader)
    {
        if (!top.Has("budget")) return null;
        if (reader.Object(top["budget"], top.PathOf("budget"), "a budget", BudgetFields) is not { } budget) return null;
        var monthly = budget.Number("monthlyUsd", required: true, n => n > 0 && n <= MaxBudgetUsd, BudgetExpectation);
        var emails = budget.Has("alertEmails")
            ? reader.StringList(budget["alertEmails"], budget.PathOf("alertEmails"), "email addresses",
                (node, p) => reader.Format(node, p, Formats.IsEmail, "a valid email address", "an email address such as ml-platform@example.com"))
            : [];
        var thresholds = budget.Has("alertThresholdsPercent")
            ? reader.IntList(budget["alertThresholdsPercent"], budget.PathOf("alertThresholdsPercent"), 1, 200)
            : null;
        return monthly is { } m ? new BudgetSpec(m, emails ?? [], thresholds) : null;
    }

    internal static void CheckUnique(string? name, string path, Dictionary<string, string> seen, string noun, NodeReader reader)
    {
        if (name is null) return;
        if (seen.TryGetValue(name, out var first))
            reader.Error(path, $"{NodeReader.Quote(name)} is already declared at {first}; expected unique {noun} names");
        else
            seen[name] = path;
    }

    internal static T Parse<T>(string value) where T : struct, Enum => Enum.Parse<T>(value, ignoreCase: true);
}
