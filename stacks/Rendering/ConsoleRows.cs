namespace Supplychain.Stacks.Rendering;

/// <summary>
/// How many rows a console table lists. A table of thousands of findings (a large preview's copies of one problem) is
/// unreadable on a terminal and costs more memory to lay out than the audit that found them: beyond
/// <see cref="MostRows"/> rows, each group (a policy, a kind of signal) lists its first <see cref="PerGroup"/> and the
/// table is followed by what was left out. The reports (--report-dir) always list every row.
/// </summary>
internal static class ConsoleRows
{
    public const int MostRows = 100;
    public const int PerGroup = 5;

    /// <summary>The rows to list, in their order, and a sentence about the ones left out (null when none are).</summary>
    public static (IReadOnlyList<T> Shown, string? LeftOut) Select<T>(IReadOnlyList<T> rows, Func<T, string> group, string what)
    {
        if (rows.Count <= MostRows) return (rows, null);
        var perGroup = new Dictionary<string, int>(StringComparer.Ordinal);
        var shown = new List<T>();
        foreach (var row in rows)
        {
            var key = group(row);
            var n = perGroup.GetValueOrDefault(key);
            perGroup[key] = n + 1;
            if (n < PerGroup) shown.Add(row);
        }
        var omitted = perGroup.Where(g => g.Value > PerGroup).Select(g => $"{g.Key} {g.Value - PerGroup:N0}");
        return (shown, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{shown.Count:N0} of {rows.Count:N0} {what} listed (the first {PerGroup} of each); not listed: {string.Join(", ", omitted)}. Every one is in the reports (--report-dir DIR)."));
    }
}
