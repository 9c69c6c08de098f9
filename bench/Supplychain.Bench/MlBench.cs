using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Parquet;
using Parquet.Schema;
using Supplychain.Evaluation;
using Supplychain.Evaluation.Drift;

namespace Supplychain.Bench;

/// <summary>
/// <c>evaluate</c> and <c>drift</c> throughput and peak memory on generated data (default 100 000 and 1 000 000 rows).
/// Each measurement runs in a fresh process, so the peak working set is that run's alone; comparing the sizes shows
/// whether memory stays flat as rows grow. Prints figures, asserts nothing.
/// </summary>
internal static class MlBench
{
    public const string ChildVerb = "ml-child";

    public static int Run(string[] args)
    {
        var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [100_000, 1_000_000];
        var dir = Directory.CreateTempSubdirectory("supplychain-mlbench-").FullName;
        try
        {
            var onnx = Path.Combine(dir, "model.onnx");
            TrainOnnx(onnx);
            Console.WriteLine($"{"measurement",-44} {"rows",10} {"seconds",9} {"rows/s",12} {"peak MiB",9}");
            foreach (var rows in sizes)
            {
                var data = Path.Combine(dir, $"eval-{rows}.csv");
                var predictions = Path.Combine(dir, $"pred-{rows}.csv");
                var current = Path.Combine(dir, $"current-{rows}.csv");
                var parquet = Path.Combine(dir, $"reference-{rows}.parquet");
                Generate(data, predictions, rows, seed: 1, shift: 0);
                Generate(current, null, rows, seed: 2, shift: 0.2);
                WriteParquet(parquet, rows, seed: 1);
                Child("evaluate onnx (slices, 10 bootstrap)", rows, "evaluate", onnx, data, "10");
                Child("evaluate onnx (no intervals)", rows, "evaluate", onnx, data, "0");
                Child("evaluate predictions (slices, 10 bootstrap)", rows, "predictions", predictions, data, "10");
                Child("drift csv -> csv (4 features)", rows, "drift", data, current, "");
                Child("drift parquet -> csv (4 features)", rows, "drift", parquet, current, "");
                foreach (var f in new[] { data, predictions, current, parquet }) File.Delete(f);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        return 0;
    }

    private static void Child(string name, int rows, string kind, string a, string b, string c)
    {
        using var p = Process.Start(BenchSupport.ChildStart(c.Length > 0 ? [ChildVerb, kind, a, b, c] : [ChildVerb, kind, a, b]))!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) { Console.WriteLine($"{name,-44} failed: {error.Trim()}"); return; }
        var parts = output.Trim().Split(' ');
        var seconds = double.Parse(parts[0], CultureInfo.InvariantCulture);
        Console.WriteLine($"{name,-44} {rows,10:N0} {seconds,9:0.00} {rows / seconds,12:N0} {parts[1],9}");
    }

    /// <summary>The child: one measurement; prints "seconds peakMiB".</summary>
    public static int RunChild(string[] args)
    {
        var sw = Stopwatch.StartNew();
        switch (args[0])
        {
            case "evaluate":
            case "predictions":
                var request = new EvaluationRequest
                {
                    Dataset = args[2],
                    Model = args[0] == "evaluate" ? args[1] : null,
                    Predictions = args[0] == "predictions" ? args[1] : null,
                    Task = EvaluationTask.Binary,
                    Label = "label",
                    Slices = ["segment"],
                    BootstrapReplicates = int.Parse(args[3], CultureInfo.InvariantCulture),
                    ToolVersion = "bench",
                };
                Evaluator.Run(request);
                break;
            default:
                DriftAnalyzer.Run(new DriftRequest { Reference = args[1], Current = args[2], Features = ["amount", "velocity", "age", "segment"] });
                break;
        }
        sw.Stop();
        using var process = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{sw.Elapsed.TotalSeconds:0.000} {process.PeakWorkingSet64 / (1024.0 * 1024):0}"));
        return 0;
    }

    private sealed class Row
    {
        [ColumnName("amount")] public float Amount { get; set; }
        [ColumnName("velocity")] public float Velocity { get; set; }
        [ColumnName("age")] public float Age { get; set; }
        public bool Label { get; set; }
    }

    private static void TrainOnnx(string path)
    {
        var ml = new MLContext(seed: 1);
        var random = new Random(3);
        var rows = Enumerable.Range(0, 10_000).Select(_ =>
        {
            var (a, v, g) = ((float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble());
            return new Row { Amount = a, Velocity = v, Age = g, Label = a + 0.5 * v + 0.3 * (random.NextDouble() - 0.5) > 0.8 };
        }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Concatenate("Features", "amount", "velocity", "age")
            .Append(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 16, numberOfTrees: 50)).Fit(data);
        using var stream = File.Create(path);
        ml.Model.ConvertToOnnx(model, data, stream);
    }

    /// <summary>The model's inputs (amount, velocity, age) plus segment and label; the predictions file alongside, row for row.</summary>
    private static void Generate(string path, string? predictions, int rows, int seed, double shift)
    {
        var random = new Random(seed);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        using var predicted = predictions is null ? null : new StreamWriter(predictions, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("amount,velocity,age,segment,label\n");
        predicted?.Write("probability\n");
        for (var i = 0; i < rows; i++)
        {
            var a = random.NextDouble() + shift;
            var v = random.NextDouble();
            var g = random.NextDouble();
            var segment = random.NextDouble() < 0.5 ? "a" : "b";
            var label = a + 0.5 * v + 0.3 * (random.NextDouble() - 0.5) > 0.8 ? 1 : 0;
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{a:0.######},{v:0.######},{g:0.######},{segment},{label}\n"));
            predicted?.Write(string.Create(CultureInfo.InvariantCulture, $"{Math.Clamp(a + 0.5 * v - 0.3, 0, 1):0.####}\n"));
        }
    }

    private static void WriteParquet(string path, int rows, int seed)
    {
        var random = new Random(seed);
        var fields = new[] { new DataField<double>("amount"), new DataField<double>("velocity"), new DataField<double>("age") };
        var segment = new DataField<string>("segment");
        using var stream = File.Create(path);
        var writer = ParquetWriter.CreateAsync(new ParquetSchema([.. fields, segment]), stream).GetAwaiter().GetResult();
        const int group = 100_000;
        for (var start = 0; start < rows; start += group)
        {
            var n = Math.Min(group, rows - start);
            var columns = fields.Select(_ => new double[n]).ToArray();
            var segments = new string[n];
            for (var i = 0; i < n; i++)
            {
                for (var c = 0; c < columns.Length; c++) columns[c][i] = random.NextDouble();
                segments[i] = random.NextDouble() < 0.5 ? "a" : "b";
            }
            using var rowGroup = writer.CreateRowGroup();
            for (var c = 0; c < columns.Length; c++) rowGroup.WriteAsync<double>(fields[c], (ReadOnlyMemory<double>)columns[c].AsMemory()).GetAwaiter().GetResult();
            rowGroup.WriteAsync(segment, segments).GetAwaiter().GetResult();
        }
        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
