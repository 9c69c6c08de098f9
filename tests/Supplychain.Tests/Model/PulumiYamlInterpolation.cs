using System.Text;

namespace Supplychain.Tests.ProgramModel;

/// <summary>
/// A C# port of how Pulumi YAML reads a string (pulumi-yaml <c>pkg/pulumiyaml/ast/interpolation.go</c> <c>parseInterpolate</c>,
/// <c>property.go</c> <c>parsePropertyAccess</c>, and the string case of <c>expr.go</c> <c>ParseExpr</c>), kept apart from the
/// program's own reader so the writer's escaping is judged against Pulumi's rules, not against code it shares.
/// Go works on bytes and C# on UTF-16 units; the rules only look at ASCII (<c>$ { } . [ ] " \</c>), so that is the same.
/// </summary>
internal static class PulumiYamlInterpolation
{
    /// <summary>One part of an interpolated string: literal text, then (except maybe in the last part) a property access.</summary>
    public sealed record Part(string Text, string? Access);

    /// <summary>What a string scalar means to Pulumi YAML: a literal, a symbol (a lone reference) or an interpolation.</summary>
    public abstract record Expr;
    public sealed record Literal(string Text) : Expr;
    public sealed record Symbol(string Access) : Expr;
    public sealed record Interpolation(IReadOnlyList<Part> Parts) : Expr;
    public sealed record Error(string Diagnostic) : Expr;

    /// <summary><c>ParseExpr</c> for a string node: no part is the raw (empty) text; one text part is that (unescaped) text.</summary>
    public static Expr Parse(string value)
    {
        var (parts, error) = ParseInterpolate(value);
        if (error is not null) return new Error(error);
        return parts.Count switch
        {
            0 => new Literal(value),
            1 when parts[0].Access is null => new Literal(parts[0].Text),
            1 when parts[0].Text.Length == 0 => new Symbol(parts[0].Access!),
            _ => new Interpolation(parts),
        };
    }

    public static (List<Part> Parts, string? Error) ParseInterpolate(string value)
    {
        var parts = new List<Part>();
        var str = new StringBuilder();
        var i = 0;
        while (i < value.Length)
        {
            if (At(value, i, "$$")) { str.Append('$'); i += 2; }
            else if (At(value, i, "${"))
            {
                var (rest, access, error) = ParsePropertyAccess(value, i + 2);
                if (error is not null) return ([], error);
                parts.Add(new Part(str.ToString(), access));
                str.Clear();
                i = rest;
            }
            else str.Append(value[i++]);
        }
        if (str.Length != 0) parts.Add(new Part(str.ToString(), null));
        return (parts, null);
    }

    /// <summary>Returns the index after the closing <c>}</c> and the access text (as written), or an error.</summary>
    private static (int Next, string? Access, string? Error) ParsePropertyAccess(string value, int start)
    {
        var accessors = 0;
        var i = start;
        while (i < value.Length)
        {
            switch (value[i])
            {
                case '}':
                    return (i + 1, value[start..i], null);
                case '.':
                    i++;
                    break;
                case '[':
                    if (i + 1 < value.Length && value[i + 1] == '"')
                    {
                        var j = i + 2;
                        while (true)
                        {
                            if (j >= value.Length) return (0, null, "missing closing quote in property name");
                            if (value[j] == '"') { j++; break; }
                            j += value[j] == '\\' && j + 1 < value.Length && value[j + 1] == '"' ? 2 : 1;
                        }
                        if (j >= value.Length || value[j] != ']') return (0, null, "missing closing bracket in property access");
                        i = j + 1;
                    }
                    else
                    {
                        var close = value.IndexOf(']', i);
                        if (close < 0) return (0, null, "missing closing bracket in list index");
                        if (!long.TryParse(value.AsSpan(i + 1, close - i - 1), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _)) return (0, null, "invalid list index");
                        if (accessors == 0) return (0, null, "the root property must be a string subscript or a name");
                        i = close + 1;
                    }
                    accessors++;
                    break;
                default:
                    while (i < value.Length && value[i] is not ('.' or '[' or '}')) i++;
                    accessors++;
                    break;
            }
        }
        return (0, null, "unterminated interpolation");
    }

    private static bool At(string value, int i, string prefix) => string.CompareOrdinal(value, i, prefix, 0, prefix.Length) == 0;
}
