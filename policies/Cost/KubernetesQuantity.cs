using System.Globalization;
using System.Text.RegularExpressions;
using Supplychain.Components.Model;

namespace Supplychain.Policies.Cost;

/// <summary>
/// Kubernetes resource quantities (<c>500m</c>, <c>2.5</c>, <c>512Mi</c>, <c>1G</c>, <c>1e3</c>), as the API server
/// reads them: a decimal number with an optional binary (Ki..Ei), decimal (n, u, m, k, M..E) or exponent suffix.
/// </summary>
public static partial class KubernetesQuantity
{
    private const decimal GiB = 1024m * 1024m * 1024m;

    private static readonly Dictionary<string, decimal> Suffixes = new(StringComparer.Ordinal)
    {
        [""] = 1m,
        ["n"] = 0.000000001m, ["u"] = 0.000001m, ["m"] = 0.001m,
        ["k"] = 1e3m, ["M"] = 1e6m, ["G"] = 1e9m, ["T"] = 1e12m, ["P"] = 1e15m, ["E"] = 1e18m,
        ["Ki"] = 1024m, ["Mi"] = 1024m * 1024m, ["Gi"] = GiB, ["Ti"] = GiB * 1024m, ["Pi"] = GiB * 1024m * 1024m, ["Ei"] = GiB * 1024m * 1024m * 1024m,
    };

    [GeneratedRegex("^(?<number>[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(?:(?<suffix>Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE](?<exp>[+-]?[0-9]+))?\\z")]
    private static partial Regex Pattern();

    /// <summary>
    /// The largest magnitude read, in base units (10^18: about 888 PiB of memory, or 10^18 cores). Beyond it a value is
    /// not a quantity any node has, and pricing it could overflow the arithmetic; it reads as malformed.
    /// </summary>
    public const decimal MaxMagnitude = 1e18m;

    /// <summary>The quantity in base units (cores, bytes, devices); null when the text is not a quantity or beyond <see cref="MaxMagnitude"/>.</summary>
    public static decimal? TryParse(string text)
    {
        var match = Pattern().Match(text.Trim());
        if (!match.Success) return null;
        try
        {
            if (!decimal.TryParse(match.Groups["number"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return null;
            decimal value;
            if (match.Groups["exp"].Success)
            {
                if (!int.TryParse(match.Groups["exp"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exp) || exp is < -18 or > 18) return null;
                value = exp >= 0 ? number * Pow10(exp) : number / Pow10(-exp);
            }
            else value = number * Suffixes[match.Groups["suffix"].Value];
            return Math.Abs(value) <= MaxMagnitude ? value : null;
        }
        catch (OverflowException) { return null; }
    }

    /// <summary>The quantity of a property value: a number literal or quantity text; null when absent, computed or malformed.</summary>
    public static decimal? Of(Value? value) => value switch
    {
        NumberValue n => n.Number,
        StringValue s => TryParse(s.Text),
        _ => null,
    };

    /// <summary>Bytes → GiB (2^30 bytes), the unit OpenCost's memory and storage rates apply to.</summary>
    public static decimal ToGiB(decimal bytes) => bytes / GiB;

    private static decimal Pow10(int exp)
    {
        var r = 1m;
        for (var i = 0; i < exp; i++) r *= 10m;
        return r;
    }
}
