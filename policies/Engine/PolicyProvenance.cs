using System.Reflection;

namespace Supplychain.Policies.Engine;

/// <summary>A pack's version as it judged a stack: declared for built-in packs, the digest of its files for the custom pack.</summary>
public sealed record PackVersion(string Pack, string Version, int Policies);

/// <summary>
/// Which rules judged a stack, so an auditor can tell two reports' rule sets apart: the tool's version, each pack's version,
/// and <c>sha256:&lt;hex&gt;</c> over the whole policy set (every policy's id, pack and effective enforcement and settings, and
/// the content of every custom policy file).
/// </summary>
public sealed record PolicyProvenance(string ToolName, string ToolVersion, IReadOnlyList<PackVersion> Packs, string PolicySetDigest)
{
    public const string Tool = "supplychain";

    /// <summary>The tool's version: the assembly's informational version without build metadata (<c>1.0.0</c>).</summary>
    public static string CurrentToolVersion { get; } = ReadToolVersion();

    private static string ReadToolVersion()
    {
        var info = typeof(Policy).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                   ?? typeof(Policy).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        var plus = info.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? info : info[..plus];
    }
}
