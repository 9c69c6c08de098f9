using System.Text;

namespace Supplychain.Policies.Reports;

/// <summary>Writes the report files (JSON, SARIF, JUnit XML, Markdown, HTML) into one directory.</summary>
public static class ReportSet
{
    public static IReadOnlyList<string> FileNames { get; } = [JsonReport.FileName, SarifReport.FileName, JUnitReport.FileName, MarkdownReport.FileName, HtmlReport.FileName];

    /// <summary>
    /// Renders every format and writes them; returns the paths written. A failure writes nothing: the small formats are
    /// rendered in memory first; the JSON and JUnit reports, which list every cost line and every check (26 and 58 MB for a
    /// 1 GB preview), are streamed into files beside their places, moved there once all are made, and deleted on a failure.
    /// </summary>
    public static IReadOnlyList<string> WriteAll(string directory, ReportInputs inputs)
    {
        var files = Render(inputs, withStreamed: false);
        Directory.CreateDirectory(directory);
        var partials = new List<(string Name, string Partial)>();
        try
        {
            foreach (var (name, write) in Streamed)
            {
                var partial = Path.Combine(directory, name + ".partial");
                partials.Add((name, partial));
                using var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                write(inputs, stream);
            }
        }
        catch
        {
            foreach (var (_, partial) in partials) File.Delete(partial);
            throw;
        }
        var written = new List<string>(FileNames.Count);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        foreach (var name in FileNames)
        {
            var path = Path.Combine(directory, name);
            if (partials.FirstOrDefault(p => p.Name == name).Partial is { } partial) File.Move(partial, path, overwrite: true);
            else File.WriteAllText(path, files.Single(f => f.Name == name).Text, utf8);
            written.Add(path);
        }
        return written;
    }

    /// <summary>The formats written to a file as they are made (they grow with the stack).</summary>
    private static readonly (string Name, Action<ReportInputs, Stream> Write)[] Streamed =
        [(JsonReport.FileName, JsonReport.Write), (JUnitReport.FileName, JUnitReport.Write)];

    /// <summary>File name → content for every format.</summary>
    public static IReadOnlyList<(string Name, string Text)> Render(ReportInputs inputs) => Render(inputs, withStreamed: true);

    private static List<(string Name, string Text)> Render(ReportInputs inputs, bool withStreamed)
    {
        var files = new List<(string Name, string Text)>();
        if (withStreamed) files.Add((JsonReport.FileName, JsonReport.Write(inputs)));
        files.Add((SarifReport.FileName, SarifReport.Write(inputs)));
        if (withStreamed) files.Add((JUnitReport.FileName, JUnitReport.Write(inputs)));
        files.Add((MarkdownReport.FileName, MarkdownReport.Write(inputs)));
        files.Add((HtmlReport.FileName, HtmlReport.Write(inputs)));
        return files;
    }
}
