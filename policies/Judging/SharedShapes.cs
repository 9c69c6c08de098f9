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
public sealed class SharedShapes
{
    private readonly HashSet<Value> _values = new(Strict.Instance);
    private readonly Dictionary<string, StringValue> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

    /// <summary>Distinct values held.</summary>
    public int Count => _values.Count + _strings.Count;

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
                var map = new MapValue();
                foreach (var (key, item) in m) map.Add(Share(key), Share(item));
                return Intern(map);
            case ListValue l:
                return Intern(new ListValue(l.Items.Select(Share)));
            case NumberValue or BoolValue or NullValue or UnknownValue or SecretValue:
                return Intern(value);
            default:
                return value; // a kind whose reading is not known here: kept as it is
        }
    }

    private Value Intern(Value value)
    {
        if (_values.TryGetValue(value, out var shared)) return shared;
        _values.Add(value);
        return value;
    }

    /// <summary>Equality that nothing read from a value can tell apart (the values' own equality is looser on numbers).</summary>
    private sealed class Strict : IEqualityComparer<Value>
    {
        public static readonly Strict Instance = new();

        public bool Equals(Value? x, Value? y)
        {
            if (ReferenceEquals(x, y)) return true;
            if (x is null || y is null || x.GetType() != y.GetType()) return false;
            switch (x)
            {
                case StringValue s: return s.Text == ((StringValue)y).Text;
                case NumberValue n: return decimal.GetBits(n.Number).AsSpan().SequenceEqual(decimal.GetBits(((NumberValue)y).Number));
                case BoolValue b: return b.Flag == ((BoolValue)y).Flag;
                case NullValue or UnknownValue or SecretValue: return true;
                case ListValue l:
                    var other = (ListValue)y;
                    if (l.Count != other.Count) return false;
                    for (var i = 0; i < l.Count; i++)
                        if (!Equals(l[i], other[i])) return false;
                    return true;
                case MapValue m:
                    var them = (MapValue)y;
                    if (m.Count != them.Count) return false;
                    using (var a = m.GetEnumerator())
                    using (var b = them.GetEnumerator())
                        while (a.MoveNext() && b.MoveNext())
                            if (a.Current.Key != b.Current.Key || !Equals(a.Current.Value, b.Current.Value)) return false;
                    return true;
                default: return false;
            }
        }

        // Strictly equal values are equal values, so the values' own hash fits.
        public int GetHashCode(Value value) => value.GetHashCode();
    }
}
