using System.Security.Cryptography;
using System.Text;

namespace Supplychain.Components.Naming;

/// <summary>
/// Normalising and shortening, the way AWS CDK builds unique ids: a name that already fits is kept as it is (a renamed
/// cloud resource is a replaced one); a name that does not is cut and given a stable hash of the full name, so two
/// long names that share a prefix stay apart and the same input always gives the same name.
/// </summary>
public static class NameFitting
{
    /// <summary>Hex characters of the hash suffix (CDK uses 8 as well).</summary>
    public const int HashLength = 8;

    /// <summary>The first <paramref name="length"/> lowercase hex characters of the SHA-256 of <paramref name="text"/>.</summary>
    public static string Hash(string text, int length = HashLength) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..length];

    /// <summary>
    /// <paramref name="name"/> when it has at most <paramref name="maxLength"/> characters; otherwise its head, without
    /// trailing separators, then <paramref name="separator"/> and the hash of the whole name, exactly fitting.
    /// </summary>
    public static string Fit(string name, int maxLength, string separator = "-", int hashLength = HashLength)
    {
        if (name.Length <= maxLength) return name;
        var headLength = maxLength - separator.Length - hashLength;
        if (headLength < 1) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "too short for a hash suffix");
        var head = name[..headLength].TrimEnd('-', '_', '.', '/');
        return head + separator + Hash(name, hashLength);
    }

    /// <summary>
    /// Lowercase letters, digits and single hyphens, no hyphen at either end: every other character becomes a hyphen.
    /// When that changes the text (upper case, '_', '.', '--'), a hash of the original is appended, so two inputs
    /// that normalise alike (<c>prod_eu</c>, <c>prod.eu</c>) still give different names.
    /// </summary>
    public static string Slug(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            var c = char.IsAsciiLetterOrDigit(ch) ? char.ToLowerInvariant(ch) : '-';
            if (c == '-' && (sb.Length == 0 || sb[^1] == '-')) continue;
            sb.Append(c);
        }
        var slug = sb.ToString().TrimEnd('-');
        if (slug.Length == 0) return Hash(text);
        return slug == text ? slug : slug + "-" + Hash(text);
    }

    /// <summary>Lowercase letters and digits only (storage accounts, ACR, AKS agent pools); a hash is appended when that loses anything.</summary>
    public static string Alphanumeric(string text)
    {
        var kept = new string(text.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        return kept == text ? kept : kept + Hash(text);
    }
}
