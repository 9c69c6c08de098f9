using Supplychain.Evaluation.Data;

namespace Supplychain.Evaluation.Drift;

/// <summary>
/// One feature of one sample, summarised in a single streamed pass with bounded memory: row and missing counts, a seeded
/// reservoir of numeric values (exact below <see cref="ReservoirSize"/> rows, a uniform sample above), or category counts.
/// </summary>
internal sealed class FeatureProfile(string name, ColumnKind kind, int seed)
{
    public const int ReservoirSize = 100_000;
    public const int MaxCategories = 1_000;
    public const string OtherCategory = "(other)";

    private readonly Random _random = new(seed);
    private readonly List<double> _reservoir = [];
    private long _seenNumbers;

    public string Name { get; } = name;
    public ColumnKind Kind { get; } = kind;
    public long Rows { get; private set; }
    public long Missing { get; private set; }
    public Dictionary<string, long> Categories { get; } = new(StringComparer.Ordinal);

    public double MissingRate => Rows == 0 ? 0 : (double)Missing / Rows;

    /// <summary>The reservoir, sorted (call once all rows are added).</summary>
    public double[] SortedValues()
    {
        var values = _reservoir.ToArray();
        Array.Sort(values);
        return values;
    }

    public void Add(ITableCursor cursor, int column)
    {
        Rows++;
        if (Kind == ColumnKind.Number)
        {
            var v = cursor.Number(column);
            if (double.IsNaN(v)) { Missing++; return; }
            _seenNumbers++;
            if (_reservoir.Count < ReservoirSize) _reservoir.Add(v);
            else if (_random.NextInt64(_seenNumbers) is var j && j < ReservoirSize) _reservoir[(int)j] = v;
            return;
        }
        var text = cursor.Text(column);
        if (text is null) { Missing++; return; }
        if (!Categories.ContainsKey(text) && Categories.Count >= MaxCategories) text = OtherCategory;
        Categories[text] = Categories.GetValueOrDefault(text) + 1;
    }

    /// <summary>Reads every row of <paramref name="source"/> into profiles of the named columns.</summary>
    public static IReadOnlyDictionary<string, FeatureProfile> Read(TableSource source, IReadOnlyCollection<string> features, int seed)
    {
        var profiles = source.Columns.Select((c, i) => (c, i))
            .Where(x => features.Contains(x.c.Name) && x.c.Kind != ColumnKind.Unsupported)
            .Select(x => (Profile: new FeatureProfile(x.c.Name, x.c.Kind, seed), Index: x.i)).ToList();
        using var cursor = source.Open();
        while (cursor.MoveNext())
            foreach (var (profile, index) in profiles) profile.Add(cursor, index);
        return profiles.ToDictionary(p => p.Profile.Name, p => p.Profile, StringComparer.Ordinal);
    }
}
