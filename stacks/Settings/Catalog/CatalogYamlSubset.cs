using System.Text.Json.Nodes;
using YamlDotNet.Core;

// One namespace with the settings readers: the catalog reads models with them, and they read the catalog.
namespace Supplychain.Stacks.Settings;

/// <summary>
/// Reads the YAML that catalog files are written in, and nothing more: block mappings and sequences indented with
/// spaces, single-line plain and quoted scalars (double quotes without escapes), one-line flow sequences of simple
/// words (<c>[10, 50]</c>), comments and blank lines, in printable ASCII. It declines everything else (anchors, tags,
/// block scalars, flow maps, escapes, multi-line scalars, tabs, several documents, any doubt), and the file then goes
/// through YamlDotNet as before. A thousand files a fleet: YamlDotNet's scanner allocated 30 bytes per character read
/// and took most of the catalog's reading time. A differential property test holds it to YamlDotNet's tree.
/// </summary>
internal static class CatalogYamlSubset
{
    private readonly record struct Line(int Indent, string Content);

    public static bool TryRead(string text, out JsonNode? root)
    {
        root = null;
        var lines = new List<Line>();
        foreach (var raw in text.Split('\n'))
        {
            foreach (var c in raw)
                if (c < ' ' || c > '~') return false; // tabs, CR, control and non-ASCII characters: YamlDotNet decides
            if (raw.StartsWith("---", StringComparison.Ordinal) || raw.StartsWith("...", StringComparison.Ordinal) || raw.StartsWith('%')) return false;
            var indent = 0;
            while (indent < raw.Length && raw[indent] == ' ') indent++;
            if (indent == raw.Length || raw[indent] == '#') continue;
            lines.Add(new Line(indent, raw[indent..].TrimEnd(' ')));
        }
        if (lines.Count == 0) return true;
        if (lines[0].Indent != 0) return false;
        var position = 0;
        if (!TryBlock(lines, ref position, 0, out root)) return false;
        return position == lines.Count;
    }

    /// <summary>The block (mapping or sequence) whose entries start at column <paramref name="indent"/>.</summary>
    private static bool TryBlock(List<Line> lines, ref int position, int indent, out JsonNode? node)
    {
        node = null;
        if (position >= lines.Count || lines[position].Indent != indent) return false;
        return IsSequenceEntry(lines[position].Content)
            ? TrySequence(lines, ref position, indent, out node)
            : TryMapping(lines, ref position, indent, out node);
    }

    private static bool IsSequenceEntry(string content) => content == "-" || content.StartsWith("- ", StringComparison.Ordinal);

    private static bool TryMapping(List<Line> lines, ref int position, int indent, out JsonNode? node)
    {
        node = null;
        var map = new JsonObject();
        while (position < lines.Count && lines[position].Indent == indent)
        {
            var content = lines[position].Content;
            if (IsSequenceEntry(content)) return false;
            var colon = content.IndexOf(": ", StringComparison.Ordinal);
            var key = colon >= 0 ? content[..colon] : content.EndsWith(':') ? content[..^1] : null;
            if (key is null || !IsPlainKey(key) || map.ContainsKey(key)) return false;
            var rest = colon >= 0 ? content[(colon + 2)..].TrimStart(' ') : "";
            position++;
            JsonNode? value;
            if (rest.Length == 0 || rest[0] == '#')
            {
                // A nested block below, deeper, or a sequence at the key's own column; else the key has no value.
                if (position < lines.Count && lines[position].Indent > indent)
                {
                    if (!TryBlock(lines, ref position, lines[position].Indent, out value)) return false;
                }
                else if (position < lines.Count && lines[position].Indent == indent && IsSequenceEntry(lines[position].Content))
                {
                    if (!TrySequence(lines, ref position, indent, out value)) return false;
                }
                else value = null;
            }
            else
            {
                if (!TryInline(rest, out value)) return false;
                if (position < lines.Count && lines[position].Indent > indent) return false; // a continuation line: YamlDotNet decides
            }
            map[key] = value;
        }
        if (position < lines.Count && lines[position].Indent > indent) return false;
        node = map;
        return true;
    }

    private static bool TrySequence(List<Line> lines, ref int position, int indent, out JsonNode? node)
    {
        node = null;
        var list = new JsonArray();
        while (position < lines.Count && lines[position].Indent == indent && IsSequenceEntry(lines[position].Content))
        {
            var rest = lines[position].Content.Length == 1 ? "" : lines[position].Content[2..].TrimStart(' ');
            position++;
            JsonNode? item;
            if (rest.Length == 0 || rest[0] == '#')
            {
                if (position < lines.Count && lines[position].Indent > indent)
                {
                    if (!TryBlock(lines, ref position, lines[position].Indent, out item)) return false;
                }
                else item = null;
            }
            else
            {
                // "- key: value" (a map opened on the dash's line) and "- - x" are left to YamlDotNet.
                if (IsSequenceEntry(rest) || rest.Contains(": ", StringComparison.Ordinal) || rest.EndsWith(':')) return false;
                if (!TryInline(rest, out item)) return false;
                if (position < lines.Count && lines[position].Indent > indent) return false;
            }
            list.Add(item);
        }
        if (position < lines.Count && lines[position].Indent > indent) return false;
        node = list;
        return true;
    }

    /// <summary>A value written after <c>key: </c> or <c>- </c>: a quoted or plain scalar, or a one-line flow sequence of words.</summary>
    private static bool TryInline(string text, out JsonNode? value)
    {
        value = null;
        switch (text[0])
        {
            case '"':
            {
                var end = text.IndexOf('"', 1);
                if (end < 0 || text.AsSpan(1, end - 1).Contains('\\') || !IsEndOfLine(text, end + 1)) return false;
                value = YamlToJson.Scalar(text[1..end], ScalarStyle.DoubleQuoted, TagName.Empty);
                return true;
            }
            case '\'':
            {
                var i = 1;
                var sb = new System.Text.StringBuilder();
                while (true)
                {
                    if (i >= text.Length) return false;
                    if (text[i] == '\'')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '\'') { sb.Append('\''); i += 2; continue; }
                        break;
                    }
                    sb.Append(text[i++]);
                }
                if (!IsEndOfLine(text, i + 1)) return false;
                value = YamlToJson.Scalar(sb.ToString(), ScalarStyle.SingleQuoted, TagName.Empty);
                return true;
            }
            case '[':
            {
                var end = text.IndexOf(']');
                if (end < 0 || !IsEndOfLine(text, end + 1)) return false;
                var inner = text[1..end];
                var list = new JsonArray();
                if (inner.Trim(' ').Length > 0)
                    foreach (var part in inner.Split(','))
                    {
                        var word = part.Trim(' ');
                        if (!IsFlowWord(word)) return false;
                        list.Add(YamlToJson.Scalar(word, ScalarStyle.Plain, TagName.Empty));
                    }
                value = list;
                return true;
            }
        }
        // A plain scalar, up to a comment (" #").
        var comment = text.IndexOf(" #", StringComparison.Ordinal);
        var plain = (comment >= 0 ? text[..comment] : text).TrimEnd(' ');
        if (!IsPlainValue(plain)) return false;
        value = YamlToJson.Scalar(plain, ScalarStyle.Plain, TagName.Empty);
        return true;
    }

    /// <summary>Nothing but spaces, or spaces and then a comment, from <paramref name="start"/> on.</summary>
    private static bool IsEndOfLine(string text, int start)
    {
        var rest = text.AsSpan(start);
        var trimmed = rest.TrimStart(' ');
        return trimmed.Length == 0 || (trimmed[0] == '#' && trimmed.Length < rest.Length);
    }

    private static bool IsPlainKey(string key) =>
        key.Length > 0 && IsPlainStart(key) && key[^1] is not (' ' or ':') && !key.Contains(" #", StringComparison.Ordinal) && !key.Contains(": ", StringComparison.Ordinal);

    private static bool IsPlainValue(string text) =>
        text.Length > 0 && IsPlainStart(text) && !text.EndsWith(':') && !text.Contains(": ", StringComparison.Ordinal);

    /// <summary>No indicator that starts another kind of node (a lone <c>-</c>, <c>?</c> or <c>:</c> before a space included).</summary>
    private static bool IsPlainStart(string text)
    {
        var c = text[0];
        if (c is ',' or '[' or ']' or '{' or '}' or '#' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`' or ' ') return false;
        return c is not ('-' or '?' or ':') || (text.Length > 1 && text[1] != ' ');
    }

    private static bool IsFlowWord(string word)
    {
        if (word.Length == 0 || !IsPlainStart(word)) return false;
        foreach (var c in word)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/' or '+')) return false;
        return true;
    }
}
