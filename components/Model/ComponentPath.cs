using System.Text;

namespace Supplychain.Components.Model;

/// <summary>
/// Where a resource sits in the component tree (<c>mlflow/database/statefulset</c>). Pulumi YAML has no
/// component resources, so the path is what groups resources in reports and what logical names derive from.
/// </summary>
public sealed record ComponentPath
{
    public IReadOnlyList<string> Segments { get; }

    public ComponentPath(IEnumerable<string> segments)
    {
        Segments = segments.ToArray();
        foreach (var s in Segments)
            if (string.IsNullOrWhiteSpace(s)) throw new ArgumentException("component path segments cannot be empty");
    }

    public static ComponentPath Root { get; } = new(Array.Empty<string>());
    public static ComponentPath Of(params string[] segments) => new(segments);

    public ComponentPath Child(string segment) => new(Segments.Append(segment));

    /// <summary>The top-level component (<c>mlflow</c>), used to group and label resources.</summary>
    public string Component => Segments.Count > 0 ? Segments[0] : "stack";

    /// <summary>
    /// The logical resource name: segments joined with '-', reduced to lowercase letters, digits and dashes
    /// so it is a valid Pulumi YAML name and a stable part of the URN.
    /// </summary>
    public string LogicalName => Sanitize(string.Join("-", Segments));

    public override string ToString() => string.Join("/", Segments);

    public bool Equals(ComponentPath? other) => other is not null && Segments.SequenceEqual(other.Segments);
    public override int GetHashCode() => Segments.Aggregate(17, (h, s) => HashCode.Combine(h, s));

    public static string Sanitize(string raw)
    {
        var sb = new StringBuilder(raw.Length);
        foreach (var ch in raw.ToLowerInvariant())
        {
            var c = char.IsAsciiLetterOrDigit(ch) ? ch : '-';
            if (c == '-' && (sb.Length == 0 || sb[^1] == '-')) continue;
            sb.Append(c);
        }
        return sb.ToString().TrimEnd('-');
    }
}
