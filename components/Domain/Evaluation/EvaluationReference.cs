namespace Supplychain.Components.Domain.Evaluation;

/// <summary>
/// <c>lineage.evaluation</c>: where a model's evaluation record is (a path relative to the project, so the record is
/// reviewed and versioned with the config that cites it) and the sha256 of its bytes.
/// </summary>
public sealed record EvaluationReference(string Uri, string Digest)
{
    /// <summary>What the stack found at <see cref="Uri"/> when it was read; null when it was not looked up.</summary>
    public EvaluationEvidence? Evidence { get; init; }
}

/// <summary>
/// The record as found: its actual digest and parsed content, or the problem (missing, unreadable, not a record).
/// Loaded by the stacks layer before policies run, so the lineage policies judge evidence without touching files.
/// </summary>
public sealed record EvaluationEvidence(string? ActualDigest, EvaluationRecord? Record, string? Problem)
{
    public static EvaluationEvidence Load(string fullPath)
    {
        if (!File.Exists(fullPath)) return new(null, null, "no such file");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(fullPath); }
        catch (IOException e) { return new(null, null, "unreadable: " + e.Message); }
        catch (UnauthorizedAccessException e) { return new(null, null, "unreadable: " + e.Message); }
        var digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        try { return new(digest, EvaluationRecord.Parse(bytes), null); }
        catch (FormatException e) { return new(digest, null, e.Message); }
    }
}
