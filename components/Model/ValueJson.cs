using System.Globalization;
using System.Text;

namespace Supplychain.Components.Model;

/// <summary>
/// Serialises a literal <see cref="Value"/> tree to compact JSON, deterministically: maps are already in
/// ordinal key order, numbers are written invariantly without trailing zeros, and only the characters
/// JSON requires are escaped. Used for text that must be JSON inside a manifest (Grafana dashboards,
/// lineage annotations). A reference, interpolation or function has no value at synth time, so it is
/// refused rather than written as text; use <see cref="FunctionValue.ToJson"/> for computed trees.
/// </summary>
public static class ValueJson
{
    public static string Serialize(Value value)
    {
        var sb = new StringBuilder();
        Write(sb, value, "$");
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, Value value, string path)
    {
        switch (value)
        {
            case StringValue s: WriteString(sb, s.Text); break;
            case NumberValue n: sb.Append(FormatNumber(n.Number)); break;
            case BoolValue b: sb.Append(b.Flag ? "true" : "false"); break;
            case NullValue: sb.Append("null"); break;
            case ListValue l:
                sb.Append('[');
                for (var i = 0; i < l.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    Write(sb, l[i], $"{path}[{i}]");
                }
                sb.Append(']');
                break;
            case MapValue m:
                sb.Append('{');
                var first = true;
                foreach (var (key, item) in m)
                {
                    if (!first) sb.Append(',');
                    first = false;
                    WriteString(sb, key);
                    sb.Append(':');
                    Write(sb, item, $"{path}.{key}");
                }
                sb.Append('}');
                break;
            default:
                throw new InvalidOperationException(
                    $"cannot serialise {value.GetType().Name} at {path} to JSON at synth time: only literal values are known before Pulumi runs");
        }
    }

    /// <summary>Invariant, shortest form: 0.50m and 0.5m both become <c>0.5</c>, so equal numbers give equal text.</summary>
    public static string FormatNumber(decimal number) =>
        number.ToString("0.############################", CultureInfo.InvariantCulture);

    private static void WriteString(StringBuilder sb, string text)
    {
        sb.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }
}
