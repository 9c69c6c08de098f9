using System.Collections;
using System.Globalization;

namespace Supplychain.Components.Model;

/// <summary>
/// A value in a Pulumi YAML program: a literal (string, number, bool, null), a list, a map,
/// a reference to a resource output or a config key, an interpolation, or an <c>fn::</c> call.
/// Values are immutable once built and compare structurally, so policies and tests can inspect them.
/// </summary>
public abstract class Value : IEquatable<Value>
{
    public static implicit operator Value(string text) => new StringValue(text);
    public static implicit operator Value(int number) => new NumberValue(number);
    public static implicit operator Value(long number) => new NumberValue(number);
    public static implicit operator Value(decimal number) => new NumberValue(number);
    public static implicit operator Value(double number) => new NumberValue((decimal)number);
    public static implicit operator Value(bool flag) => new BoolValue(flag);

    public static readonly NullValue Null = new();

    /// <summary>True when the value is only known once Pulumi applies the program (a reference, interpolation or function).</summary>
    public virtual bool IsComputed => false;

    public abstract bool Equals(Value? other);
    public override bool Equals(object? obj) => obj is Value v && Equals(v);
    public abstract override int GetHashCode();

    /// <summary>A short human rendering, used by reports and test messages.</summary>
    public abstract override string ToString();
}

public sealed class StringValue(string text) : Value
{
    /// <summary>The literal text. The writer escapes <c>${</c> so it can never become a reference.</summary>
    public string Text { get; } = text ?? throw new ArgumentNullException(nameof(text));
    public override bool Equals(Value? other) => other is StringValue s && s.Text == Text;
    public override int GetHashCode() => HashCode.Combine(1, Text);
    public override string ToString() => Text;
}

public sealed class NumberValue(decimal number) : Value
{
    public decimal Number { get; } = number;
    public override bool Equals(Value? other) => other is NumberValue n && n.Number == Number;
    public override int GetHashCode() => HashCode.Combine(2, Number);
    public override string ToString() => Number.ToString(CultureInfo.InvariantCulture);
}

public sealed class BoolValue(bool flag) : Value
{
    public bool Flag { get; } = flag;
    public override bool Equals(Value? other) => other is BoolValue b && b.Flag == Flag;
    public override int GetHashCode() => HashCode.Combine(3, Flag);
    public override string ToString() => Flag ? "true" : "false";
}

public sealed class NullValue : Value
{
    public override bool Equals(Value? other) => other is NullValue;
    public override int GetHashCode() => 4;
    public override string ToString() => "null";
}

/// <summary>An ordered list. Order is meaningful and kept as built.</summary>
public sealed class ListValue : Value, IEnumerable<Value>
{
    private readonly List<Value> _items;

    public ListValue() => _items = [];
    public ListValue(IEnumerable<Value> items) => _items = [.. items];
    private ListValue(List<Value> items) => _items = items;

    /// <summary>A list of the items, in their order: one allocation of the right size (readers build many small lists).</summary>
    public static ListValue Of(ReadOnlySpan<Value> items)
    {
        var list = new List<Value>(items.Length);
        foreach (var item in items) list.Add(item ?? throw new ArgumentNullException(nameof(items)));
        return new ListValue(list);
    }

    public int Count => _items.Count;
    public Value this[int index] => _items[index];
    public IReadOnlyList<Value> Items => _items;
    public void Add(Value item) => _items.Add(item ?? throw new ArgumentNullException(nameof(item)));
    public override bool IsComputed => _items.Any(i => i.IsComputed);

    public IEnumerator<Value> GetEnumerator() => _items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    public override bool Equals(Value? other) => other is ListValue l && l._items.SequenceEqual(_items);
    public override int GetHashCode()
    {
        var hash = 5;
        foreach (var item in _items) hash = HashCode.Combine(hash, item);
        return hash;
    }

    public override string ToString() => "[" + string.Join(", ", _items) + "]";
}

/// <summary>
/// A map with keys kept in ordinal order, so the synthesized YAML is byte-identical whatever order
/// components or configuration supplied them in.
/// </summary>
/// <remarks>
/// Entries live in one array sorted by key and are found by binary search: maps here hold a handful of keys, are built
/// once and read many times (every policy follows property paths through them), and a sorted array is several times
/// faster to build, search and walk than a red-black tree (SortedDictionary), with one object instead of one per entry.
/// </remarks>
public sealed class MapValue : Value, IEnumerable<KeyValuePair<string, Value>>
{
    private readonly List<KeyValuePair<string, Value>> _entries;

    public MapValue() => _entries = [];
    public MapValue(IEnumerable<KeyValuePair<string, Value>> entries)
    {
        _entries = [];
        foreach (var (k, v) in entries) Add(k, v);
    }
    private MapValue(List<KeyValuePair<string, Value>> entries) => _entries = entries;

    /// <summary>
    /// A map of the entries as a reader met them: a later entry for a key replaces an earlier one, as the indexer does.
    /// Entries already in key order (as the engine writes its objects) are taken as they are, in one allocation of the
    /// right size, with no search or shifting.
    /// </summary>
    public static MapValue Of(ReadOnlySpan<KeyValuePair<string, Value>> entries)
    {
        var map = new MapValue(new List<KeyValuePair<string, Value>>(entries.Length));
        var i = 0;
        for (; i < entries.Length; i++)
        {
            var (key, value) = entries[i];
            ArgumentNullException.ThrowIfNull(key);
            ArgumentNullException.ThrowIfNull(value);
            if (i > 0 && string.CompareOrdinal(entries[i - 1].Key, key) >= 0) break;
            map._entries.Add(entries[i]);
        }
        for (; i < entries.Length; i++) map[entries[i].Key] = entries[i].Value; // out of order, or a key given twice
        return map;
    }

    public int Count => _entries.Count;
    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    public Value this[string key]
    {
        get => IndexOf(key) is var i and >= 0 ? _entries[i].Value : throw new KeyNotFoundException($"The given key '{key}' was not present in the map.");
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            var i = IndexOf(key);
            if (i >= 0) _entries[i] = new(key, value);
            else _entries.Insert(~i, new(key, value));
        }
    }

    /// <summary>Adds an entry; a duplicate key is a programming error, not a silent overwrite.</summary>
    public void Add(string key, Value value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var i = IndexOf(key);
        if (i >= 0) throw new ArgumentException($"duplicate key '{key}' in map", nameof(key));
        _entries.Insert(~i, new(key, value));
    }

    /// <summary>Adds the entry only when the value is not null: optional properties stay absent.</summary>
    public MapValue AddIfNotNull(string key, Value? value)
    {
        if (value is not null) Add(key, value);
        return this;
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, out Value value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _entries[i].Value : null!;
        return i >= 0;
    }

    public bool Remove(string key)
    {
        var i = IndexOf(key);
        if (i < 0) return false;
        _entries.RemoveAt(i);
        return true;
    }

    public override bool IsComputed => _entries.Any(e => e.Value.IsComputed);

    /// <summary>The index of <paramref name="key"/>, or the bitwise complement of where it would be inserted.</summary>
    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        // Built in order most of the time: check the end first, so appending stays O(1).
        var high = _entries.Count - 1;
        if (high < 0) return ~0;
        var last = string.CompareOrdinal(_entries[high].Key, key);
        if (last == 0) return high;
        if (last < 0) return ~(high + 1);
        var low = 0;
        high--;
        while (low <= high)
        {
            var mid = low + ((high - low) >> 1);
            var c = string.CompareOrdinal(_entries[mid].Key, key);
            if (c == 0) return mid;
            if (c < 0) low = mid + 1;
            else high = mid - 1;
        }
        return ~low;
    }

    /// <summary>Follows a dotted path (<c>spec.template.metadata</c>); null when any step is missing.</summary>
    public Value? At(string path)
    {
        if (!path.Contains('.')) return TryGetValue(path, out var direct) ? direct : null;
        Value current = this;
        foreach (var part in SplitPath(path))
        {
            if (current is not MapValue m || !m.TryGetValue(part, out var next)) return null;
            current = next;
        }
        return current;
    }

    // Policies follow the same few literal paths on every resource: split each once, not on every lookup.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> SplitPaths = new(StringComparer.Ordinal);

    private static string[] SplitPath(string path)
    {
        if (SplitPaths.TryGetValue(path, out var parts)) return parts;
        parts = path.Split('.');
        if (SplitPaths.Count < 4096) SplitPaths.TryAdd(path, parts);
        return parts;
    }

    /// <summary>The entries in ordinal key order (a struct enumerator: the writer and the policies walk every map).</summary>
    public List<KeyValuePair<string, Value>>.Enumerator GetEnumerator() => _entries.GetEnumerator();
    IEnumerator<KeyValuePair<string, Value>> IEnumerable<KeyValuePair<string, Value>>.GetEnumerator() => GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    public override bool Equals(Value? other) =>
        other is MapValue m && m._entries.Count == _entries.Count &&
        m._entries.All(kv => TryGetValue(kv.Key, out var v) && v.Equals(kv.Value));
    public override int GetHashCode()
    {
        var hash = 6;
        foreach (var (key, value) in _entries) hash = HashCode.Combine(hash, key, value);
        return hash;
    }

    public override string ToString() => "{" + string.Join(", ", _entries.Select(kv => $"{kv.Key}: {kv.Value}")) + "}";

    public static MapValue From(IEnumerable<KeyValuePair<string, string>> entries) =>
        new(entries.Select(kv => new KeyValuePair<string, Value>(kv.Key, new StringValue(kv.Value))));
}

/// <summary>A reference to a resource (its ID) or one of its outputs: <c>${name}</c>, <c>${name.path}</c>.</summary>
public sealed class RefValue(string resource, string? path = null) : Value
{
    public string Resource { get; } = resource;
    public string? Path { get; } = path;
    public string Expression => Path is null ? Resource : Resource + (Path.StartsWith('[') ? "" : ".") + Path;
    public override bool IsComputed => true;
    public override bool Equals(Value? other) => other is RefValue r && r.Resource == Resource && r.Path == Path;
    public override int GetHashCode() => HashCode.Combine(7, Resource, Path);
    public override string ToString() => "${" + Expression + "}";
}

/// <summary>
/// A reference to a stack config key declared in the program's <c>config</c> block: <c>${key}</c>.
/// This is how secret config reaches resources without its value ever being written.
/// </summary>
public sealed class ConfigRefValue(string key) : Value
{
    public string Key { get; } = key;
    public override bool IsComputed => true;
    public override bool Equals(Value? other) => other is ConfigRefValue c && c.Key == Key;
    public override int GetHashCode() => HashCode.Combine(8, Key);
    public override string ToString() => "${" + Key + "}";
}

/// <summary>A string built from literal text and references: <c>postgresql://${db.host}:5432</c>.</summary>
public sealed class InterpolationValue : Value
{
    public IReadOnlyList<Value> Parts { get; }

    public InterpolationValue(params Value[] parts)
    {
        foreach (var p in parts)
            if (p is not (StringValue or RefValue or ConfigRefValue))
                throw new ArgumentException($"an interpolation holds text and references only, not {p.GetType().Name}");
        Parts = parts;
    }

    public override bool IsComputed => Parts.Any(p => p.IsComputed);
    public override bool Equals(Value? other) => other is InterpolationValue i && i.Parts.SequenceEqual(Parts);
    public override int GetHashCode() => Parts.Aggregate(9, (h, v) => HashCode.Combine(h, v));
    public override string ToString() => string.Concat(Parts.Select(p => p.ToString()));
}

/// <summary>A Pulumi YAML built-in function call: <c>{ fn::toJSON: ... }</c>, <c>fn::invoke</c>, <c>fn::secret</c>, ...</summary>
public sealed class FunctionValue(string name, Value argument) : Value
{
    public string Name { get; } = name.StartsWith("fn::", StringComparison.Ordinal) ? name : "fn::" + name;
    public Value Argument { get; } = argument;
    public override bool IsComputed => true;
    public override bool Equals(Value? other) => other is FunctionValue f && f.Name == Name && f.Argument.Equals(Argument);
    public override int GetHashCode() => HashCode.Combine(10, Name, Argument);
    public override string ToString() => $"{{{Name}: {Argument}}}";

    public static FunctionValue ToJson(Value v) => new("fn::toJSON", v);
    public static FunctionValue Secret(Value v) => new("fn::secret", v);
    public static FunctionValue ToBase64(Value v) => new("fn::toBase64", v);
    public static FunctionValue Join(string delimiter, ListValue items) => new("fn::join", new ListValue { delimiter, items });
    public static FunctionValue Invoke(string function, MapValue arguments, string? returnPath = null)
    {
        var arg = new MapValue { ["function"] = function, ["arguments"] = arguments };
        if (returnPath is not null) arg["return"] = returnPath;
        return new("fn::invoke", arg);
    }
}
