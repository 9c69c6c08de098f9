using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Supplychain.Policies.Waivers;

/// <summary>
/// Reads the waivers file (<c>policies/waivers.yaml</c>). Entries that are not exactly right are not guessed at:
/// each becomes a <see cref="WaiverProblem"/> that the engine reports as a violation of CMP050, and waives nothing.
/// Expiry is judged by the engine (it knows today's date), not here.
/// </summary>
public static partial class WaiverFile
{
    private static readonly string[] Keys = ["policy", "resource", "component", "reason", "approver", "expires"];

    /// <summary>
    /// Loads the file at <paramref name="path"/>. A missing file means no waivers. <paramref name="readText"/> is the
    /// file-system seam (returns null when the file does not exist); the default reads the real file.
    /// </summary>
    public static WaiverSet Load(string path, Func<string, string?>? readText = null)
    {
        readText ??= p => File.Exists(p) ? File.ReadAllText(p) : null;
        var text = readText(path);
        return text is null ? WaiverSet.Empty : Parse(text, path);
    }

    /// <summary>Parses waivers YAML; <paramref name="sourceName"/> prefixes every location (<c>file:line</c>).</summary>
    public static WaiverSet Parse(string yaml, string sourceName = "waivers.yaml")
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlException e)
        {
            return new([], [new WaiverProblem($"{sourceName}:{e.Start.Line}", null, $"not valid YAML: {e.Message}")]);
        }

        if (stream.Documents.Count == 0) return WaiverSet.Empty;
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            return Problem(sourceName, 1, "the file must be a mapping with a 'waivers' list");

        var problems = new List<WaiverProblem>();
        foreach (var key in root.Children.Keys)
            if (key is not YamlScalarNode { Value: "waivers" })
                problems.Add(new($"{sourceName}:{key.Start.Line}", null, $"unknown top-level key '{(key as YamlScalarNode)?.Value}'; the only key is 'waivers'"));

        if (!root.Children.TryGetValue(new YamlScalarNode("waivers"), out var listNode))
            return new([], [.. problems, new WaiverProblem($"{sourceName}:1", null, "missing the 'waivers' list (write 'waivers: []' for none)")]);
        if (listNode is YamlScalarNode { Value: null or "" or "~" or "null" }) return new([], problems);
        if (listNode is not YamlSequenceNode list)
            return new([], [.. problems, new WaiverProblem($"{sourceName}:{listNode.Start.Line}", null, "'waivers' must be a list")]);

        var waivers = new List<Waiver>();
        foreach (var entry in list.Children)
        {
            var source = $"{sourceName}:{entry.Start.Line}";
            if (entry is not YamlMappingNode map)
            {
                problems.Add(new(source, null, "a waiver must be a mapping with policy, resource or component, reason, approver and expires"));
                continue;
            }
            var (waiver, errors) = ParseEntry(map, source);
            if (waiver is not null) waivers.Add(waiver);
            problems.AddRange(errors);
        }
        return new(waivers, problems);
    }

    private static (Waiver?, IReadOnlyList<WaiverProblem>) ParseEntry(YamlMappingNode map, string source)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var (k, v) in map.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? "";
            if (!Keys.Contains(key)) { errors.Add($"unknown key '{key}' (allowed: {string.Join(", ", Keys)})"); continue; }
            if (v is not YamlScalarNode scalar) { errors.Add($"'{key}' must be a single value"); continue; }
            values[key] = (scalar.Value ?? "").Trim();
        }

        var policy = values.GetValueOrDefault("policy");
        if (string.IsNullOrEmpty(policy)) errors.Add("'policy' (a policy id such as COST004) is required");
        else if (!PolicyIdPattern().IsMatch(policy)) errors.Add($"'policy' must be a policy id such as LIN003, COST004, CMP012 or a custom ACME-REGION-001, not '{policy}'");
        else if (policy == Engine.WaiverValidity.PolicyId) errors.Add($"{Engine.WaiverValidity.PolicyId} (waiver validity) cannot itself be waived");

        var resource = values.GetValueOrDefault("resource");
        var component = values.GetValueOrDefault("component");
        if (string.IsNullOrEmpty(resource) && string.IsNullOrEmpty(component))
            errors.Add("one of 'resource' (a logical name, '*' globs allowed) or 'component' (a top-level component) is required");
        else if (!string.IsNullOrEmpty(resource) && !string.IsNullOrEmpty(component))
            errors.Add("give 'resource' or 'component', not both");
        else if (resource is not null && resource.Trim('*').Length == 0)
            errors.Add("'resource' must name something: a bare '*' would waive the policy everywhere");

        var reason = values.GetValueOrDefault("reason");
        if (string.IsNullOrWhiteSpace(reason)) errors.Add("'reason' is required and must say why the exception is acceptable");
        var approver = values.GetValueOrDefault("approver");
        if (string.IsNullOrWhiteSpace(approver)) errors.Add("'approver' is required (who accepted the risk)");

        DateOnly expires = default;
        var expiresText = values.GetValueOrDefault("expires");
        if (string.IsNullOrEmpty(expiresText)) errors.Add("'expires' (YYYY-MM-DD) is required: every exception ends");
        else if (!DateOnly.TryParseExact(expiresText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out expires))
            errors.Add($"'expires' must be a date YYYY-MM-DD, not '{expiresText}'");

        if (errors.Count > 0)
            return (null, errors.Select(e => new WaiverProblem(source, string.IsNullOrEmpty(policy) ? null : policy, e)).ToList());
        return (new Waiver(policy!, string.IsNullOrEmpty(resource) ? null : resource, string.IsNullOrEmpty(component) ? null : component,
            reason!, approver!, expires, source), []);
    }

    private static WaiverSet Problem(string sourceName, int line, string message) =>
        new([], [new WaiverProblem($"{sourceName}:{line}", null, message)]);

    // Built-in ids (CMP012) and custom ones, whose organisation prefix and hyphen keep them apart (ACME-REGION-001).
    [GeneratedRegex("^((LIN|COST|CMP)[0-9]{3}|[A-Z][A-Z0-9]{1,11}(-[A-Z0-9]+)+)\\z", RegexOptions.CultureInvariant)]
    private static partial Regex PolicyIdPattern();
}
