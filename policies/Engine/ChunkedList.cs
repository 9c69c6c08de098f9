using System.Collections;

namespace Supplychain.Policies.Engine;

/// <summary>
/// An append-only list (cleared only whole) kept in chunks of <see cref="ChunkSize"/> items. A fleet's report holds tens of thousands of
/// checks: one growing array of them passes the large-object threshold (85,000 bytes) several times per evaluation, and
/// large-object allocations are what trigger full (gen2) collections; chunks stay small.
/// </summary>
internal sealed class ChunkedList<T> : IReadOnlyList<T>
{
    private const int ChunkSize = 2048;
    private readonly List<T[]> chunks = [];

    public int Count { get; private set; }

    public void Add(T item)
    {
        var offset = Count % ChunkSize;
        if (offset == 0) chunks.Add(new T[ChunkSize]);
        chunks[^1][offset] = item;
        Count++;
    }

    /// <summary>Drops every item and its storage (a streaming judge that does not keep what it adds).</summary>
    public void Clear()
    {
        chunks.Clear();
        Count = 0;
    }

    public T this[int index] =>
        (uint)index < (uint)Count ? chunks[index / ChunkSize][index % ChunkSize] : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return chunks[i / ChunkSize][i % ChunkSize];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
