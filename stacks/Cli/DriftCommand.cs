using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Supplychain.Evaluation;
using Supplychain.Evaluation.Drift;

namespace Supplychain.Stacks.Cli;

/// <summary>
/// <c>drift</c>: compares a current data sample with the reference, per feature (PSI, KS, chi-square, missing rate) and
/// as a table (columns added, removed, retyped). Prints a table, writes JSON and Prometheus text; exit 1 over threshold.
/// </summary>
internal static class DriftCommand
{
    public static Command Create(CliContext context)
    {
        var reference = new Option<string>("--reference", "-r") { Description = "The reference sample (training or evaluation data): CSV, TSV or Parquet.", Required = true };
        var current = new Option<string>("--current", "-c") { Description = "The current sample (recent serving inputs): CSV, TSV or Parquet.", Required = true };
        var modelName = new Option<string?>("--model-name") { Description = "The model, as the 'model' label of model_data_drift_score." };
        var features = new Option<string[]>("--feature") { Description = "A feature to compare (repeatable; default every reference column but --exclude)." };
        var exclude = new Option<string[]>("--exclude") { Description = "A column that is not a feature (label, id, timestamp; repeatable)." };
        var categorical = new Option<string[]>("--categorical") { Description = "A column to treat as categories even if its values are numbers (repeatable)." };
        var threshold = new Option<double>("--default-threshold") { Description = "The drift score (PSI) above which a feature drifted.", DefaultValueFactory = _ => 0.2 };
        var thresholds = new Option<string[]>("--threshold") { Description = "FEATURE=VALUE: the drift score threshold of one feature (repeatable)." };
        var missing = new Option<double>("--max-missing-change") { Description = "The largest allowed change of a feature's missing rate (0..1).", DefaultValueFactory = _ => 0.1 };
        var bins = new Option<int>("--bins") { Description = "Quantile bins of the reference for numeric PSI.", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Seed of the sampling used above 100000 rows.", DefaultValueFactory = _ => 42 };
        var json = new Option<string?>("--json") { Description = "Write the drift report (JSON) to this file." };
        var prometheus = new Option<string?>("--prometheus") { Description = "Write Prometheus text exposition (model_data_drift_score{model,feature}) to this file." };
        var format = CommonOptions.Format("table", "json", "prometheus");
        var command = new Command("drift",
            "Compare a current data sample with the reference per feature (PSI on reference quantile bins, KS, chi-square, missing rate) and for schema changes. Exit 1 when a feature drifts or the schema changed.");
        foreach (var o in new Option[] { reference, current, modelName, features, exclude, categorical, threshold, thresholds, missing, bins, seed, json, prometheus, format })
            command.Options.Add(o);
        command.SetAction(parse =>
        {
            var request = new DriftRequest
            {
                Reference = EvaluateCommand.Full(context, parse.GetValue(reference)!),
                Current = EvaluateCommand.Full(context, parse.GetValue(current)!),
                Model = parse.GetValue(modelName),
                Features = parse.GetValue(features) ?? [],
                Exclude = parse.GetValue(exclude) ?? [],
                Categorical = parse.GetValue(categorical) ?? [],
                DefaultThreshold = parse.GetValue(threshold),
                Thresholds = EvaluateCommand.Pairs(parse.GetValue(thresholds), "--threshold"),
                MaxMissingRateChange = parse.GetValue(missing),
                Bins = parse.GetValue(bins),
                Seed = parse.GetValue(seed),
            };
            return Run(context, request, parse.GetValue(json), parse.GetValue(prometheus), parse.GetValue(format)!);
        });
        return command;
    }

    private static int Run(CliContext context, DriftRequest request, string? json, string? prometheus, string format)
    {
        DriftReport report;
        try { report = DriftAnalyzer.Run(request); }
        catch (EvaluationInputException e) { throw new InputException(e.Message); }
        if (json is not null) File.WriteAllText(EvaluateCommand.Full(context, json), report.ToJson());
        if (prometheus is not null) File.WriteAllText(EvaluateCommand.Full(context, prometheus), report.ToPrometheus());
        switch (format)
        {
            case "json": context.Out.Write(report.ToJson()); break;
            case "prometheus": context.Out.Write(report.ToPrometheus()); break;
            default: WriteTable(context.Console(), report); break;
        }
        return report.Drifted ? Entry.PolicyFailure : Entry.Success;
    }

    private static void WriteTable(IAnsiConsole console, DriftReport report)
    {
        console.WriteLine($"{report.Reference.Name} ({report.Reference.Rows} rows) -> {report.Current.Name} ({report.Current.Rows} rows)");
        var table = new Table().AddColumns("feature", "kind", "PSI", "KS", "chi-square", "missing ref -> cur", "threshold", "drift");
        static string F(double? v) => v?.ToString("0.####", CultureInfo.InvariantCulture) ?? "";
        foreach (var f in report.Features)
            table.AddRow(Markup.Escape(f.Feature), f.Kind, F(f.Score), F(f.Ks), F(f.ChiSquare), Markup.Escape($"{F(f.Missing.Reference)} -> {F(f.Missing.Current)}"), F(f.Threshold),
                f.Drifted ? Markup.Escape("DRIFT: " + string.Join("; ", f.Reasons)) : "ok");
        console.Write(table);
        var s = report.SchemaChange;
        if (s.Any)
            console.WriteLine($"schema changed: added [{string.Join(", ", s.Added)}], removed [{string.Join(", ", s.Removed)}], retyped [{string.Join(", ", s.TypeChanged)}]");
        console.WriteLine(report.Drifted ? "verdict: drift" : "verdict: no drift");
    }
}
