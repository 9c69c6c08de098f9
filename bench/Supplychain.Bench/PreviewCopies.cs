using System.Text.Json;

namespace Supplychain.Bench;

/// <summary>
/// Copies of an engine file's steps, every URN suffixed with the copy number, so each copy is a distinct set of resources
/// with the real shapes. The audit benchmark builds its large previews with it and the streaming-audit tests their
/// multi-copy ones (this file is linked into the test project).
/// </summary>
internal static class PreviewCopies
{
    /// <summary>Writes copy number <paramref name="copy"/> of the steps; returns how many were written.</summary>
    public static int WriteCopy(Utf8JsonWriter w, JsonElement steps, int copy)
    {
        var suffix = $"-c{copy}";
        var count = 0;
        foreach (var step in steps.EnumerateArray())
        {
            // One stack resource for the whole file, as in a real preview.
            if (copy > 0 && step.GetProperty("urn").GetString()!.Contains("pulumi:pulumi:Stack", StringComparison.Ordinal)) continue;
            Copy(w, step, suffix);
            count++;
        }
        return count;
    }

    private static void Copy(Utf8JsonWriter w, JsonElement e, string suffix)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                foreach (var p in e.EnumerateObject()) { w.WritePropertyName(p.Name); Copy(w, p.Value, suffix); }
                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var i in e.EnumerateArray()) Copy(w, i, suffix);
                w.WriteEndArray();
                break;
            case JsonValueKind.String:
                var s = e.GetString()!;
                w.WriteStringValue(s.StartsWith("urn:pulumi:", StringComparison.Ordinal) && !s.Contains("pulumi:pulumi:Stack", StringComparison.Ordinal) ? Suffix(s, suffix) : s);
                break;
            default:
                e.WriteTo(w);
                break;
        }
    }

    /// <summary>Suffixes the URN's name; a provider reference (<c>urn::id</c>) keeps its ID at the end.</summary>
    private static string Suffix(string urn, string suffix)
    {
        var parts = urn.Split("::");
        // urn:pulumi:stack :: project :: type :: name [:: provider id]
        if (parts.Length == 5) return $"{parts[0]}::{parts[1]}::{parts[2]}::{parts[3]}{suffix}::{parts[4]}";
        return urn + suffix;
    }
}
