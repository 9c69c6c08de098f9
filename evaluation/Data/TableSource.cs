using System.Security.Cryptography;

namespace Supplychain.Evaluation.Data;

/// <summary>How a column's values are read: numbers (missing is NaN), text (missing is null), or a type this tool cannot read.</summary>
public enum ColumnKind { Number, Text, Unsupported }

public sealed record TableColumn(string Name, ColumnKind Kind, string SourceType);

/// <summary>A forward-only pass over a table's rows. Values are read from the current row by column index.</summary>
public interface ITableCursor : IDisposable
{
    bool MoveNext();
    /// <summary>The 1-based number of the current data row (the header is not counted).</summary>
    long Row { get; }
    /// <summary>The value as a number; NaN when missing. Only for <see cref="ColumnKind.Number"/> columns.</summary>
    double Number(int column);
    /// <summary>The value as text; null when missing. Numbers are rendered invariantly.</summary>
    string? Text(int column);
}

/// <summary>
/// A tabular file (CSV, TSV or Parquet) read as a stream of rows: never loaded whole, so memory stays flat however
/// large the file. <see cref="Open"/> may be called any number of times; each cursor reads the file again.
/// </summary>
public abstract class TableSource
{
    public static readonly IReadOnlyList<string> Formats = ["csv", "tsv", "parquet"];

    protected TableSource(string path, string format)
    {
        Path = path;
        Format = format;
    }

    public string Path { get; }
    /// <summary>csv | tsv | parquet.</summary>
    public string Format { get; }
    public abstract IReadOnlyList<TableColumn> Columns { get; }
    public abstract ITableCursor Open();

    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>Opens a table by its extension. <paramref name="textColumns"/> are read as text even when every value is a number (segments, ids).</summary>
    public static TableSource Open(string path, IReadOnlyCollection<string>? textColumns = null)
    {
        if (!File.Exists(path)) throw new EvaluationInputException($"{path}: no such file");
        var extension = System.IO.Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".csv" => DelimitedTable.Read(path, "csv", ',', textColumns ?? []),
            ".tsv" or ".tab" => DelimitedTable.Read(path, "tsv", '\t', textColumns ?? []),
            ".parquet" or ".pq" => ParquetTable.Read(path),
            _ => throw new EvaluationInputException($"{path}: '{extension}' is not a supported table format; expected .csv, .tsv or .parquet"),
        };
    }

    public int IndexOf(string column, string role)
    {
        for (var i = 0; i < Columns.Count; i++)
            if (Columns[i].Name == column) return i;
        throw new EvaluationInputException(
            $"{Path}: no column '{column}' (the {role}); the file has {string.Join(", ", Columns.Select(c => c.Name))}");
    }

    /// <summary>The sha256 of a file, as <c>sha256:&lt;64 hex&gt;</c>; streamed.</summary>
    public static string Digest(string path)
    {
        using var stream = File.OpenRead(path);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
