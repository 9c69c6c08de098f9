using System.Text;

namespace Supplychain.Policies.Reports;

/// <summary>Writes the report files (JSON, SARIF, JUnit XML, Markdown, HTML) into one directory.</summary>
public static class ReportSet
{
    public static IReadOnlyList<string> FileNames { get; } = [JsonReport.FileName, SarifReport.FileName, JUnitReport.FileName, MarkdownReport.FileName, HtmlReport.FileName];

    /// <summary>
    /// Renders every format and writes them; returns the paths written. A failure writes nothing: the formats are rendered
    /// in memory first, except the JUnit report, which lists every check (58 MB for a 1 GB preview) and is streamed into a
    /// file beside its place, moved there only when every format rendered, and deleted on a failure.
    /// </summary>
    public static IReadOnlyList<string> WriteAll(string directory, ReportInputs inputs)
    {
        var files = Render(inputs, withJUnit: false);
        Directory.CreateDirectory(directory);
        var junit = Path.Combine(directory, JUnitReport.FileName);
        var partial = junit + ".partial";
        try
        {
            using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                JUnitReport.Write(inputs, stream);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
        var written = new List<string>(files.Count + 1);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        foreach (var name in FileNames)
        {
            var path = Path.Combine(directory, name);
            if (name == JUnitReport.FileName) File.Move(partial, path, overwrite: true);
            else File.WriteAllText(path, files.Single(f => f.Name == name).Text, utf8);
            written.Add(path);
        }
        return written;
    }

    /// <summary>File name → content for every format.</summary>
    public static IReadOnlyList<(string Name, string Text)> Render(ReportInputs inputs) => Render(inputs, withJUnit: true);

    private static List<(string Name, string Text)> Render(ReportInputs inputs, bool withJUnit)
    {
        var files = new List<(string Name, string Text)> { (JsonReport.FileName, JsonReport.Write(inputs)), (SarifReport.FileName, SarifReport.Write(inputs)) };
        if (withJUnit) files.Add((JUnitReport.FileName, JUnitReport.Write(inputs)));
        files.Add((MarkdownReport.FileName, MarkdownReport.Write(inputs)));
        files.Add((HtmlReport.FileName, HtmlReport.Write(inputs)));
        return files;
    }
}
