using System.Diagnostics;

namespace Supplychain.Tests.Reports;

/// <summary>
/// Debian's <c>chromium</c> run headless on a local file: the DOM after scripts ran (<c>--dump-dom</c>), the console
/// messages (logged to stderr as <c>CONSOLE</c> lines) and a PNG screenshot. No network: every fetch-y feature is off.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public sealed record DomResult(string Dom, IReadOnlyList<string> ConsoleLines);

    /// <summary>The browser, or a failure that says how to install it (CI's .ci/run installs it when missing).</summary>
    public static string Executable()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Append("/usr/bin"))
        {
            var candidate = Path.Combine(dir, "chromium");
            if (File.Exists(candidate)) return candidate;
        }
        Assert.Fail("Headless Chromium is required for the HTML report test and was not found on PATH or at /usr/bin/chromium. " +
                    "Install Debian's package: `apt-get update && apt-get install -y --no-install-recommends chromium` (CI's .ci/run does this when it is missing).");
        return "";
    }

    public static DomResult DumpDom(string htmlFile)
    {
        var (stdout, stderr) = Run(["--enable-logging=stderr", "--v=0", "--dump-dom", new Uri(htmlFile).AbsoluteUri]);
        var console = stderr.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToList();
        return new DomResult(stdout, console);
    }

    public static void Screenshot(string htmlFile, string pngFile, int width = 1280, int height = 2400)
    {
        if (File.Exists(pngFile)) File.Delete(pngFile);
        Run([$"--screenshot={pngFile}", $"--window-size={width},{height}", "--hide-scrollbars", new Uri(htmlFile).AbsoluteUri]);
        Assert.True(File.Exists(pngFile), $"chromium wrote no screenshot to {pngFile}");
    }

    private static (string Out, string Err) Run(IEnumerable<string> args)
    {
        var profile = Directory.CreateTempSubdirectory("supplychain-chromium-");
        try
        {
            var start = new ProcessStartInfo(Executable())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio", $"--user-data-dir={profile.FullName}",
                     }.Concat(args))
                start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"chromium did not finish within {Timeout.TotalSeconds} s");
            }
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"chromium exited {process.ExitCode}: {stderr.Result}");
            return (stdout.Result, stderr.Result);
        }
        finally
        {
            try { profile.Delete(recursive: true); }
            catch (IOException) { }
        }
    }
}
