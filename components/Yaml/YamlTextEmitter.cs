using System.Globalization;
using System.Text;

namespace Supplychain.Components.Yaml;

/// <summary>The scalar styles the writer asks for; <see cref="Any"/> lets the emitter pick plain when YAML allows it.</summary>
internal enum YamlScalarStyle { Any, Plain, SingleQuoted, DoubleQuoted, Literal }

/// <summary>
/// Writes block-style YAML text byte for byte as YamlDotNet's <c>Emitter</c> (16.x) does with the writer's settings
/// (indent 2, unlimited width, simple keys up to 1,024 characters, sequences not indented under their key, "\n"
/// line breaks), for the only shapes the writer builds: block mappings with scalar keys, block sequences, empty
/// collections as <c>{}</c> and <c>[]</c>, and scalars. It keeps the same state (column, indent stack, whether the last
/// character written was whitespace or indentation) and makes the same decisions, with none of the per-event objects,
/// queueing and per-character virtual writes that made YamlDotNet's emitter the largest cost of a fleet's synth (0.4 s
/// of 15 MB). The differential property test (EmitterEquivalenceTests) holds it to YamlDotNet's output on random programs.
/// </summary>
internal sealed class YamlTextEmitter(StringBuilder output)
{
    private const int BestIndent = 2;
    private const int MaxSimpleKeyLength = 1024;

    private enum Frame { BlockMapping, BlockSequence }

    private readonly Stack<int> _indents = new();
    private readonly Stack<(Frame Kind, bool SimpleKey)> _frames = new();
    private int _indent = -1;
    private int _column;
    private bool _isWhitespace = true;
    private bool _isIndentation = true;
    private bool _isMappingContext;

    // What the last scalar analysed allows (YamlDotNet keeps HasSingleQuotes from the previous scalar for an empty one).
    private bool _multiline, _blockPlainAllowed, _singleQuotedAllowed, _blockAllowed, _hasSingleQuotes;

    /// <summary>Starts the document; YAML needs an explicit <c>---</c> when its only content is an empty scalar.</summary>
    public void BeginDocument(bool rootIsEmptyScalar)
    {
        if (!rootIsEmptyScalar) return;
        WriteIndent();
        WriteIndicator("---", needWhitespace: true, whitespace: false, indentation: false);
    }

    public void EndDocument() => WriteIndent();

    public void BeginMapping(bool isEmpty)
    {
        var isMapping = Position();
        _isMappingContext = isMapping;
        if (isEmpty)
        {
            WriteIndicator("{", needWhitespace: true, whitespace: true, indentation: false);
            WriteIndicator("}", needWhitespace: false, whitespace: false, indentation: false);
            _frames.Push((Frame.BlockMapping, true));
            return;
        }
        IncreaseIndent(isFlow: false, isIndentless: false);
        _frames.Push((Frame.BlockMapping, true));
    }

    public void EndMapping(bool wasEmpty)
    {
        _frames.Pop();
        if (!wasEmpty) _indent = _indents.Pop();
    }

    public void BeginSequence(bool isEmpty)
    {
        var isMapping = Position();
        _isMappingContext = isMapping;
        if (isEmpty)
        {
            WriteIndicator("[", needWhitespace: true, whitespace: true, indentation: false);
            WriteIndicator("]", needWhitespace: false, whitespace: false, indentation: false);
            _frames.Push((Frame.BlockSequence, false));
            return;
        }
        IncreaseIndent(isFlow: false, isIndentless: _isMappingContext && !_isIndentation);
        _frames.Push((Frame.BlockSequence, false));
    }

    public void EndSequence(bool wasEmpty)
    {
        _frames.Pop();
        if (!wasEmpty) _indent = _indents.Pop();
    }

    /// <summary>A key of the enclosing block mapping: simple (<c>key:</c>) when single-line and short, else explicit (<c>? key</c>).</summary>
    public void Key(string text, YamlScalarStyle style)
    {
        WriteIndent();
        Analyze(text);
        var simple = !_multiline && text.Length <= MaxSimpleKeyLength;
        var (kind, _) = _frames.Pop();
        _frames.Push((kind, simple));
        if (simple)
        {
            EmitScalar(text, style, isSimpleKey: true);
            WriteIndicator(":", needWhitespace: false, whitespace: false, indentation: false);
        }
        else
        {
            WriteIndicator("?", needWhitespace: true, whitespace: false, indentation: true);
            EmitScalar(text, style, isSimpleKey: false);
        }
    }

    public void Scalar(string text, YamlScalarStyle style)
    {
        _isMappingContext = Position();
        Analyze(text);
        EmitScalar(text, style, isSimpleKey: false);
    }

    /// <summary>What comes before a node: a sequence's dash, or the explicit <c>:</c> after a complex key. True in a mapping.</summary>
    private bool Position()
    {
        if (_frames.Count == 0) return false;
        var (kind, simpleKey) = _frames.Peek();
        if (kind == Frame.BlockSequence)
        {
            WriteIndent();
            WriteIndicator("-", needWhitespace: true, whitespace: false, indentation: true);
            return false;
        }
        if (!simpleKey)
        {
            WriteIndent();
            WriteIndicator(":", needWhitespace: true, whitespace: false, indentation: true);
        }
        return true;
    }

    private void EmitScalar(string text, YamlScalarStyle requested, bool isSimpleKey)
    {
        var style = SelectStyle(text, requested, isSimpleKey);
        IncreaseIndent(isFlow: true, isIndentless: false);
        switch (style)
        {
            case YamlScalarStyle.Plain: WritePlain(text); break;
            case YamlScalarStyle.SingleQuoted: WriteSingleQuoted(text); break;
            case YamlScalarStyle.DoubleQuoted: WriteDoubleQuoted(text); break;
            case YamlScalarStyle.Literal: WriteLiteral(text); break;
            default: throw new InvalidOperationException($"scalar style {style} is not emitted");
        }
        _indent = _indents.Pop();
    }

    private YamlScalarStyle SelectStyle(string text, YamlScalarStyle style, bool isSimpleKey)
    {
        if (style == YamlScalarStyle.Any)
        {
            // YamlDotNet would fold multi-line text; the writer never asks for Any with a line break.
            if (_multiline) throw new InvalidOperationException("a multi-line scalar needs an explicit style");
            style = YamlScalarStyle.Plain;
        }
        if (isSimpleKey && _multiline) style = YamlScalarStyle.DoubleQuoted;
        if (style == YamlScalarStyle.Plain)
        {
            if (!_blockPlainAllowed)
                style = _singleQuotedAllowed && !_hasSingleQuotes ? YamlScalarStyle.SingleQuoted : YamlScalarStyle.DoubleQuoted;
            if (text.Length == 0 && isSimpleKey) style = YamlScalarStyle.SingleQuoted;
        }
        if (style == YamlScalarStyle.SingleQuoted && !_singleQuotedAllowed) style = YamlScalarStyle.DoubleQuoted;
        if (style == YamlScalarStyle.Literal && (!_blockAllowed || isSimpleKey)) style = YamlScalarStyle.DoubleQuoted;
        return style;
    }

    /// <summary>Which styles can hold <paramref name="value"/> unchanged (YamlDotNet's <c>AnalyzeScalar</c>, block context).</summary>
    private void Analyze(string value)
    {
        if (value.Length == 0)
        {
            _multiline = false;
            _blockPlainAllowed = false;
            _singleQuotedAllowed = true;
            _blockAllowed = false;
            return;
        }
        var blockIndicators = value.StartsWith("---", StringComparison.Ordinal) || value.StartsWith("...", StringComparison.Ordinal);
        bool leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false, leadingQuote = false;
        bool breakSpace = false, spaceBreak = false, previousSpace = false, previousBreak = false, lineOfSpaces = false;
        bool lineBreaks = false, specialCharacters = false, singleQuotes = false, linesOfSpaces = false;

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            // Most characters of a program (names, labels, digests) are ordinary: printable ASCII that is no indicator
            // after the first position, a space or a break. They only end a run of spaces or breaks.
            if (i > 0 && c > ' ' && c < '\u007F' && c is not (':' or '#' or '\''))
            {
                previousSpace = false;
                previousBreak = false;
                lineOfSpaces = false;
                continue;
            }
            // YamlDotNet's look-around: the characters either side, '\0' past either end, count as whitespace.
            var followedByWhitespace = IsWhiteBreakOrZero(At(value, i + 1));
            if (i == 0)
            {
                if (c is '#' or ',' or '[' or ']' or '{' or '}' or '&' or '*' or '!' or '|' or '>' or '"' or '%' or '@' or '`' or '\'')
                {
                    blockIndicators = true;
                    leadingQuote = c == '\'';
                    singleQuotes |= c == '\'';
                }
                if (c is '?' or ':' && followedByWhitespace) blockIndicators = true;
                if (c == '-' && followedByWhitespace) blockIndicators = true;
            }
            else
            {
                if (c == ':' && followedByWhitespace) blockIndicators = true;
                if (c == '#' && IsWhiteBreakOrZero(value[i - 1])) blockIndicators = true;
                singleQuotes |= c == '\'';
            }
            if (!specialCharacters && !IsPrintable(c)) specialCharacters = true;
            var isBreak = IsBreak(c);
            if (isBreak) lineBreaks = true;
            if (c == ' ')
            {
                if (i == 0) leadingSpace = true;
                if (i >= value.Length - 1) trailingSpace = true;
                if (previousBreak) { breakSpace = true; lineOfSpaces = true; }
                previousSpace = true;
                previousBreak = false;
            }
            else if (isBreak)
            {
                if (i == 0) leadingBreak = true;
                if (i >= value.Length - 1) trailingBreak = true;
                if (previousSpace) spaceBreak = true;
                if (lineOfSpaces) linesOfSpaces = true;
                previousSpace = false;
                previousBreak = true;
            }
            else
            {
                previousSpace = false;
                previousBreak = false;
                lineOfSpaces = false;
            }
        }

        _blockPlainAllowed = true;
        _singleQuotedAllowed = true;
        _blockAllowed = true;
        if (leadingSpace || leadingBreak || trailingSpace || trailingBreak || leadingQuote) _blockPlainAllowed = false;
        if (trailingSpace) _blockAllowed = false;
        if (breakSpace || spaceBreak || specialCharacters)
        {
            _blockPlainAllowed = false;
            _singleQuotedAllowed = false;
        }
        if (linesOfSpaces) _blockAllowed = false;
        _multiline = lineBreaks;
        if (lineBreaks || blockIndicators) _blockPlainAllowed = false;
        _hasSingleQuotes = singleQuotes;
    }

    private static char At(string value, int index) => index < value.Length ? value[index] : '\0';

    private static bool IsBreak(char c) => c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029';

    private static bool IsWhiteBreakOrZero(char c) => c is ' ' or '\t' or '\0' || IsBreak(c);

    private static bool IsPrintable(char c) =>
        c is '\t' or '\n' or '\r' or '\u0085' || (c >= ' ' && c <= '~') || (c >= '\u00A0' && c <= '\uD7FF') || (c >= '\uE000' && c <= '\uFFFD');

    private void WritePlain(string value)
    {
        if (!_isWhitespace) Write(' ');
        // Plain is chosen only for single-line text, and the width is unlimited: the text goes out as it is.
        Write(value);
        _isWhitespace = false;
        _isIndentation = false;
    }

    private void WriteSingleQuoted(string value)
    {
        WriteIndicator("'", needWhitespace: true, whitespace: false, indentation: false);
        // Single quotes are chosen only for single-line text; a quote inside is doubled.
        foreach (var c in value)
        {
            if (c == '\'') Write(c);
            Write(c);
        }
        WriteIndicator("'", needWhitespace: false, whitespace: false, indentation: false);
        _isWhitespace = false;
        _isIndentation = false;
    }

    private void WriteDoubleQuoted(string value)
    {
        WriteIndicator("\"", needWhitespace: true, whitespace: false, indentation: false);
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (IsPrintable(c) && !IsBreak(c) && c != '"' && c != '\\') continue;
            if (i > start) Write(value.AsSpan(start, i - start));
            Write('\\');
            switch (c)
            {
                case '\0': Write('0'); break;
                case '\a': Write('a'); break;
                case '\b': Write('b'); break;
                case '\t': Write('t'); break;
                case '\n': Write('n'); break;
                case '\v': Write('v'); break;
                case '\f': Write('f'); break;
                case '\r': Write('r'); break;
                case '\u001B': Write('e'); break;
                case '"': Write('"'); break;
                case '\\': Write('\\'); break;
                case '\u0085': Write('N'); break;
                case '\u2028': Write('L'); break;
                case '\u2029': Write('P'); break;
                default:
                    if (c <= '\u00FF')
                    {
                        Write('x');
                        Write(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsHighSurrogate(c))
                    {
                        if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                            throw new YamlDotNet.Core.SyntaxErrorException("While writing a quoted scalar, found an orphaned high surrogate.");
                        Write('U');
                        Write(char.ConvertToUtf32(c, value[i + 1]).ToString("X8", CultureInfo.InvariantCulture));
                        i++;
                    }
                    else
                    {
                        Write('u');
                        Write(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    break;
            }
            start = i + 1;
        }
        if (value.Length > start) Write(value.AsSpan(start));
        WriteIndicator("\"", needWhitespace: false, whitespace: false, indentation: false);
        _isWhitespace = false;
        _isIndentation = false;
    }

    private void WriteLiteral(string value)
    {
        WriteIndicator("|", needWhitespace: true, whitespace: false, indentation: false);
        if (value.Length > 0 && (value[0] == ' ' || IsBreak(value[0])))
            WriteIndicator("2", needWhitespace: false, whitespace: false, indentation: false);
        if (value.Length == 0 || !IsBreak(value[^1]))
            WriteIndicator("-", needWhitespace: false, whitespace: false, indentation: false);
        else if (value.Length >= 2 && IsBreak(value[^2]))
            WriteIndicator("+", needWhitespace: false, whitespace: false, indentation: false);
        WriteBreak('\n');
        _isIndentation = true;
        _isWhitespace = true;
        var previousBreak = true;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\r' && i + 1 < value.Length && value[i + 1] == '\n') continue;
            if (IsBreak(c))
            {
                WriteBreak(c is '\u2028' or '\u2029' ? c : '\n');
                _isIndentation = true;
                previousBreak = true;
            }
            else
            {
                if (previousBreak) WriteIndent();
                Write(c);
                _isIndentation = false;
                previousBreak = false;
            }
        }
    }

    private void IncreaseIndent(bool isFlow, bool isIndentless)
    {
        _indents.Push(_indent);
        if (_indent < 0) _indent = isFlow ? BestIndent : 0;
        else if (!isIndentless) _indent += BestIndent; // sequences are never indented under their key (indentSequences: false)
    }

    private void WriteIndicator(string indicator, bool needWhitespace, bool whitespace, bool indentation)
    {
        if (needWhitespace && !_isWhitespace) Write(' ');
        Write(indicator);
        _isWhitespace = whitespace;
        _isIndentation &= indentation;
    }

    private void WriteIndent()
    {
        var currentIndent = Math.Max(_indent, 0);
        if (!_isIndentation || _column > currentIndent || (_column == currentIndent && !_isWhitespace)) WriteBreak('\n');
        if (_column < currentIndent)
        {
            output.Append(' ', currentIndent - _column);
            _column = currentIndent;
        }
        _isWhitespace = true;
        _isIndentation = true;
    }

    private void Write(char c)
    {
        output.Append(c);
        _column++;
    }

    private void Write(string text)
    {
        output.Append(text);
        _column += text.Length;
    }

    private void Write(ReadOnlySpan<char> text)
    {
        output.Append(text);
        _column += text.Length;
    }

    private void WriteBreak(char c)
    {
        output.Append(c);
        _column = 0;
    }
}
