using System.Globalization;
using System.Text.RegularExpressions;

namespace Supplychain.Stacks.Settings;

/// <summary>The formats config values must have, each with the words used to tell a user what is allowed.</summary>
internal static partial class Formats
{
    public const string LabelValueExpectation = "a Kubernetes label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
    public const string DigestExpectation = "\"sha256:\" followed by 64 lowercase hex characters";
    public const string ImageExpectation = "an OCI image reference [registry/]repository[:tag][@sha256:<64 hex>]";
    public const string QuantityExpectation = "a Kubernetes quantity greater than 0";

    public static bool IsLabelValue(string s) => s.Length <= 63 && LabelValue().IsMatch(s);

    public static bool IsDnsLabel(string s, int maxLength) => s.Length <= maxLength && DnsLabel().IsMatch(s);

    public static string DnsLabelExpectation(int maxLength) =>
        $"a DNS label: at most {maxLength} lowercase letters, digits or '-', starting and ending with a letter or digit";

    public static bool IsDnsName(string s) => s.Length <= 253 && DnsName().IsMatch(s) && s.Split('.').All(l => l.Length <= 63);

    public static bool IsSha256Digest(string s) => Sha256().IsMatch(s);

    public static bool IsGitCommit(string s) => GitCommit().IsMatch(s);

    public static bool IsImageReference(string s, out bool pinned)
    {
        var m = Image().Match(s);
        pinned = m.Success && (m.Groups["tag"].Success || m.Groups["digest"].Success);
        return m.Success && s.Length <= 255 + 128 + 72;
    }

    public static bool IsArtifactUri(string s, out string? problem)
    {
        problem = null;
        if (s.Any(char.IsWhiteSpace)) problem = "contains whitespace";
        else if (ArtifactSchemes.FirstOrDefault(p => s.StartsWith(p, StringComparison.Ordinal)) is not { } scheme)
            problem = "has an unsupported scheme; expected one of " + string.Join(", ", ArtifactSchemes.Select(p => p + "..."));
        else if (s.Length == scheme.Length || s[scheme.Length] == '/')
            problem = "names no location after " + scheme;
        else if (scheme == "https://" && !Uri.TryCreate(s, UriKind.Absolute, out _))
            problem = "is not a valid https URL";
        return problem is null;
    }

    public static readonly string[] ArtifactSchemes = ["s3://", "gs://", "https://", "oci://", "models:/"];

    /// <summary>A Kubernetes resource quantity (e.g. <c>500m</c>, <c>1</c>, <c>2.5</c>, <c>512Mi</c>, <c>4Gi</c>) greater than zero.</summary>
    public static bool IsPositiveQuantity(string s)
    {
        var m = Quantity().Match(s);
        if (!m.Success) return false;
        return decimal.TryParse(m.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) && n > 0;
    }

    /// <summary>The most CPU a serving pod may request: more cores than any node offers (the largest have a few hundred).</summary>
    public const int MaxCpuCores = 1024;

    /// <summary>The most memory a serving pod may request, as written in the docs; 64 TiB is above any node's memory.</summary>
    public const string MaxMemory = "64Ti";

    public static bool IsCpuQuantity(string s) =>
        IsPositiveQuantity(s) && Supplychain.Policies.Cost.KubernetesQuantity.TryParse(s) is { } cores && cores > 0 && cores <= MaxCpuCores;

    public static bool IsMemoryQuantity(string s) =>
        IsPositiveQuantity(s) && Supplychain.Policies.Cost.KubernetesQuantity.TryParse(s) is { } bytes && bytes > 0
        && bytes <= Supplychain.Policies.Cost.KubernetesQuantity.TryParse(MaxMemory);

    public static bool HasMilliSuffix(string s) => s.EndsWith('m');

    public static bool IsIsoDateOrDateTime(string s)
    {
        var m = IsoDateTime().Match(s);
        if (!m.Success) return false;
        if (!DateOnly.TryParseExact(m.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) return false;
        return !m.Groups["time"].Success || DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);
    }

    public static bool IsEmail(string s) => s.Length <= 254 && Email().IsMatch(s);

    public static bool IsPolicyId(string s) => PolicyId().IsMatch(s);

    public static bool IsRegistryPrefix(string s) => s.Length <= 255 && RegistryPrefix().IsMatch(s);

    [GeneratedRegex(@"^[A-Za-z0-9]([-_.A-Za-z0-9]*[A-Za-z0-9])?\z")]
    private static partial Regex LabelValue();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?\z")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\z")]
    private static partial Regex DnsName();

    [GeneratedRegex(@"^sha256:[a-f0-9]{64}\z")]
    private static partial Regex Sha256();

    [GeneratedRegex(@"^[0-9a-f]{40}\z")]
    private static partial Regex GitCommit();

    // The distribution reference grammar: optional registry (a host with a dot or port, or localhost), lowercase path
    // components, an optional tag, an optional sha256 digest.
    [GeneratedRegex(@"^(?:(?:[A-Za-z0-9](?:[-A-Za-z0-9]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[-A-Za-z0-9]*[A-Za-z0-9])?)*(?::[0-9]+)?)/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?\z")]
    private static partial Regex Image();

    [GeneratedRegex(@"^(?<number>[0-9]+(\.[0-9]*)?|\.[0-9]+)(?<suffix>Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][-+]?[0-9]+)?\z")]
    private static partial Regex Quantity();

    [GeneratedRegex(@"^(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})(?<time>T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?\z")]
    private static partial Regex IsoDateTime();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+\z")]
    private static partial Regex Email();

    [GeneratedRegex(@"^(LIN|COST|CMP)[0-9]{3}\z")]
    private static partial Regex PolicyId();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(:[0-9]{1,5})?(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*\z")]
    private static partial Regex RegistryPrefix();
}

/// <summary>"Did you mean" suggestions for misspelled keys and names.</summary>
internal static class Suggestions
{
    /// <summary>The candidate within edit distance 2 of <paramref name="found"/> (case-insensitive), the closest first.</summary>
    public static string? Closest(string found, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = 3;
        foreach (var candidate in candidates)
        {
            var d = Distance(found.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance)
            {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    public static string DidYouMean(string found, IEnumerable<string> candidates, string prefix = "") =>
        Closest(found, candidates) is { } s ? $"; did you mean {prefix}{s}?" : "";

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
