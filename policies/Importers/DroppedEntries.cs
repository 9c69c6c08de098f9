namespace Supplychain.Policies.Importers;

/// <summary>
/// Streaming: the entries an import dropped once their view went to the sink, by URN digest — so a URN given again is
/// known (a revisit) — each with its component path for its children. One of these per resource of the input is what
/// the streaming import still holds, so it is compact: a path is kept as a shared prefix (the component and the segments
/// inherited from its parent; one array for all siblings) and whether the resource's own name ends it (its URN gives
/// the name back), in one <c>int</c>; the table is split in shards so none is one large array that doubles at once.
/// </summary>
public sealed class DroppedEntries
{
    private const int Shards = 16;
    private const int NoPath = -1;

    private readonly Dictionary<UInt128, int>[] _shards = Enumerable.Range(0, Shards).Select(_ => new Dictionary<UInt128, int>()).ToArray();
    private readonly List<string[]> _prefixes = [];
    private readonly Dictionary<string, int> _oneSegment = new(StringComparer.Ordinal); // shared one-segment prefixes, by component

    public int Count { get; private set; }

    public bool Contains(UInt128 digest) => Count > 0 && Shard(digest).ContainsKey(digest);

    /// <summary>Records a dropped entry: its digest and, when it had one, its path (which may end with <paramref name="name"/>).</summary>
    public void Add(UInt128 digest, string[]? path, string name)
    {
        var shard = Shard(digest);
        if (!shard.ContainsKey(digest)) Count++;
        shard[digest] = path is null ? NoPath : Compact(path, name);
    }

    /// <summary>The path of the dropped entry of <paramref name="urn"/> (false: not dropped; a null path: it had none).</summary>
    public bool TryGetPath(UInt128 digest, string urn, out string[]? path)
    {
        path = null;
        if (Count == 0 || !Shard(digest).TryGetValue(digest, out var code)) return false;
        if (code == NoPath) return true;
        var prefix = _prefixes[code >> 1];
        path = (code & 1) == 1 ? [.. prefix, EngineResources.NameOf(urn)] : prefix;
        return true;
    }

    private Dictionary<UInt128, int> Shard(UInt128 digest) => _shards[(int)((ulong)digest & (Shards - 1))];

    private int Compact(string[] path, string name)
    {
        // A path ends with the resource's name unless it is a top-level component named like its component ([top]).
        var own = path.Length > 0 && path[^1] == name && (path.Length > 1 || path[0] != name);
        var length = own ? path.Length - 1 : path.Length;
        int id;
        if (length != 1) { id = _prefixes.Count; _prefixes.Add(path[..length]); } // a child's child: rare, not shared
        else if (!_oneSegment.TryGetValue(path[0], out id)) { id = _prefixes.Count; _prefixes.Add([path[0]]); _oneSegment[path[0]] = id; }
        return id << 1 | (own ? 1 : 0);
    }
}
