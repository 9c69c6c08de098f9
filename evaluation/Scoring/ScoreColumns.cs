using Microsoft.ML;
using Microsoft.ML.Data;

namespace Supplychain.Evaluation.Scoring;

/// <summary>
/// Turns a model's raw output (an ONNX tensor, an ML.NET column or a predictions-file column) into the columns ML.NET's
/// evaluators read: <c>Score</c>, and for classifiers <c>Probability</c>/<c>PredictedLabel</c>.
/// </summary>
internal static class ScoreColumns
{
    public const string Raw = "__Raw";

    public sealed class ScalarIn { public float Raw { get; set; } }
    public sealed class VectorIn { public float[] Raw { get; set; } = []; }
    public sealed class BinaryOut { public float Score { get; set; } public float Probability { get; set; } public bool PredictedLabel { get; set; } }
    public sealed class ValueOut { public float Score { get; set; } }
    public sealed class ClassOut { public float[] Score { get; set; } = []; public uint PredictedLabel { get; set; } }

    /// <summary>Appends the mapping for <paramref name="task"/>; <paramref name="rawType"/> is the raw column's type.</summary>
    public static IDataView Map(MLContext ml, IDataView scored, EvaluationTask task, DataViewType rawType, int classes, string origin)
    {
        var vector = rawType is VectorDataViewType;
        var size = rawType is VectorDataViewType v ? v.Size : 1;
        if (task == EvaluationTask.Binary && size is not (1 or 2))
            throw new EvaluationInputException($"{origin} holds {size} values per row; expected the positive-class probability (1 value) or both class probabilities (2 values)");
        if (task is EvaluationTask.Regression or EvaluationTask.Ranking && size != 1)
            throw new EvaluationInputException($"{origin} holds {size} values per row; expected one score per row");
        if (task == EvaluationTask.Multiclass && size != classes)
            throw new EvaluationInputException($"{origin} holds {size} values per row; expected one score per class ({classes})");
        return task switch
        {
            EvaluationTask.Binary when vector => Apply<VectorIn, BinaryOut>(ml, scored, rawType, (i, o) => Binary(i.Raw.Length == 2 ? i.Raw[1] : i.Raw[0], o, origin)),
            EvaluationTask.Binary => Apply<ScalarIn, BinaryOut>(ml, scored, rawType, (i, o) => Binary(i.Raw, o, origin)),
            EvaluationTask.Multiclass => Apply<VectorIn, ClassOut>(ml, scored, rawType, (i, o) => Classes(i.Raw, o), outputs: d =>
            {
                d[nameof(ClassOut.Score)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, classes);
                d[nameof(ClassOut.PredictedLabel)].ColumnType = new KeyDataViewType(typeof(uint), classes);
            }),
            _ when vector => Apply<VectorIn, ValueOut>(ml, scored, rawType, (i, o) => o.Score = i.Raw[0]),
            _ => Apply<ScalarIn, ValueOut>(ml, scored, rawType, (i, o) => o.Score = i.Raw),
        };
    }

    private static void Binary(float p, BinaryOut o, string origin)
    {
        if (!(p >= 0 && p <= 1))
            throw new EvaluationInputException($"{origin}: {p} is not a probability; expected the positive-class probability between 0 and 1 (choose the model's probability output)");
        o.Probability = p;
        // The evaluators need a score whose sign decides the class: the log-odds of the probability, kept finite.
        var clamped = Math.Clamp(p, 1e-7f, 1 - 1e-7f);
        o.Score = MathF.Log(clamped / (1 - clamped));
        o.PredictedLabel = p >= 0.5f;
    }

    private static void Classes(float[] scores, ClassOut o)
    {
        o.Score = scores;
        var best = 0;
        for (var k = 1; k < scores.Length; k++) if (scores[k] > scores[best]) best = k;
        o.PredictedLabel = (uint)best + 1;
    }

    private static IDataView Apply<TIn, TOut>(MLContext ml, IDataView data, DataViewType rawType, Action<TIn, TOut> map, Action<SchemaDefinition>? outputs = null)
        where TIn : class, new() where TOut : class, new()
    {
        var input = SchemaDefinition.Create(typeof(TIn));
        input[0].ColumnName = Raw;
        input[0].ColumnType = rawType;
        var output = SchemaDefinition.Create(typeof(TOut));
        outputs?.Invoke(output);
        return ml.Transforms.CustomMapping(map, contractName: null, input, output).Fit(data).Transform(data);
    }
}
