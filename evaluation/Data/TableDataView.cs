using Microsoft.ML;
using Microsoft.ML.Data;

namespace Supplychain.Evaluation.Data;

/// <summary>How a table column appears to ML.NET.</summary>
public enum ViewKind
{
    /// <summary>Single (what ONNX models and ML.NET trainers take); missing is NaN.</summary>
    Number,
    /// <summary>Text; missing is empty.</summary>
    Text,
    /// <summary>A binary label as Boolean: 1/0, true/false or yes/no.</summary>
    BinaryLabel,
    /// <summary>A class index 0..K-1 as a key of K values (ML.NET's multiclass label).</summary>
    ClassLabel,
    /// <summary>A category as its 1-based code (Single) from a given value list, so ML.NET's range filter can cut slices.</summary>
    Code,
}

/// <summary>One column of the view: from which source and source column, and as what.</summary>
public sealed record ViewColumn(string Name, int Source, int Column, ViewKind Kind, int Classes = 0, IReadOnlyDictionary<string, int>? Codes = null);

/// <summary>
/// An ML.NET <see cref="IDataView"/> over one or more tables read side by side (a dataset and the predictions made
/// for it, row for row). Rows stream from the files on every cursor; nothing is cached, so memory stays flat.
/// </summary>
public sealed class TableDataView : IDataView
{
    private readonly IReadOnlyList<TableSource> _sources;
    private readonly IReadOnlyList<ViewColumn> _columns;

    public TableDataView(IReadOnlyList<TableSource> sources, IReadOnlyList<ViewColumn> columns)
    {
        _sources = sources;
        _columns = columns;
        var builder = new DataViewSchema.Builder();
        foreach (var c in columns)
        {
            var source = sources[c.Source];
            if (source.Columns[c.Column].Kind == ColumnKind.Unsupported)
                throw new EvaluationInputException($"{source.Path}: column '{source.Columns[c.Column].Name}' holds {source.Columns[c.Column].SourceType}; expected numbers, booleans or strings");
            if (c.Kind == ViewKind.Number && source.Columns[c.Column].Kind != ColumnKind.Number)
                throw new EvaluationInputException($"{source.Path}: column '{source.Columns[c.Column].Name}' holds text; expected numbers (it is read as a model input or score)");
            builder.AddColumn(c.Name, c.Kind switch
            {
                ViewKind.Number or ViewKind.Code => NumberDataViewType.Single,
                ViewKind.Text => TextDataViewType.Instance,
                ViewKind.BinaryLabel => BooleanDataViewType.Instance,
                _ => new KeyDataViewType(typeof(uint), c.Classes),
            });
        }
        Schema = builder.ToSchema();
    }

    public bool CanShuffle => false;
    public DataViewSchema Schema { get; }
    public long? GetRowCount() => null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly TableDataView _view;
        private readonly HashSet<int> _active;
        private readonly ITableCursor[] _cursors;
        private long _position = -1;
        private bool _disposed;

        public Cursor(TableDataView view, HashSet<int> active)
        {
            _view = view;
            _active = active;
            _cursors = view._sources.Select(s => s.Open()).ToArray();
        }

        public override DataViewSchema Schema => _view.Schema;
        public override long Position => _position;
        public override long Batch => 0;

        public override bool MoveNext()
        {
            var first = _cursors[0].MoveNext();
            for (var i = 1; i < _cursors.Length; i++)
            {
                if (_cursors[i].MoveNext() == first) continue;
                var (shorter, longer) = first ? (_view._sources[i], _view._sources[0]) : (_view._sources[0], _view._sources[i]);
                throw new EvaluationInputException(
                    $"{shorter.Path}: ends after {_position + 1} rows but {longer.Path} has more; expected one row per dataset row, in the same order");
            }
            if (first) _position++;
            return first;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var spec = _view._columns[column.Index];
            var cursor = _cursors[spec.Source];
            var source = _view._sources[spec.Source];
            var name = source.Columns[spec.Column].Name;
            Delegate getter = spec.Kind switch
            {
                ViewKind.Number => (ValueGetter<float>)((ref float v) => v = (float)cursor.Number(spec.Column)),
                ViewKind.Text => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = (cursor.Text(spec.Column) ?? "").AsMemory()),
                ViewKind.Code => (ValueGetter<float>)((ref float v) => v = spec.Codes![cursor.Text(spec.Column) ?? SliceCodes.Missing]),
                ViewKind.BinaryLabel => (ValueGetter<bool>)((ref bool v) => v = BinaryLabel(source, cursor, spec.Column, name)),
                _ => (ValueGetter<uint>)((ref uint v) => v = ClassLabel(source, cursor, spec.Column, name, spec.Classes)),
            };
            return getter as ValueGetter<TValue>
                   ?? throw new InvalidOperationException($"column '{spec.Name}' is read as {typeof(TValue).Name}, which does not match its type");
        }

        private static bool BinaryLabel(TableSource source, ITableCursor cursor, int column, string name)
        {
            if (source.Columns[column].Kind == ColumnKind.Number)
            {
                var n = cursor.Number(column);
                if (n == 1) return true;
                if (n == 0) return false;
                throw new EvaluationInputException($"{source.Path}: row {cursor.Row}, column '{name}': {(double.IsNaN(n) ? "missing" : n.ToString(System.Globalization.CultureInfo.InvariantCulture))} is not a binary label; expected 1/0, true/false or yes/no");
            }
            var t = cursor.Text(column)?.Trim().ToLowerInvariant();
            return t switch
            {
                "1" or "true" or "yes" => true,
                "0" or "false" or "no" => false,
                _ => throw new EvaluationInputException($"{source.Path}: row {cursor.Row}, column '{name}': '{t}' is not a binary label; expected 1/0, true/false or yes/no"),
            };
        }

        private static uint ClassLabel(TableSource source, ITableCursor cursor, int column, string name, int classes)
        {
            var n = source.Columns[column].Kind == ColumnKind.Number ? cursor.Number(column) : double.NaN;
            if (n >= 0 && n < classes && n == Math.Floor(n)) return (uint)n + 1;
            var shown = source.Columns[column].Kind == ColumnKind.Number ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"'{cursor.Text(column)}'";
            throw new EvaluationInputException($"{source.Path}: row {cursor.Row}, column '{name}': {shown} is not a class index; expected an integer from 0 to {classes - 1} (the model's {classes} classes, in score order)");
        }

        protected override void Dispose(bool disposing)
        {
            if (_disposed) return;
            _disposed = true;
            if (disposing) foreach (var c in _cursors) c.Dispose();
            base.Dispose(disposing);
        }
    }
}
