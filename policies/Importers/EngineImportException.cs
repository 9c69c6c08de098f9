namespace Supplychain.Policies.Importers;

/// <summary>An engine output file that cannot be read: the file, where (line and column, 1-based, or byte offset) and why.</summary>
public sealed class EngineImportException(string file, long? line, long? column, long? offset, string reason)
    : Exception(Format(file, line, column, offset, reason))
{
    public string File { get; } = file;
    public long? Line { get; } = line;
    public long? Column { get; } = column;
    public long? Offset { get; } = offset;
    public string Reason { get; } = reason;

    private static string Format(string file, long? line, long? column, long? offset, string reason)
    {
        var where = line is not null ? $"{file}:{line}:{column}" : offset is not null ? $"{file}: byte {offset}" : file;
        return $"{where}: {reason}";
    }
}
