using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Supplychain.Evaluation.Scoring;

/// <summary>
/// The dataset view plus the model's raw output (<see cref="ScoreColumns.Raw"/>), scored by ONNX Runtime in batches of
/// <see cref="EvaluationRequest.OnnxBatchRows"/> rows: one <c>InferenceSession.Run</c> per batch instead of ML.NET's
/// <c>ApplyOnnxModel</c>, which calls ONNX Runtime once per row. Each row's output is the same float either way (the
/// graph's operators work row by row); only the call overhead goes. It reads the input columns with a second cursor that
/// runs at most one batch ahead of the rows it serves, so memory stays one batch, whatever the file size.
/// </summary>
internal sealed class OnnxBatchView : IDataView
{
    private readonly IDataView _inputs;
    private readonly string _modelPath;
    private readonly IReadOnlyList<string> _inputNames;
    private readonly IReadOnlyDictionary<string, NodeMetadata> _inputMeta;
    private readonly string _output;
    private readonly int _width;
    private readonly int _batchRows;

    private OnnxBatchView(IDataView inputs, string modelPath, IReadOnlyDictionary<string, NodeMetadata> inputMeta, string output, int width, int batchRows)
    {
        _inputs = inputs;
        _modelPath = modelPath;
        _inputMeta = inputMeta;
        _inputNames = inputMeta.Keys.Order(StringComparer.Ordinal).ToList();
        _output = output;
        _width = width;
        _batchRows = batchRows;
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputs.Schema);
        builder.AddColumn(ScoreColumns.Raw, new VectorDataViewType(NumberDataViewType.Single, width));
        Schema = builder.ToSchema();
    }

    /// <summary>
    /// The batched view, when the model has the shape it handles: every input one float, bool or string per row
    /// (<c>[-1, 1]</c> or <c>[-1]</c>), and a float output of a fixed width per row. Otherwise null, and ML.NET's
    /// transformer scores the model.
    /// </summary>
    public static OnnxBatchView? TryCreate(IDataView inputs, string modelPath, IReadOnlyDictionary<string, NodeMetadata> inputMeta,
        string output, NodeMetadata outputMeta, int batchRows)
    {
        if (batchRows < 1) return null;
        foreach (var meta in inputMeta.Values)
            if (!meta.IsTensor || !PerRow(meta.Dimensions, out var width) || width != 1
                || (meta.ElementType != typeof(float) && meta.ElementType != typeof(bool) && meta.ElementType != typeof(string)))
                return null;
        if (!outputMeta.IsTensor || outputMeta.ElementType != typeof(float) || !PerRow(outputMeta.Dimensions, out var outputWidth)) return null;
        return new OnnxBatchView(inputs, modelPath, inputMeta, output, outputWidth, batchRows);
    }

    /// <summary>A first dimension for the rows (dynamic) and fixed other dimensions: <paramref name="width"/> values per row.</summary>
    private static bool PerRow(int[] dimensions, out int width)
    {
        width = 1;
        if (dimensions.Length == 0 || dimensions[0] > 1) return false;
        for (var i = 1; i < dimensions.Length; i++)
        {
            if (dimensions[i] < 1) return false;
            width *= dimensions[i];
        }
        return true;
    }

    public bool CanShuffle => false;
    public DataViewSchema Schema { get; }
    public long? GetRowCount() => _inputs.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly OnnxBatchView _view;
        private readonly HashSet<int> _active;
        private readonly DataViewRowCursor _rows;
        private readonly DataViewRowCursor? _feeder;
        private readonly InferenceSession? _session;
        private readonly Action<int>[] _readInput = [];
        private readonly float[]?[] _floats = [];
        private readonly bool[]?[] _bools = [];
        private readonly string[]?[] _strings = [];
        private float[] _scores = [];
        private int _batchCount;
        private int _index;
        private long _position = -1;
        private bool _disposed;

        public Cursor(OnnxBatchView view, HashSet<int> active)
        {
            _view = view;
            _active = active;
            var inner = view._inputs.Schema;
            _rows = view._inputs.GetRowCursor(inner.Where(c => active.Contains(c.Index)));
            if (!active.Contains(inner.Count)) return;

            _session = new InferenceSession(view._modelPath);
            _feeder = view._inputs.GetRowCursor(view._inputNames.Select(n => inner[n]));
            var count = view._inputNames.Count;
            _readInput = new Action<int>[count];
            _floats = new float[count][];
            _bools = new bool[count][];
            _strings = new string[count][];
            for (var k = 0; k < count; k++)
            {
                var column = inner[view._inputNames[k]];
                var type = view._inputMeta[view._inputNames[k]].ElementType;
                var slot = k;
                if (type == typeof(float))
                {
                    _floats[k] = new float[view._batchRows];
                    var get = _feeder.GetGetter<float>(column);
                    float value = 0;
                    _readInput[k] = row => { get(ref value); _floats[slot]![row] = value; };
                }
                else if (type == typeof(bool))
                {
                    _bools[k] = new bool[view._batchRows];
                    var get = _feeder.GetGetter<bool>(column);
                    var value = false;
                    _readInput[k] = row => { get(ref value); _bools[slot]![row] = value; };
                }
                else
                {
                    _strings[k] = new string[view._batchRows];
                    var get = _feeder.GetGetter<ReadOnlyMemory<char>>(column);
                    ReadOnlyMemory<char> value = default;
                    _readInput[k] = row => { get(ref value); _strings[slot]![row] = value.ToString(); };
                }
            }
        }

        public override DataViewSchema Schema => _view.Schema;
        public override long Position => _position;
        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (!_rows.MoveNext()) return false;
            _position++;
            if (_feeder is not null && ++_index >= _batchCount) ScoreNextBatch();
            return true;
        }

        /// <summary>Reads up to one batch of model inputs ahead and scores it in one ONNX Runtime call.</summary>
        private void ScoreNextBatch()
        {
            var n = 0;
            while (n < _view._batchRows && _feeder!.MoveNext())
            {
                foreach (var read in _readInput) read(n);
                n++;
            }
            if (n == 0)
                throw new InvalidOperationException("the model's input rows ended before the dataset's rows: the two cursors over one file disagree");
            var inputs = new List<NamedOnnxValue>(_view._inputNames.Count);
            for (var k = 0; k < _view._inputNames.Count; k++)
            {
                var name = _view._inputNames[k];
                var dims = _view._inputMeta[name].Dimensions.Length == 1 ? new[] { n } : [n, 1];
                inputs.Add(_floats[k] is { } f ? NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(f.AsMemory(0, n), dims))
                    : _bools[k] is { } b ? NamedOnnxValue.CreateFromTensor(name, new DenseTensor<bool>(b.AsMemory(0, n), dims))
                    : NamedOnnxValue.CreateFromTensor(name, new DenseTensor<string>(_strings[k]!.AsMemory(0, n), dims)));
            }
            using var results = _session!.Run(inputs, [_view._output]);
            var tensor = results[0].AsTensor<float>();
            if (tensor.Length != (long)n * _view._width)
                throw new InvalidOperationException($"output '{_view._output}' has {tensor.Length} values for {n} rows; expected {_view._width} per row");
            if (_scores.Length < tensor.Length) _scores = new float[tensor.Length];
            var i = 0;
            foreach (var value in tensor) _scores[i++] = value;
            _batchCount = n;
            _index = 0;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index < _view._inputs.Schema.Count) return _rows.GetGetter<TValue>(_view._inputs.Schema[column.Index]);
            var width = _view._width;
            ValueGetter<VBuffer<float>> raw = (ref VBuffer<float> value) =>
            {
                var editor = VBufferEditor.Create(ref value, width);
                _scores.AsSpan(_index * width, width).CopyTo(editor.Values);
                value = editor.Commit();
            };
            return raw as ValueGetter<TValue>
                   ?? throw new InvalidOperationException($"column '{ScoreColumns.Raw}' is read as {typeof(TValue).Name}; expected VBuffer<Single>");
        }

        protected override void Dispose(bool disposing)
        {
            if (_disposed) return;
            _disposed = true;
            if (disposing)
            {
                _rows.Dispose();
                _feeder?.Dispose();
                _session?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
