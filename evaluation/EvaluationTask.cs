namespace Supplychain.Evaluation;

public enum EvaluationTask { Binary, Multiclass, Regression, Ranking }

public static class EvaluationTasks
{
    public static readonly IReadOnlyList<string> Names = ["binary", "multiclass", "regression", "ranking"];

    public static string Name(this EvaluationTask task) => Names[(int)task];

    public static EvaluationTask Parse(string name) =>
        Names.ToList().IndexOf(name) is var i and >= 0 ? (EvaluationTask)i
        : throw new EvaluationInputException($"task '{name}' is not supported; expected one of {string.Join(", ", Names)}");

    /// <summary>The metrics each task computes (record keys, also the names gates and lineage use).</summary>
    public static IReadOnlyList<string> Metrics(this EvaluationTask task) => task switch
    {
        EvaluationTask.Binary => ["accuracy", "auc", "auprc", "f1", "logLoss", "precision", "recall"],
        EvaluationTask.Multiclass => ["logLoss", "macroAccuracy", "microAccuracy"],
        EvaluationTask.Regression => ["mae", "mse", "r2", "rmse"],
        _ => ["dcg", "ndcg"],
    };

    /// <summary>Metrics where lower is better: a "minimum" gate on them is almost always a mistake, and their slice gap reads the other way.</summary>
    public static bool LowerIsBetter(string metric) => metric is "logLoss" or "mae" or "mse" or "rmse";
}
