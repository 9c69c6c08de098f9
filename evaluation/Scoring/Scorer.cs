using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Supplychain.Evaluation.Data;
using Codes = System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyDictionary<string, int>>;

namespace Supplychain.Evaluation.Scoring;

/// <summary>The scored view: every dataset column ML.NET may need, plus the model's raw output as <see cref="ScoreColumns.Raw"/>.</summary>
internal sealed record Scored(IDataView View, DataViewType RawType, int Classes, string Origin);

/// <summary>
/// Scores the dataset with the model: an ONNX file through ML.NET's <c>ApplyOnnxModel</c> (ONNX Runtime), an ML.NET
/// zip through its own transformer, or reads a predictions file made for the dataset row for row.
/// </summary>
internal static class Scorer
{
    public const string Label = "__Label";
    public const string Group = "__Group";
    public static string Slice(int i) => $"__Slice{i}";

    /// <summary>The default score source per task and input kind.</summary>
    public static string DefaultScoreColumn(EvaluationTask task, bool predictions) => (task, predictions) switch
    {
        (EvaluationTask.Binary, true) => "probability",
        (_, true) => "score",
        (EvaluationTask.Binary, false) => "Probability.output",
        _ => "Score.output",
    };

    public static Scored Score(MLContext ml, EvaluationRequest request, TableSource dataset, TableSource? predictions, Codes sliceCodes)
    {
        if (request.Predictions is not null) return FromPredictions(request, dataset, sliceCodes, predictions!);
        var model = request.Model!;
        var extension = Path.GetExtension(model).ToLowerInvariant();
        return extension switch
        {
            ".onnx" => FromOnnx(ml, request, dataset, sliceCodes),
            ".zip" => FromMlNetZip(ml, request, dataset, sliceCodes),
            _ => throw new EvaluationInputException($"{model}: '{extension}' is not a supported model format; expected an ONNX file (.onnx) or an ML.NET model zip (.zip), or pass --predictions"),
        };
    }

    /// <summary>Label, group and slice columns read from the dataset under reserved names.</summary>
    private static List<ViewColumn> LabelledColumns(EvaluationRequest request, TableSource dataset, Codes codes, int classes)
    {
        var label = dataset.IndexOf(request.Label, "label");
        var kind = request.Task switch
        {
            EvaluationTask.Binary => ViewKind.BinaryLabel,
            EvaluationTask.Multiclass => ViewKind.ClassLabel,
            _ => ViewKind.Number,
        };
        var columns = new List<ViewColumn> { new(Label, 0, label, kind, classes) };
        if (request.Group is not null) columns.Add(new(Group, 0, dataset.IndexOf(request.Group, "group"), ViewKind.Text));
        for (var i = 0; i < request.Slices.Count; i++)
            columns.Add(new(Slice(i), 0, dataset.IndexOf(request.Slices[i], "slice"), ViewKind.Code, Codes: codes[i]));
        return columns;
    }

    private static Scored FromPredictions(EvaluationRequest request, TableSource dataset, Codes codes, TableSource predictions)
    {
        var score = request.Score ?? DefaultScoreColumn(request.Task, predictions: true);
        if (request.Task == EvaluationTask.Multiclass)
        {
            var indices = new List<int>();
            for (var k = 0; predictions.Columns.Select((c, i) => (c, i)).FirstOrDefault(x => x.c.Name == $"{score}_{k}") is { c: not null } hit; k++)
                indices.Add(hit.i);
            if (indices.Count < 2)
                throw new EvaluationInputException($"{predictions.Path}: no columns {score}_0, {score}_1, ...; expected one score column per class, named PREFIX_<class index> (choose PREFIX with --score)");
            var columns = LabelledColumns(request, dataset, codes, indices.Count);
            var parts = indices.Select((column, k) => new ViewColumn($"__Part{k}", 1, column, ViewKind.Number)).ToList();
            var view = new TableDataView([dataset, predictions], [.. columns, .. parts]);
            var ml = new MLContext(seed: request.Seed);
            var concatenated = ml.Transforms.Concatenate(ScoreColumns.Raw, parts.Select(p => p.Name).ToArray()).Fit(view).Transform(view);
            return new Scored(concatenated, concatenated.Schema[ScoreColumns.Raw].Type, indices.Count, $"{predictions.Path}: columns {score}_0..{score}_{indices.Count - 1}");
        }
        var raw = new ViewColumn(ScoreColumns.Raw, 1, predictions.IndexOf(score, "score column; choose it with --score"), ViewKind.Number);
        var single = new TableDataView([dataset, predictions], [.. LabelledColumns(request, dataset, codes, 0), raw]);
        return new Scored(single, NumberDataViewType.Single, 0, $"{predictions.Path}: column '{score}'");
    }

    private static Scored FromOnnx(MLContext ml, EvaluationRequest request, TableSource dataset, Codes codes)
    {
        var path = request.Model!;
        IReadOnlyDictionary<string, NodeMetadata> inputs, outputs;
        try
        {
            using var session = new InferenceSession(path);
            inputs = session.InputMetadata.ToDictionary();
            outputs = session.OutputMetadata.ToDictionary();
        }
        catch (OnnxRuntimeException e)
        {
            throw new EvaluationInputException($"{path}: not a loadable ONNX model ({e.Message.Split('\n')[0]})", e);
        }
        var output = request.Score ?? DefaultScoreColumn(request.Task, predictions: false);
        if (!outputs.TryGetValue(output, out var outputMeta))
        {
            var fallback = outputs.Where(o => o.Value.ElementType == typeof(float)).Select(o => o.Key).ToList();
            if (request.Score is null && fallback.Count == 1) (output, outputMeta) = (fallback[0], outputs[fallback[0]]);
            else
                throw new EvaluationInputException(
                    $"{path}: the model has no output '{output}'; expected one of {string.Join(", ", outputs.Keys.Order(StringComparer.Ordinal))} (choose it with --score)");
        }
        var classes = request.Task == EvaluationTask.Multiclass ? (int)outputMeta.Dimensions.Where(d => d > 0).Aggregate(1L, (a, d) => a * d) : 0;
        var columns = LabelledColumns(request, dataset, codes, classes);
        foreach (var (name, meta) in inputs.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            var index = dataset.Columns.Select((c, i) => (c, i)).FirstOrDefault(x => x.c.Name == name).i;
            var present = dataset.Columns.Any(c => c.Name == name);
            // ML.NET's ONNX export keeps the training label as a graph input; feed it the dataset's label.
            if (!present && name == "Label") index = dataset.IndexOf(request.Label, "label");
            else if (!present)
                throw new EvaluationInputException(
                    $"{dataset.Path}: no column '{name}', an input of {Path.GetFileName(path)}; the model takes {string.Join(", ", inputs.Keys.Order(StringComparer.Ordinal))}");
            var kind = meta.ElementType == typeof(bool) ? ViewKind.BinaryLabel
                : meta.ElementType == typeof(string) ? ViewKind.Text
                : meta.ElementType == typeof(float) ? ViewKind.Number
                : throw new EvaluationInputException($"{path}: input '{name}' takes {meta.ElementType.Name}; expected float, bool or string inputs");
            columns.Add(new ViewColumn(name, 0, index, kind));
        }
        var view = new TableDataView([dataset], columns);
        if (OnnxBatchView.TryCreate(view, path, inputs, output, outputMeta, request.OnnxBatchRows) is { } batched)
            return new Scored(batched, batched.Schema[ScoreColumns.Raw].Type, classes, $"{path}: output '{output}'");
        var onnx = ml.Transforms.ApplyOnnxModel([output], inputs.Keys.Order(StringComparer.Ordinal).ToArray(), path);
        var scored = onnx.Fit(view).Transform(view);
        // ML.NET names the column of an output "X.output" (its own export's convention) "X".
        var column = scored.Schema.GetColumnOrNull(output) is not null ? output : output.EndsWith(".output", StringComparison.Ordinal) ? output[..^".output".Length] : output;
        var copied = ml.Transforms.CopyColumns(ScoreColumns.Raw, column).Fit(scored).Transform(scored);
        return new Scored(copied, copied.Schema[ScoreColumns.Raw].Type, classes, $"{path}: output '{output}'");
    }

    private static Scored FromMlNetZip(MLContext ml, EvaluationRequest request, TableSource dataset, Codes codes)
    {
        var path = request.Model!;
        if (request.Task == EvaluationTask.Multiclass)
            throw new EvaluationInputException($"{path}: multiclass ML.NET zips map labels to classes inside the model; export the model to ONNX (class indices in score order) or pass --predictions");
        ITransformer model;
        DataViewSchema inputSchema;
        ml.ComponentCatalog.RegisterAssembly(typeof(Microsoft.ML.Trainers.FastTree.FastTreeBinaryModelParameters).Assembly);
        ml.ComponentCatalog.RegisterAssembly(typeof(Microsoft.ML.Trainers.LightGbm.LightGbmBinaryModelParameters).Assembly);
        try { model = ml.Model.Load(path, out inputSchema); }
        catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException or IOException)
        {
            throw new EvaluationInputException($"{path}: not a loadable ML.NET model ({e.Message})", e);
        }
        var columns = LabelledColumns(request, dataset, codes, 0);
        foreach (var input in inputSchema)
        {
            if (columns.Any(c => c.Name == input.Name)) continue;
            // A model zip keeps its training schema, label included; feed it the dataset's label.
            var index = input.Name == "Label" && dataset.Columns.All(c => c.Name != "Label")
                ? dataset.IndexOf(request.Label, "label")
                : dataset.IndexOf(input.Name, $"input of {Path.GetFileName(path)}");
            columns.Add(new ViewColumn(input.Name, 0, index, input.Type is TextDataViewType ? ViewKind.Text : input.Type is BooleanDataViewType ? ViewKind.BinaryLabel : ViewKind.Number));
        }
        var view = new TableDataView([dataset], columns);
        var scored = model.Transform(view);
        var output = request.Score ?? (request.Task == EvaluationTask.Binary ? "Probability" : "Score");
        if (scored.Schema.GetColumnOrNull(output) is null)
            throw new EvaluationInputException($"{path}: the model produces no column '{output}'; expected one of {string.Join(", ", scored.Schema.Select(c => c.Name).Distinct())} (choose it with --score)");
        var copied = ml.Transforms.CopyColumns(ScoreColumns.Raw, output).Fit(scored).Transform(scored);
        return new Scored(copied, copied.Schema[ScoreColumns.Raw].Type, 0, $"{path}: column '{output}'");
    }
}
