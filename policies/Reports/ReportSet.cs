using System.Text;

namespace Supplychain.Policies.Reports;

/// <summary>Writes the report files (JSON, SARIF, JUnit XML, Markdown, HTML) into one directory.</summary>
public static class ReportSet
{
    public static IReadOnlyList<string> FileNames { get; } = [JsonReport.FileName, SarifReport.FileName, JUnitReport.FileName, MarkdownReport.FileName, HtmlReport.FileName];

    /// <summary>Renders every format (in memory, so a failure writes nothing) and writes them; returns the paths written.</summary>
    public static IReadOnlyList<string> WriteAll(string directory, ReportInputs inputs)
    {
        var files = Render(inputs);
        Directory.CreateDirectory(directory);
        var written = new List<string>(files.Count);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        foreach (var (name, text) in files)
        {
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, text, utf8);
            written.Add(path);
        }
        return written;
    }

    /// <summary>File name → content for every format.</summary>
    public static IReadOnlyList<(string Name, string Text)> Render(ReportInputs inputs) =>
    [
        (JsonReport.FileName, JsonReport.Write(inputs)),
        (SarifReport.FileName, SarifReport.Write(inputs)),
        (JUnitReport.FileName, JUnitReport.Write(inputs)),
        (MarkdownReport.FileName, MarkdownReport.Write(inputs)),
        (HtmlReport.FileName, HtmlReport.Write(inputs)),
    ];
}
