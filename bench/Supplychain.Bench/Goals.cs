using System.Globalization;

namespace Supplychain.Bench;

/// <summary>
/// Every headline figure beside its goal (issue #13), collected while the benchmarks run and printed together at the end
/// of `all`. Wall time on this shared 2-core machine mostly measures the neighbours, so CPU time is shown beside it.
/// </summary>
internal static class Goals
{
    private static readonly List<(string Figure, string Measured, string Goal, bool Met)> Rows = [];

    public static void Record(string figure, string measured, string goal, bool met) => Rows.Add((figure, measured, goal, met));

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
