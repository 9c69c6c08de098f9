using System.Globalization;

namespace Supplychain.Bench;

/// <summary>
/// Every headline figure beside its goal (issue #13), collected while the benchmarks run and printed together at the end
/// of `all`. Wall time on this shared 2-core machine mostly measures the neighbours, so CPU time is shown beside it.
/// </summary>
internal static class Goals
{
    private static readonly List<(string Figure, string Measured, string Goal, bool Met)> Rows = [];

    /// <summary>Set in a benchmark child process (<see cref="BenchSupport.RunChild"/>): its goals go to the parent on stdout.</summary>
    public const string ForwardVariable = "SUPPLYCHAIN_BENCH_FORWARD_GOALS";
    private const string ForwardPrefix = "goal\t";

    public static void Record(string figure, string measured, string goal, bool met)
    {
        if (Environment.GetEnvironmentVariable(ForwardVariable) == "1") Console.WriteLine($"{ForwardPrefix}{figure}\t{measured}\t{goal}\t{met}");
        else Rows.Add((figure, measured, goal, met));
    }

    /// <summary>Records a goal a child process forwarded; false when the line is not one.</summary>
    public static bool TryRecordForwarded(string line)
    {
        if (!line.StartsWith(ForwardPrefix, StringComparison.Ordinal)) return false;
        var parts = line[ForwardPrefix.Length..].Split('\t');
        Rows.Add((parts[0], parts[1], parts[2], bool.Parse(parts[3])));
        return true;
    }

    public static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    public static void Print()
    {
        if (Rows.Count == 0) return;
        Console.WriteLine();
        Console.WriteLine("== figures beside their goals");
        var w1 = Math.Max(6, Rows.Max(r => r.Figure.Length));
        var w2 = Math.Max(8, Rows.Max(r => r.Measured.Length));
        var w3 = Math.Max(4, Rows.Max(r => r.Goal.Length));
        Console.WriteLine($"{"figure".PadRight(w1)}  {"measured".PadRight(w2)}  {"goal".PadRight(w3)}  met");
        foreach (var (figure, measured, goal, met) in Rows)
            Console.WriteLine($"{figure.PadRight(w1)}  {measured.PadRight(w2)}  {goal.PadRight(w3)}  {(met ? "yes" : "NO")}");
    }
}
