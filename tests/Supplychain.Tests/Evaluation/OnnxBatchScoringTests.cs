using Supplychain.Components.Domain.Evaluation;
using Supplychain.Evaluation;

namespace Supplychain.Tests.Evaluation;

/// <summary>Batched ONNX Runtime scoring gives the very record that ML.NET's per-row <c>ApplyOnnxModel</c> gives.</summary>
public sealed class OnnxBatchScoringTests(TrainedModels models) : IClassFixture<TrainedModels>
{
    private EvaluationRequest Request(string task) => task switch
    {
        "binary" => new EvaluationRequest
        {
            Model = models.BinaryOnnx, Dataset = models.BinaryDataset, Task = EvaluationTask.Binary, Label = "is_fraud", Slices = ["Segment"],
            BootstrapReplicates = 10, ToolVersion = "test",
        },
        "regression" => new EvaluationRequest
        {
            Model = models.RegressionOnnx, Dataset = models.RegressionDataset, Task = EvaluationTask.Regression, Label = "minutes",
            BootstrapReplicates = 10, ToolVersion = "test",
        },
        _ => new EvaluationRequest
        {
            Model = models.RankingOnnx, Dataset = models.RankingDataset, Task = EvaluationTask.Ranking, Label = "relevance", Group = "Query",
            RankingAt = 5, BootstrapReplicates = 10, ToolVersion = "test",
        },
    };

    [Theory]
    [InlineData("binary", 4096)]
    [InlineData("binary", 7)]
    [InlineData("regression", 4096)]
    [InlineData("regression", 1000)]
    [InlineData("ranking", 4096)]
    [InlineData("ranking", 13)]
    public void Should_Write_The_Same_Record_Batched_As_Row_By_Row(string task, int batchRows)
    {
        // Given a trained model exported to ONNX, When it is scored row by row through ML.NET and in batches (whole or ragged)
        var rowByRow = Evaluator.Run(Request(task) with { OnnxBatchRows = 0 });
        var batched = Evaluator.Run(Request(task) with { OnnxBatchRows = batchRows });

        // Then every metric, slice, gap and interval is identical: the records are the same bytes
        Assert.Equal(TrainedModels.Rows, batched.Rows);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(rowByRow.ToJsonBytes()), System.Text.Encoding.UTF8.GetString(batched.ToJsonBytes()));
    }
}
