using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace Supplychain.Evaluation.Data;

/// <summary>
/// A Parquet file, read one row group at a time (memory is bounded by the largest row group, not the file).
/// Numeric and boolean columns are numbers, strings are text; other types (dates, nested, binary) are listed as
/// unsupported and only an error when a verb needs them.
/// </summary>
public sealed class ParquetTable : TableSource
{
    private readonly IReadOnlyList<TableColumn> _columns;
    private readonly IReadOnlyList<DataField> _fields;

    private ParquetTable(string path, IReadOnlyList<TableColumn> columns, IReadOnlyList<DataField> fields) : base(path, "parquet")
    {
        _columns = columns;
        _fields = fields;
    }

    public override IReadOnlyList<TableColumn> Columns => _columns;

    public static ParquetTable Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var schema = ParquetReader.ReadSchemaAsync(stream).GetAwaiter().GetResult();
            var fields = schema.GetDataFields();
            var columns = fields.Select(f => new TableColumn(f.Name, KindOf(f), f.ClrType.Name + (f.IsArray ? "[]" : ""))).ToList();
            return new ParquetTable(path, columns, fields);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException || e.GetType().Namespace?.StartsWith("Parquet", StringComparison.Ordinal) == true)
        {
            throw new EvaluationInputException($"{path}: not a readable Parquet file ({e.Message})", e);
        }
    }

    private static ColumnKind KindOf(DataField f)
    {
        if (f.IsArray) return ColumnKind.Unsupported;
        var t = f.ClrType;
        // Parquet.Net 6 reports strings as ReadOnlyMemory<char>.
        if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>)) return ColumnKind.Text;
        if (t == typeof(double) || t == typeof(float) || t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte)
            || t == typeof(sbyte) || t == typeof(ushort) || t == typeof(uint) || t == typeof(ulong) || t == typeof(decimal) || t == typeof(bool))
            return ColumnKind.Number;
        return ColumnKind.Unsupported;
    }

    public override ITableCursor Open() => new Cursor(this);

    private sealed class Cursor : ITableCursor
    {
        private readonly ParquetTable _table;
        private readonly Stream _stream;
        private readonly ParquetReader _reader;
        private readonly double[]?[] _numbers;
        private readonly string?[]?[] _texts;
        private int _group = -1;
        private long _groupRows;
        private long _index;
        private long _row;

        public Cursor(ParquetTable table)
        {
            _table = table;
            _stream = File.OpenRead(table.Path);
            _reader = ParquetReader.CreateAsync(_stream).GetAwaiter().GetResult();
            _numbers = new double[]?[table._columns.Count];
            _texts = new string?[]?[table._columns.Count];
        }

        public long Row => _row;

        public bool MoveNext()
        {
            while (_index >= _groupRows)
            {
                if (++_group >= _reader.RowGroupCount) return false;
                LoadGroup();
            }
            _index++;
            _row++;
            return true;
        }

        private void LoadGroup()
        {
            using var group = _reader.OpenRowGroupReader(_group);
            _groupRows = group.RowCount;
            _index = 0;
            for (var c = 0; c < _table._columns.Count; c++)
            {
                var field = _table._fields[c];
                switch (_table._columns[c].Kind)
                {
                    case ColumnKind.Number: _numbers[c] = ReadNumbers(group, field, (int)_groupRows); break;
                    case ColumnKind.Text:
                        var texts = new string?[(int)_groupRows];
                        group.ReadAsync(field, texts.AsMemory()).GetAwaiter().GetResult();
                        _texts[c] = texts;
                        break;
                }
            }
        }

        private static double[] ReadNumbers(ParquetRowGroupReader group, DataField field, int rows)
        {
            var t = field.ClrType;
            if (t == typeof(double)) return Read<double>(group, field, rows, v => v);
            if (t == typeof(float)) return Read<float>(group, field, rows, v => v);
            if (t == typeof(int)) return Read<int>(group, field, rows, v => v);
            if (t == typeof(long)) return Read<long>(group, field, rows, v => v);
            if (t == typeof(bool)) return Read<bool>(group, field, rows, v => v ? 1 : 0);
            if (t == typeof(short)) return Read<short>(group, field, rows, v => v);
            if (t == typeof(byte)) return Read<byte>(group, field, rows, v => v);
            if (t == typeof(sbyte)) return Read<sbyte>(group, field, rows, v => v);
            if (t == typeof(ushort)) return Read<ushort>(group, field, rows, v => v);
            if (t == typeof(uint)) return Read<uint>(group, field, rows, v => v);
            if (t == typeof(ulong)) return Read<ulong>(group, field, rows, v => v);
            return Read<decimal>(group, field, rows, v => (double)v);
        }

        private static double[] Read<T>(ParquetRowGroupReader group, DataField field, int rows, Func<T, double> convert) where T : struct
        {
            var result = new double[rows];
            if (field.IsNullable)
            {
                var values = new T?[rows];
                group.ReadAsync(field, values.AsMemory()).GetAwaiter().GetResult();
                for (var i = 0; i < rows; i++) result[i] = values[i] is { } v ? convert(v) : double.NaN;
            }
            else
            {
                var values = new T[rows];
                group.ReadAsync(field, values.AsMemory()).GetAwaiter().GetResult();
                for (var i = 0; i < rows; i++) result[i] = convert(values[i]);
            }
            return result;
        }

        public double Number(int column) =>
            _numbers[column] is { } n ? n[_index - 1]
            : throw new EvaluationInputException($"{_table.Path}: column '{_table._columns[column].Name}' holds {_table._columns[column].SourceType}; expected numbers");

        public string? Text(int column)
        {
            if (_texts[column] is { } t) return t[_index - 1];
            if (_numbers[column] is { } n) return double.IsNaN(n[_index - 1]) ? null : n[_index - 1].ToString("R", CultureInfo.InvariantCulture);
            throw new EvaluationInputException($"{_table.Path}: column '{_table._columns[column].Name}' holds {_table._columns[column].SourceType}; expected numbers, booleans or strings");
        }

        public void Dispose()
        {
            _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _stream.Dispose();
        }
    }
}
