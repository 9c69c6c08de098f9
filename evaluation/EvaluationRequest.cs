using Supplychain.Components.Domain.Evaluation;

namespace Supplychain.Evaluation;

/// <summary>What to evaluate and how to judge it. Exactly one of <see cref="Model"/> and <see cref="Predictions"/>.</summary>
public sealed record EvaluationRequest
{
    /// <summary>The pinned evaluation dataset: CSV, TSV or Parquet with a header.</summary>
    public required string Dataset { get; init; }
    /// <summary>An ONNX file (<c>.onnx</c>) or an ML.NET model zip (<c>.zip</c>).</summary>
    public string? Model { get; init; }
    /// <summary>Predictions made for <see cref="Dataset"/>, row for row, by a model ML.NET cannot run.</summary>
    public string? Predictions { get; init; }
    public required EvaluationTask Task { get; init; }
    public required string Label { get; init; }
    /// <summary>The query/group column (ranking only).</summary>
    public string? Group { get; init; }
    public IReadOnlyList<string> Slices { get; init; } = [];
    /// <summary>
    /// Where scores come from: the ONNX output to read, or the predictions file's column (for multiclass, the prefix of
    /// columns <c>PREFIX_0..PREFIX_{K-1}</c>). Default: <see cref="Scorer.DefaultScoreColumn"/>.
    /// </summary>
    public string? Score { get; init; }
    public string? ExpectedArtifactDigest { get; init; }
    public string? ExpectedDatasetDigest { get; init; }
    /// <summary>Gates given on the command line: each must name a metric the task computes.</summary>
    public Thresholds Thresholds { get; init; } = Thresholds.None();
    /// <summary>Gates from the stack's policy settings; the command line wins where both name a metric.</summary>
    public Thresholds StackThresholds { get; init; } = Thresholds.None();
    public int BootstrapReplicates { get; init; } = 50;
    public int Seed { get; init; } = 42;
    public double Confidence { get; init; } = 0.95;
    /// <summary>k of NDCG@k and DCG@k (ranking).</summary>
    public int RankingAt { get; init; } = 10;
    /// <summary>
    /// Rows per ONNX Runtime call when an ONNX model is scored (default 4096); 0 scores through ML.NET's <c>ApplyOnnxModel</c>,
    /// one call per row. Either way each row gets the same score; batching only removes the per-call overhead.
    /// </summary>
    public int OnnxBatchRows { get; init; } = 4096;
    public string? ModelName { get; init; }
    public string? ModelVersion { get; init; }
    public required string ToolVersion { get; init; }
}
