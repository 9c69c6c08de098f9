using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Supplychain.Policies.Importers;

/// <summary>
/// Shares equal short strings (property names, label keys, namespaces) across the thousands of resources of a large
/// import, so the retained views cost memory for what differs between them, not for what repeats. A reader finds them
/// by their UTF-8 bytes (<see cref="Get(ReadOnlySpan{byte})"/>), without decoding text the pool already holds.
/// </summary>
public sealed class StringPool
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly int _limit;
    private readonly bool _renew;

    // The strings by their UTF-8 bytes: chained buckets over arrays (no object per entry), as Dictionary keeps them.
    private int[] _buckets = new int[1024]; // 1 + the index of a chain's first entry; 0: empty
    private Utf8Entry[] _utf8 = new Utf8Entry[1024];
    private int _utf8Count;
    private static readonly ulong Seed = (ulong)Random.Shared.NextInt64(); // input cannot aim at one bucket

    private struct Utf8Entry
    {
        public byte[] Bytes;
        public string Text;
        public int Hash;
        public int Next; // 1 + the index of the next entry of the chain; 0: none
    }

    public StringPool(int limit = 200_000, bool renew = false)
    {
        _limit = limit;
        _renew = renew;
        _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>
    /// The pooled copy of the text. A full pool stops pooling; a renewing one (a streaming import, whose views are dropped)
    /// starts over instead, so it keeps sharing the strings that recur now without keeping every string it ever saw.
    /// </summary>
    public string Get(string text)
    {
        if (_strings.TryGetValue(text, out var shared)) return shared;
        if (_strings.Count >= _limit && _renew) Clear();
        if (_strings.Count < _limit) _strings[text] = text;
        return text;
    }

    /// <summary><see cref="Get(string)"/> of the text, without making a string when the pool holds it.</summary>
    public string Get(ReadOnlySpan<char> text) => _lookup.TryGetValue(text, out var shared) ? shared : Get(new string(text));

    /// <summary><see cref="Get(string)"/> of the text these UTF-8 bytes encode, without decoding them when the pool holds it.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        var hash = Hash(utf8);
        for (var i = _buckets[hash & (_buckets.Length - 1)]; i > 0; i = _utf8[i - 1].Next)
        {
            ref var entry = ref _utf8[i - 1];
            if (entry.Hash == hash && utf8.SequenceEqual(entry.Bytes)) return entry.Text;
        }
        var text = Get(Encoding.UTF8.GetString(utf8));
        if (_utf8Count >= _limit) return text; // a full pool that does not renew: no more entries
        if (_utf8Count == _utf8.Length) Grow();
        var bucket = hash & (_buckets.Length - 1);
        _utf8[_utf8Count] = new Utf8Entry { Bytes = utf8.ToArray(), Text = text, Hash = hash, Next = _buckets[bucket] };
        _buckets[bucket] = ++_utf8Count;
        return text;
    }

    private void Clear()
    {
        _strings.Clear();
        Array.Clear(_buckets);
        Array.Clear(_utf8, 0, _utf8Count);
        _utf8Count = 0;
    }

    private void Grow()
    {
        Array.Resize(ref _utf8, _utf8.Length * 2);
        _buckets = new int[_buckets.Length * 2];
        for (var i = 0; i < _utf8Count; i++)
        {
            var bucket = _utf8[i].Hash & (_buckets.Length - 1);
            _utf8[i].Next = _buckets[bucket];
            _buckets[bucket] = i + 1;
        }
    }

    /// <summary>A fast 32-bit hash of short byte strings (eight bytes a step), seeded per process.</summary>
    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        const ulong Multiplier = 0x9E3779B97F4A7C15;
        var h = Seed ^ ((ulong)bytes.Length * Multiplier);
        while (bytes.Length >= 8)
        {
            h = BitOperations.RotateLeft((h ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes)) * Multiplier, 29);
            bytes = bytes[8..];
        }
        ulong tail = 0;
        for (var i = 0; i < bytes.Length; i++) tail |= (ulong)bytes[i] << (8 * i);
        h = (h ^ tail) * Multiplier;
        h ^= h >> 32;
        h *= 0xD6E8FEB86659FD93;
        h ^= h >> 32;
        return (int)h;
    }
}
