using System.Runtime.CompilerServices;
using Supplychain.Components.Model;

namespace Supplychain.Policies.Judging;

/// <summary>
/// One instance of each distinct value a streaming audit keeps (hash-consing): the views kept for the end-of-input
/// policies repeat the same few shapes (every copy of a stack's NetworkPolicy has the same namespace and selector, every
/// Service the same ports), so a kept view points at a shared tree instead of holding its own. Two values are shared
/// only when nothing a policy can read tells them apart: same kinds, same texts, numbers with the same digits (1 and 1.0
/// compare equal as values but print differently), same keys in the same order; any other kind of value is never shared.
/// Values are immutable once built, so sharing them cannot change what a policy sees.
/// </summary>
/// <remarks>
/// A tree is shared from its leaves up, so the children of a map or list are already the shared instances: two maps are
/// then alike exactly when their keys are equal and their children the same instances. A map or list is looked up by its
/// keys and its children's identities before it is built, so a shape met before costs no allocation and no walk of its
/// subtree.
/// </remarks>
public sealed class SharedShapes
{
    private readonly HashSet<Value> _scalars = new(Strict.Instance);
    private readonly Dictionary<string, StringValue> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);
    /// <summary>Shared maps and lists by shape hash: the one value of that hash, or a list of them when hashes collide.</summary>
    private readonly Dictionary<int, object> _containers = [];
    private int _containerCount;
    // The shared children of the maps and lists being shared, as stacks (a container's own above those of its ancestors).
    private KeyValuePair<string, Value>[] _entries = new KeyValuePair<string, Value>[64];
    private Value[] _items = new Value[64];
    private int _entryCount, _itemCount;

    /// <summary>Distinct values held.</summary>
    public int Count => _scalars.Count + _containerCount + _strings.Count;

    /// <summary>The shared instance of a map equal (strictly) to <paramref name="map"/>, its subtrees shared too.</summary>
    public MapValue Share(MapValue map) => (MapValue)Share((Value)map);

    /// <summary>The shared instance of a text (a key, a type). Not names or component paths: each copy has its own.</summary>
    public string Share(string text)
    {
        if (_texts.TryGetValue(text, out var shared)) return shared;
        _texts.Add(text, text);
        return text;
    }

    private Value Share(Value value)
    {
        switch (value)
        {
            case StringValue s:
                if (_strings.TryGetValue(s.Text, out var str)) return str;
                _strings.Add(s.Text, s);
                return s;
            case MapValue m:
                return ShareMap(m);
            case ListValue l:
                return ShareList(l);
            case NumberValue or BoolValue or NullValue or UnknownValue or SecretValue:
                if (_scalars.TryGetValue(value, out var scalar)) return scalar;
                _scalars.Add(value);
                return value;
            default:
                return value; // a kind whose reading is not known here: kept as it is
        }
    }

    private Value ShareMap(MapValue m)
    {
        var start = _entryCount;
        var hash = 6;
        foreach (var (key, item) in m)
        {
            var k = Share(key);
            var v = Share(item);
            if (_entryCount == _entries.Length) Array.Resize(ref _entries, _entries.Length * 2);
            _entries[_entryCount++] = new(k, v);
            hash = HashCode.Combine(hash, k, RuntimeHelpers.GetHashCode(v));
        }
        var entries = _entries.AsSpan(start, _entryCount - start);
        var shared = Find(hash, entries) ?? Add(hash, MapValue.Of(entries));
        entries.Clear();
        _entryCount = start;
        return shared;
    }

    private Value ShareList(ListValue l)
    {
        var start = _itemCount;
        var hash = 5;
        foreach (var item in l.Items)
        {
            var v = Share(item);
            if (_itemCount == _items.Length) Array.Resize(ref _items, _items.Length * 2);
            _items[_itemCount++] = v;
            hash = HashCode.Combine(hash, RuntimeHelpers.GetHashCode(v));
        }
        var items = _items.AsSpan(start, _itemCount - start);
        var shared = Find(hash, items) ?? Add(hash, ListValue.Of(items));
        items.Clear();
        _itemCount = start;
        return shared;
    }

    private Value? Find(int hash, ReadOnlySpan<KeyValuePair<string, Value>> entries)
    {
        if (!_containers.TryGetValue(hash, out var found)) return null;
        if (found is not List<Value> several) return Alike(found as MapValue, entries) ? (Value)found : null;
        foreach (var candidate in several)
            if (Alike(candidate as MapValue, entries)) return candidate;
        return null;
    }

    private Value? Find(int hash, ReadOnlySpan<Value> items)
    {
        if (!_containers.TryGetValue(hash, out var found)) return null;
        if (found is not List<Value> several) return Alike(found as ListValue, items) ? (Value)found : null;
        foreach (var candidate in several)
            if (Alike(candidate as ListValue, items)) return candidate;
        return null;
    }

    private Value Add(int hash, Value value)
    {
        _containerCount++;
        if (!_containers.TryGetValue(hash, out var found)) _containers[hash] = value;
        else if (found is List<Value> several) several.Add(value);
        else _containers[hash] = new List<Value> { (Value)found, value };
        return value;
    }

    /// <summary>Same keys in the same order, each with the same (shared) instance.</summary>
    private static bool Alike(MapValue? map, ReadOnlySpan<KeyValuePair<string, Value>> entries)
    {
        if (map is null || map.Count != entries.Length) return false;
        var i = 0;
        foreach (var (key, value) in map)
        {
            if (!string.Equals(key, entries[i].Key, StringComparison.Ordinal) || !ReferenceEquals(value, entries[i].Value)) return false;
            i++;
        }
        return true;
    }

    private static bool Alike(ListValue? list, ReadOnlySpan<Value> items)
    {
        if (list is null || list.Count != items.Length) return false;
        for (var i = 0; i < items.Length; i++)
            if (!ReferenceEquals(list[i], items[i])) return false;
        return true;
    }

    /// <summary>Equality of scalars that nothing read from them can tell apart (the values' own equality is looser on numbers).</summary>
    private sealed class Strict : IEqualityComparer<Value>
    {
        public static readonly Strict Instance = new();

        public bool Equals(Value? x, Value? y)
        {
            if (ReferenceEquals(x, y)) return true;
            if (x is null || y is null || x.GetType() != y.GetType()) return false;
            return x switch
            {
                NumberValue n => decimal.GetBits(n.Number).AsSpan().SequenceEqual(decimal.GetBits(((NumberValue)y).Number)),
                BoolValue b => b.Flag == ((BoolValue)y).Flag,
                NullValue or UnknownValue or SecretValue => true,
                _ => false,
            };
        }

        // Strictly equal values are equal values, so the values' own hash fits.
        public int GetHashCode(Value value) => value.GetHashCode();
    }
}
