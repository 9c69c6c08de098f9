using System.Text.Json;
using Parquet;
using Parquet.Schema;
using Supplychain.Tests.CliTests;

namespace Supplychain.Tests.Evaluation;

public sealed class DriftCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("supplychain-drift-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Seeded samples: <c>amount</c> moves by <paramref name="shift"/>, <c>velocity</c> never does; <c>channel</c> mixes by <paramref name="webShare"/>.</summary>
    private string Sample(string name, int seed, double shift, double webShare = 0.5, double missingVelocity = 0)
    {
        var random = new Random(seed);
        var path = Path.Combine(_dir, name);
        TrainedModels.WriteCsv(path, ["amount", "velocity", "channel", "label"], Enumerable.Range(0, 2000).Select(_ => new object[]
        {
            random.NextDouble() + shift,
            random.NextDouble() < missingVelocity ? "" : random.NextDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            random.NextDouble() < webShare ? "web" : "store",
            random.Next(2),
        }));
        return path;
    }

    private static Dictionary<string, JsonElement> Features(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("feature").GetString()!, f => f);

    [Fact]
    public void Should_Flag_A_Shifted_Feature_And_Not_An_Unshifted_One()
    {
        // Given a current sample whose amount moved by half its range while velocity did not
        using var cli = new CliHarness();
        var json = Path.Combine(_dir, "drift.json");
        var prom = Path.Combine(_dir, "drift.prom");
        var (code, stdout, stderr) = cli.Run("drift", "--reference", Sample("ref.csv", 1, 0), "--current", Sample("cur.csv", 2, 0.5),
            "--exclude", "label", "--model-name", "fraud-detector", "--json", json, "--prometheus", prom);
        // Then drift exits 1, amount drifted by PSI and KS, velocity and channel did not
        Assert.True(code == 1, stderr + stdout);
        var features = Features(File.ReadAllText(json));
        Assert.Equal(["amount", "velocity", "channel"], features.Keys);
        Assert.True(features["amount"].GetProperty("drifted").GetBoolean());
        Assert.True(features["amount"].GetProperty("score").GetDouble() > 1);
        Assert.True(features["amount"].GetProperty("ks").GetDouble() > 0.4);
        Assert.False(features["velocity"].GetProperty("drifted").GetBoolean());
        Assert.True(features["velocity"].GetProperty("score").GetDouble() < 0.05);
        Assert.False(features["channel"].GetProperty("drifted").GetBoolean());
        Assert.Contains("model_data_drift_score{model=\"fraud-detector\",feature=\"amount\"}", File.ReadAllText(prom));
        Assert.Contains("# TYPE model_data_drift_score gauge", File.ReadAllText(prom));
        Assert.Contains("DRIFT: PSI", stdout);
    }

    [Fact]
    public void Should_Pass_Two_Samples_Of_One_Distribution()
    {
        using var cli = new CliHarness();
        var (code, stdout, _) = cli.Run("drift", "--reference", Sample("ref.csv", 1, 0), "--current", Sample("cur.csv", 2, 0), "--exclude", "label");
        Assert.Equal(0, code);
        Assert.Contains("verdict: no drift", stdout);
    }

    [Fact]
    public void Should_Flag_A_Categorical_Mix_Change_And_A_Missing_Rate_Change()
    {
        using var cli = new CliHarness();
        var (code, stdout, _) = cli.Run("drift", "--reference", Sample("ref.csv", 1, 0), "--current", Sample("cur.csv", 2, 0, webShare: 0.9, missingVelocity: 0.3),
            "--exclude", "label", "--format", "json");
        Assert.Equal(1, code);
        var features = Features(stdout);
        Assert.True(features["channel"].GetProperty("drifted").GetBoolean());
        Assert.True(features["channel"].GetProperty("chiSquare").GetDouble() > 100);
        Assert.True(features["velocity"].GetProperty("drifted").GetBoolean());
        Assert.Equal(0.3, features["velocity"].GetProperty("missing").GetProperty("change").GetDouble(), 1);
        Assert.False(features["amount"].GetProperty("drifted").GetBoolean());
    }

    [Fact]
    public void Should_Honour_A_Per_Feature_Threshold()
    {
        using var cli = new CliHarness();
        var (code, _, _) = cli.Run("drift", "--reference", Sample("ref.csv", 1, 0), "--current", Sample("cur.csv", 2, 0.5),
            "--feature", "amount", "--threshold", "amount=100");
        Assert.Equal(0, code);
    }

    [Fact]
    public void Should_Report_A_Schema_Change()
    {
        using var cli = new CliHarness();
        var current = Path.Combine(_dir, "renamed.csv");
        File.WriteAllText(current, File.ReadAllText(Sample("cur.csv", 2, 0)).Replace("channel,", "sales_channel,"));
        var (code, stdout, _) = cli.Run("drift", "--reference", Sample("ref.csv", 1, 0), "--current", current, "--exclude", "label", "--format", "json");
        Assert.Equal(1, code);
        var schema = JsonDocument.Parse(stdout).RootElement.GetProperty("schemaChange");
        Assert.Equal("sales_channel", schema.GetProperty("added")[0].GetString());
        Assert.Equal("channel", schema.GetProperty("removed")[0].GetString());
    }

    [Fact]
    public async Task Should_Read_Parquet_Like_Csv()
    {
        // Given the reference as Parquet (a feature-store export) and the shifted current sample as CSV
        var random = new Random(1);
        var amounts = Enumerable.Range(0, 2000).Select(_ => random.NextDouble()).ToArray();
        var channels = Enumerable.Range(0, 2000).Select(i => i % 2 == 0 ? "web" : "store").ToArray();
        var parquet = Path.Combine(_dir, "ref.parquet");
        var amount = new DataField<double>("amount");
        var channel = new DataField<string>("channel");
        await using (var stream = File.Create(parquet))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(amount, channel), stream))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<double>(amount, (ReadOnlyMemory<double>)amounts.AsMemory());
            await group.WriteAsync(channel, channels);
        }
        var current = Path.Combine(_dir, "cur.csv");
        TrainedModels.WriteCsv(current, ["amount", "channel"], amounts.Select((a, i) => new object[] { a + 0.5, channels[i] }));
        using var cli = new CliHarness();
        var (code, stdout, stderr) = cli.Run("drift", "--reference", parquet, "--current", current, "--format", "json");
        Assert.True(code == 1, stderr);
        var features = Features(stdout);
        Assert.True(features["amount"].GetProperty("drifted").GetBoolean());
        Assert.Equal(0, features["channel"].GetProperty("score").GetDouble());
    }

    [Fact]
    public void Should_Reject_An_Unknown_Feature_With_Exit_Code_2()
    {
        using var cli = new CliHarness();
        var (code, stdout, stderr) = cli.Run("drift", "--reference", Sample("ref.csv", 1, 0), "--current", Sample("cur.csv", 2, 0), "--feature", "amout");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("no column 'amout' (the feature); the file has amount, velocity, channel, label", stderr);
    }
}
