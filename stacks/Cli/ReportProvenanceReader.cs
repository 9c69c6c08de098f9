using System.Diagnostics;
using System.Security.Cryptography;
using Supplychain.Policies.Reports;
using Supplychain.Stacks.Settings;

namespace Supplychain.Stacks.Cli;

/// <summary>
/// What a report is generated from: the project's git commit (<c>git rev-parse HEAD</c>, when the project is a checkout
/// and git is installed; otherwise unknown) and the sha256 of the stack config file's bytes.
/// </summary>
internal static class ReportProvenanceReader
{
    public static ReportProvenance Read(string projectDirectory, string stackName, IFileSystem fileSystem)
    {
        var configFile = ConfigSource.StackFileName(stackName);
        var path = Path.Combine(projectDirectory, configFile);
        string? digest = fileSystem.FileExists(path)
            ? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(fileSystem.ReadAllText(path))))
            : null;
        return new ReportProvenance(GitCommit(projectDirectory), digest, configFile);
    }

    /// <summary>The checked-out commit, or null when there is no git or no repository (the report then says "unknown").</summary>
    public static string? GitCommit(string directory)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["-C", directory, "rev-parse", "HEAD"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (git is null) return null;
            var output = git.StandardOutput.ReadToEnd().Trim();
            if (!git.WaitForExit(5_000)) { git.Kill(); return null; }
            return git.ExitCode == 0 && output.Length is 40 or 64 && output.All(char.IsAsciiHexDigitLower) ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git is not installed
        }
    }
}
