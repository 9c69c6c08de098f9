using System.Globalization;

namespace Supplychain.Evaluation.Data;

/// <summary>
/// CSV or TSV with a header row (RFC 4180 quoting; a quoted field may not span lines). A column is numeric when every
/// non-missing value of the first <see cref="InferenceRows"/> rows parses as a number; a later value that does not
/// is bad input naming the row. Missing: an empty field, <c>NA</c>, <c>null</c> or <c>NaN</c>.
/// </summary>
public sealed class DelimitedTable : TableSource
{
    public const int InferenceRows = 1000;
    private readonly char _separator;
    private readonly IReadOnlyList<TableColumn> _columns;

    private DelimitedTable(string path, string format, char separator, IReadOnlyList<TableColumn> columns) : base(path, format)
    {
        _separator = separator;
        _columns = columns;
    }

    public override IReadOnlyList<TableColumn> Columns => _columns;

    public static DelimitedTable Read(string path, string format, char separator, IReadOnlyCollection<string> textColumns)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine() ?? throw new EvaluationInputException($"{path}: the file is empty; expected a header row naming the columns");
        var names = new Cursor.FieldSplitter(path, separator).SplitAll(header, 0);
        if (names.Count == 0 || names.Any(string.IsNullOrWhiteSpace))
            throw new EvaluationInputException($"{path}: the header row has an empty column name; expected a name for every column");
        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new EvaluationInputException($"{path}: the header names column '{duplicate.Key}' twice; expected unique column names");

        var numeric = names.Select(n => !textColumns.Contains(n)).ToArray();
        var seen = new bool[names.Count];
        var splitter = new Cursor.FieldSplitter(path, separator);
        for (var row = 1; row <= InferenceRows && reader.ReadLine() is { } line; row++)
        {
            if (line.Length == 0) continue;
            var fields = splitter.SplitAll(line, row);
            for (var i = 0; i < names.Count && i < fields.Count; i++)
            {
                if (!numeric[i] || IsMissing(fields[i])) continue;
                seen[i] = true;
                if (!TryNumber(fields[i], out _)) numeric[i] = false;
            }
        }
        var columns = names.Select((n, i) => new TableColumn(n, numeric[i] && seen[i] ? ColumnKind.Number : ColumnKind.Text, numeric[i] && seen[i] ? "number" : "text")).ToList();
        return new DelimitedTable(path, format, separator, columns);
    }

    public override ITableCursor Open() => new Cursor(this);

    internal static bool IsMissing(ReadOnlySpan<char> field) =>
        field.IsEmpty || field is "NA" or "null" or "NaN" or "nan" or "NULL";

    internal static bool TryNumber(ReadOnlySpan<char> field, out double value)
    {
        if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return true;
        // Booleans are numbers (1/0): binary labels are often written true/false.
        if (field.Equals("true", StringComparison.OrdinalIgnoreCase)) { value = 1; return true; }
        if (field.Equals("false", StringComparison.OrdinalIgnoreCase)) { value = 0; return true; }
        return false;
    }

    private sealed class Cursor(DelimitedTable table) : ITableCursor
    {
        private readonly StreamReader _reader = OpenPastHeader(table.Path);
        private readonly FieldSplitter _splitter = new(table.Path, table._separator);
        private string _line = "";
        private long _row;

        public long Row => _row;

        private static StreamReader OpenPastHeader(string path)
        {
            var reader = new StreamReader(path, System.Text.Encoding.UTF8, true, 1 << 16);
            reader.ReadLine();
            return reader;
        }

        public bool MoveNext()
        {
            while (_reader.ReadLine() is { } line)
            {
                _row++;
                if (line.Length == 0) continue;
                _line = line;
                _splitter.Split(line, _row);
                if (_splitter.Count != table._columns.Count)
                    throw new EvaluationInputException($"{table.Path}: row {_row} has {_splitter.Count} fields; expected {table._columns.Count} as in the header");
                return true;
            }
            return false;
        }

        public double Number(int column)
        {
            var field = _splitter.Field(_line, column);
            if (IsMissing(field)) return double.NaN;
            if (TryNumber(field, out var value)) return value;
            throw new EvaluationInputException(
                $"{table.Path}: row {_row}, column '{table._columns[column].Name}': '{field.ToString()}' is not a number; expected numbers in this column (its first {InferenceRows} rows held only numbers)");
        }

        public string? Text(int column)
        {
            var field = _splitter.Field(_line, column);
            return IsMissing(field) ? null : field.ToString();
        }

        public void Dispose() => _reader.Dispose();

        /// <summary>Finds field boundaries without allocating; unquotes into a buffer only for quoted fields.</summary>
        internal sealed class FieldSplitter(string path, char separator)
        {
            private readonly List<(int Start, int Length, string? Unquoted)> _fields = [];
            public int Count => _fields.Count;

            public ReadOnlySpan<char> Field(string line, int i)
            {
                var (start, length, unquoted) = _fields[i];
                return unquoted is not null ? unquoted.AsSpan() : line.AsSpan(start, length);
            }

            public List<string> SplitAll(string line, long row)
            {
                Split(line, row);
                return Enumerable.Range(0, Count).Select(i => Field(line, i).ToString()).ToList();
            }

            public void Split(string line, long row)
            {
                _fields.Clear();
                var i = 0;
                while (true)
                {
                    if (i < line.Length && line[i] == '"')
                    {
                        var text = new System.Text.StringBuilder();
                        var j = i + 1;
                        while (true)
                        {
                            if (j >= line.Length)
                                throw new EvaluationInputException($"{path}: row {row} has an unterminated quoted field; expected a closing '\"' on the same line");
                            if (line[j] == '"')
                            {
                                if (j + 1 < line.Length && line[j + 1] == '"') { text.Append('"'); j += 2; continue; }
                                j++;
                                break;
                            }
                            text.Append(line[j++]);
                        }
                        _fields.Add((i, j - i, text.ToString()));
                        if (j >= line.Length) return;
                        if (line[j] != separator)
                            throw new EvaluationInputException($"{path}: row {row} has text after a closing quote; expected '{separator}' after a quoted field");
                        i = j + 1;
                        continue;
                    }
                    var end = line.IndexOf(separator, i);
                    if (end < 0)
                    {
                        _fields.Add((i, line.Length - i, null));
                        return;
                    }
                    _fields.Add((i, end - i, null));
                    i = end + 1;
                }
            }
        }
    }
}
