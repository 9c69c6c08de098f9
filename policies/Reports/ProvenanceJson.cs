using System.Text.Json;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Reports;

/// <summary>The provenance fields every JSON-shaped report writes: tool version, pack versions, policy-set digest.</summary>
internal static class ProvenanceJson
{
    public static void WriteBody(Utf8JsonWriter w, PolicyProvenance? provenance)
    {
        if (provenance is null) return;
        w.WriteString("version", provenance.ToolVersion);
        w.WriteString("policySetDigest", provenance.PolicySetDigest);
        w.WriteStartArray("packs");
        foreach (var pack in provenance.Packs)
        {
            w.WriteStartObject();
            w.WriteString("name", pack.Pack);
            w.WriteString("version", pack.Version);
            w.WriteNumber("policies", pack.Policies);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
