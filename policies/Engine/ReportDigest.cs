using System.Buffers;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Supplychain.Policies.Engine;

/// <summary>
/// The report's fingerprint: sha256 over the canonical JSON (compact, fixed field order, findings in report order)
/// of the stack, the price catalog date and every finding with its waiver. The generation time is not part of it,
/// so the same program, config and waivers give the same digest, and the stack output changes only when results do.
/// </summary>
public static class ReportDigest
{
    public static string Compute(ReportStack stack, string? catalogDate, IReadOnlyList<Finding> findings)
    {
        // The canonical bytes are hashed as they are written, a finding at a time, rather than kept whole: a fleet's report
        // of thousands of findings is megabytes of JSON.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var w = new Utf8JsonWriter(buffer, Canonical))
        {
            w.WriteStartObject();
            w.WriteStartObject("stack");
            WriteStack(w, stack);
            w.WriteEndObject();
            w.WriteString("catalogDate", catalogDate);
            w.WriteStartArray("findings");
            foreach (var f in findings)
            {
                WriteFinding(w, f);
                w.Flush();
                hash.AppendData(buffer.WrittenSpan);
                buffer.ResetWrittenCount();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        hash.AppendData(buffer.WrittenSpan);
        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Compact and escaping only what JSON requires, so the bytes do not depend on writer defaults.</summary>
    internal static readonly JsonWriterOptions Canonical = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal static void WriteStack(Utf8JsonWriter w, ReportStack stack)
    {
        w.WriteString("name", stack.Name);
        w.WriteString("environment", stack.Environment);
        w.WriteString("target", stack.Target);
    }

    /// <summary>One finding as an object; the JSON report writes the same shape, so the digest covers exactly what it shows.</summary>
    internal static void WriteFinding(Utf8JsonWriter w, Finding f)
    {
        w.WriteStartObject();
        w.WriteString("policyId", f.PolicyId);
        w.WriteString("pack", f.Pack);
        w.WriteString("severity", ReportNames.Of(f.Severity));
        w.WriteString("enforcement", ReportNames.Of(f.Enforcement));
        w.WriteBoolean("blocking", f.IsBlocking);
        w.WriteBoolean("error", f.IsError);
        w.WriteString("resource", f.Resource);
        w.WriteString("component", f.Component);
        w.WriteString("componentPath", f.ComponentPath);
        w.WriteString("resourceType", f.ResourceType);
        w.WriteString("propertyPath", f.PropertyPath);
        w.WriteString("observed", f.Observed);
        w.WriteString("message", f.Message);
        w.WriteString("remediation", f.Remediation);
        WriteFrameworks(w, "frameworks", f.Frameworks);
        if (f.Waiver is { } waiver)
        {
            w.WriteStartObject("waiver");
            w.WriteString("reason", waiver.Reason);
            w.WriteString("approver", waiver.Approver);
            w.WriteString("expires", ReportNames.Date(waiver.Expires));
            w.WriteEndObject();
        }
        else w.WriteNull("waiver");
        w.WriteEndObject();
    }

    internal static void WriteFrameworks(Utf8JsonWriter w, string name, IReadOnlyList<FrameworkControl> controls)
    {
        w.WriteStartArray(name);
        foreach (var c in controls)
        {
            w.WriteStartObject();
            w.WriteString("framework", c.Framework);
            w.WriteString("control", c.Control);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
