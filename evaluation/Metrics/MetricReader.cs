using Microsoft.ML;
using Microsoft.ML.Data;

namespace Supplychain.Evaluation.Metrics;

/// <summary>Runs ML.NET's evaluator for the task on a view of evaluation columns and names its metrics as the record does.</summary>
internal static class MetricReader
{
    public const string Label = "Label";
    public const string Score = "Score";
    public const string Probability = "Probability";
    public const string PredictedLabel = "PredictedLabel";
    public const string GroupId = "GroupId";

    public static SortedDictionary<string, double> Evaluate(MLContext ml, IDataView view, EvaluationTask task, int rankingAt)
    {
        var result = new SortedDictionary<string, double>(StringComparer.Ordinal);
        switch (task)
        {
            case EvaluationTask.Binary:
                var b = ml.BinaryClassification.Evaluate(view, Label, Score, Probability, PredictedLabel);
                result["accuracy"] = b.Accuracy;
                result["auc"] = b.AreaUnderRocCurve;
                result["auprc"] = b.AreaUnderPrecisionRecallCurve;
                result["f1"] = b.F1Score;
                result["logLoss"] = b.LogLoss;
                result["precision"] = b.PositivePrecision;
                result["recall"] = b.PositiveRecall;
                break;
            case EvaluationTask.Multiclass:
                var m = ml.MulticlassClassification.Evaluate(view, Label, Score, PredictedLabel);
                result["logLoss"] = m.LogLoss;
                result["macroAccuracy"] = m.MacroAccuracy;
                result["microAccuracy"] = m.MicroAccuracy;
                break;
            case EvaluationTask.Regression:
                var r = ml.Regression.Evaluate(view, Label, Score);
                result["mae"] = r.MeanAbsoluteError;
                result["mse"] = r.MeanSquaredError;
                result["r2"] = r.RSquared;
                result["rmse"] = r.RootMeanSquaredError;
                break;
            default:
                var k = ml.Ranking.Evaluate(view, new RankingEvaluatorOptions { DcgTruncationLevel = rankingAt }, Label, GroupId, Score);
                result["dcg"] = k.DiscountedCumulativeGains[rankingAt - 1];
                result["ndcg"] = k.NormalizedDiscountedCumulativeGains[rankingAt - 1];
                break;
        }
        // Six decimals: far below any gate's resolution, and the record stays byte-identical across runs and machines.
        foreach (var key in result.Keys.ToList()) result[key] = Math.Round(result[key], 6, MidpointRounding.ToEven);
        return result;
    }
}
