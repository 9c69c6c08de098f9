using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Supplychain.Tests.Evaluation;

/// <summary>
/// Small real models on seeded data: a FastTree binary classifier, a LightGbm regressor and a FastTree ranker, each
/// exported to ONNX with ML.NET's converter. Segment "b" is noisier than "a", so the classifier has a real fairness gap.
/// Files live in a temp directory per fixture; a few thousand rows keep training to about a second.
/// </summary>
public sealed class TrainedModels : IDisposable
{
    public const int Rows = 3000;
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("supplychain-eval-").FullName;
    public string BinaryDataset => Path.Combine(Directory, "fraud-eval.csv");
    public string BinaryOnnx => Path.Combine(Directory, "fraud.onnx");
    public string BinaryZip => Path.Combine(Directory, "fraud.zip");
    public string BinaryPredictions => Path.Combine(Directory, "fraud-predictions.csv");
    public string RegressionDataset => Path.Combine(Directory, "eta-eval.csv");
    public string RegressionOnnx => Path.Combine(Directory, "eta.onnx");
    public string RankingDataset => Path.Combine(Directory, "ranker-eval.csv");
    public string RankingOnnx => Path.Combine(Directory, "ranker.onnx");

    public sealed class Transaction
    {
        public float Amount { get; set; }
        public float Velocity { get; set; }
        public float Age { get; set; }
        public string Segment { get; set; } = "";
        public bool Label { get; set; }
    }

    public sealed class Trip
    {
        public float Distance { get; set; }
        public float Traffic { get; set; }
        public float Label { get; set; }
    }

    public sealed class Hit
    {
        public string Query { get; set; } = "";
        public float Match { get; set; }
        public float Popularity { get; set; }
        public float Label { get; set; }
    }

    public TrainedModels()
    {
        var ml = new MLContext(seed: 1);
        TrainBinary(ml);
        TrainRegression(ml);
        TrainRanking(ml);
    }

    public static List<Transaction> Transactions(int seed, int rows, float shift = 0)
    {
        var random = new Random(seed);
        var list = new List<Transaction>(rows);
        for (var i = 0; i < rows; i++)
        {
            var segment = random.NextDouble() < 0.5 ? "a" : "b";
            var amount = (float)random.NextDouble() + shift;
            var velocity = (float)random.NextDouble();
            var age = (float)random.NextDouble();
            var noise = (segment == "a" ? 0.1 : 0.6) * (random.NextDouble() - 0.5);
            list.Add(new Transaction { Amount = amount, Velocity = velocity, Age = age, Segment = segment, Label = amount + 0.5 * velocity + noise > 0.8 });
        }
        return list;
    }

    private void TrainBinary(MLContext ml)
    {
        var train = ml.Data.LoadFromEnumerable(Transactions(seed: 11, Rows));
        var pipeline = ml.Transforms.Concatenate("Features", nameof(Transaction.Amount), nameof(Transaction.Velocity), nameof(Transaction.Age))
            .Append(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 8, numberOfTrees: 30, minimumExampleCountPerLeaf: 10));
        var model = pipeline.Fit(train);
        using (var onnx = File.Create(BinaryOnnx)) ml.Model.ConvertToOnnx(model, train, onnx);
        ml.Model.Save(model, train.Schema, BinaryZip);

        var evaluation = Transactions(seed: 12, Rows);
        // The label has its own name in the evaluation file: ML.NET's export still lists "Label" as an input, fed from it.
        WriteCsv(BinaryDataset, ["Amount", "Velocity", "Age", "Segment", "is_fraud"],
            evaluation.Select(t => new object[] { t.Amount, t.Velocity, t.Age, t.Segment, t.Label ? 1 : 0 }));
        var scored = model.Transform(ml.Data.LoadFromEnumerable(evaluation));
        var probabilities = ml.Data.CreateEnumerable<Scored>(scored, reuseRowObject: false).Select(s => s.Probability).ToList();
        WriteCsv(BinaryPredictions, ["probability"], probabilities.Select(p => new object[] { p }));
    }

    private sealed class Scored
    {
        public float Probability { get; set; }
    }

    private void TrainRegression(MLContext ml)
    {
        static List<Trip> Trips(int seed)
        {
            var random = new Random(seed);
            return Enumerable.Range(0, Rows).Select(_ =>
            {
                var d = (float)random.NextDouble() * 10;
                var t = (float)random.NextDouble();
                return new Trip { Distance = d, Traffic = t, Label = d * 2 + t * 5 + (float)random.NextDouble() };
            }).ToList();
        }
        var train = ml.Data.LoadFromEnumerable(Trips(21));
        var model = ml.Transforms.Concatenate("Features", nameof(Trip.Distance), nameof(Trip.Traffic))
            .Append(ml.Regression.Trainers.LightGbm(numberOfLeaves: 8, numberOfIterations: 40, minimumExampleCountPerLeaf: 10)).Fit(train);
        using (var onnx = File.Create(RegressionOnnx)) ml.Model.ConvertToOnnx(model, train, onnx);
        WriteCsv(RegressionDataset, ["Distance", "Traffic", "minutes"], Trips(22).Select(t => new object[] { t.Distance, t.Traffic, t.Label }));
    }

    private void TrainRanking(MLContext ml)
    {
        static List<Hit> Hits(int seed)
        {
            var random = new Random(seed);
            var hits = new List<Hit>();
            for (var q = 0; q < Rows / 10; q++)
                for (var d = 0; d < 10; d++)
                {
                    var match = (float)random.NextDouble();
                    var popularity = (float)random.NextDouble();
                    var relevance = Math.Clamp((int)Math.Floor(match * 4 + 0.5 * random.NextDouble()), 0, 4);
                    hits.Add(new Hit { Query = "q" + q, Match = match, Popularity = popularity, Label = relevance });
                }
            return hits;
        }
        var train = ml.Data.LoadFromEnumerable(Hits(31));
        var model = ml.Transforms.Conversion.MapValueToKey("GroupId", nameof(Hit.Query))
            .Append(ml.Transforms.Concatenate("Features", nameof(Hit.Match), nameof(Hit.Popularity)))
            .Append(ml.Ranking.Trainers.FastTree(new Microsoft.ML.Trainers.FastTree.FastTreeRankingTrainer.Options { NumberOfLeaves = 8, NumberOfTrees = 20, RowGroupColumnName = "GroupId" })).Fit(train);
        using (var onnx = File.Create(RankingOnnx)) ml.Model.ConvertToOnnx(model, train, onnx);
        WriteCsv(RankingDataset, ["Query", "Match", "Popularity", "relevance"], Hits(32).Select(h => new object[] { h.Query, h.Match, h.Popularity, h.Label }));
    }

    public static void WriteCsv(string path, IReadOnlyList<string> header, IEnumerable<object[]> rows)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.Write(string.Join(",", header) + "\n");
        foreach (var row in rows)
            writer.Write(string.Join(",", row.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))) + "\n");
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
