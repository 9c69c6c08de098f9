namespace Supplychain.Evaluation.Data;

/// <summary>The values of each slice column (sorted ordinally, missing as <see cref="Missing"/>), with their 1-based codes.</summary>
public static class SliceCodes
{
    public const string Missing = "(missing)";

    /// <summary>One streamed pass over the slice columns; a column with more than <paramref name="maxValues"/> values is bad input.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, int>> Read(TableSource source, IReadOnlyList<string> columns, int maxValues)
    {
        if (columns.Count == 0) return [];
        var indices = columns.Select(c => source.IndexOf(c, "slice")).ToArray();
        var values = columns.Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
        using var cursor = source.Open();
        while (cursor.MoveNext())
            for (var i = 0; i < indices.Length; i++)
                if (values[i].Add(cursor.Text(indices[i]) ?? Missing) && values[i].Count > maxValues)
                    throw new EvaluationInputException(
                        $"{source.Path}: slice column '{columns[i]}' has more than {maxValues} distinct values; expected a segment or sensitive attribute with few values (bucket it first)");
        return values.Select(v => (IReadOnlyDictionary<string, int>)v.Order(StringComparer.Ordinal)
            .Select((value, k) => (value, k)).ToDictionary(x => x.value, x => x.k + 1, StringComparer.Ordinal)).ToList();
    }
}
