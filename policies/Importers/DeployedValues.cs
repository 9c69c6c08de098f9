using Supplychain.Components.Model;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Importers;

/// <summary>
/// What is deployed, from a resource's engine state: the declared <c>inputs</c> overlaid with the <c>outputs</c> the
/// provider reported, where it reported a known value. Outputs carry what the provider computed or defaulted and the
/// inputs never say (an S3 bucket's default encryption, a cluster's effective settings); inputs still hold what the
/// provider does not echo. Engine-internal keys (<c>__defaults</c>, <c>__meta</c>, ...) are not properties.
/// </summary>
public static class DeployedValues
{
    /// <summary>A deployed resource (state, or a preview's unchanged resource): outputs win where known.</summary>
    public static MapValue Effective(MapValue inputs, MapValue? outputs)
    {
        if (outputs is null || outputs.Count == 0) return inputs;
        var result = new MapValue();
        foreach (var (k, v) in inputs) result[k] = v;
        foreach (var (k, o) in outputs)
        {
            if (IsInternal(k) || !IsKnown(o)) continue;
            result[k] = result.TryGetValue(k, out var i) && i is MapValue im && o is MapValue om ? Effective(im, om) : o;
        }
        return result;
    }

    /// <summary>
    /// A resource an update changes: the new inputs win; what the provider computed before (outputs under keys never
    /// declared) stays, since the update does not touch it; a key declared before and dropped now is gone.
    /// </summary>
    public static MapValue Updated(MapValue newInputs, MapValue? oldOutputs, MapValue? oldInputs)
    {
        if (oldOutputs is null || oldOutputs.Count == 0) return newInputs;
        var result = new MapValue();
        foreach (var (k, v) in newInputs) result[k] = v;
        foreach (var (k, o) in oldOutputs)
        {
            if (IsInternal(k) || !IsKnown(o)) continue;
            if (result.TryGetValue(k, out var i))
            {
                if (i is MapValue im && o is MapValue om)
                    result[k] = Updated(im, om, oldInputs?.TryGetValue(k, out var oi) == true ? oi as MapValue : null);
                continue;
            }
            if (oldInputs is not null && oldInputs.ContainsKey(k)) continue; // declared before, removed by this update
            result[k] = o;
        }
        return result;
    }

    /// <summary>The key paths (dotted) a map declares, to tell declared values from provider-computed ones.</summary>
    public static bool Declares(MapValue inputs, string path)
    {
        Value current = inputs;
        foreach (var part in path.Split('.'))
        {
            var cut = part.IndexOf('[', StringComparison.Ordinal);
            var key = cut >= 0 ? part[..cut] : part;
            if (current is not MapValue m || !m.TryGetValue(key, out var next)) return false;
            current = next;
            if (cut >= 0) return true; // inside a declared list: the list is declared
        }
        return true;
    }

    private static bool IsInternal(string key) => key.StartsWith("__", StringComparison.Ordinal);

    private static bool IsKnown(Value v) => v is not UnknownValue and not NullValue;
}
