using Supplychain.Policies.YamlPolicies;
using Supplychain.Policies.Judging;
using Supplychain.Policies.Waivers;
using Supplychain.Stacks.Settings;

namespace Supplychain.Stacks.Pipeline;

/// <summary>
/// The files a stack's judgement reads from its project: the waivers file and the custom policies folder (both named by
/// the stack's policy config, relative to the project root). A malformed custom policy is bad input: every problem is
/// reported with its file, line and reason (exit 2), never skipped.
/// </summary>
internal sealed class PolicyInputs(string projectDirectory, IFileSystem fileSystem)
{
    /// <summary>The stack's waivers: a waivers file the stack names must exist (<see cref="WaiversFileLoader"/>).</summary>
    public WaiverSet Waivers(StackSettings settings) => WaiversFileLoader.Load(projectDirectory, settings, fileSystem);

    /// <summary>Waivers when only the policy config is known (an audit without a stack file): the named file if present.</summary>
    public WaiverSet Waivers(PolicyConfig config)
    {
        var full = Path.Combine(projectDirectory, config.WaiversFile);
        return fileSystem.FileExists(full) ? WaiverFile.Parse(fileSystem.ReadAllText(full), config.WaiversFile) : WaiverSet.Empty;
    }

    public PolicySet Policies(PolicyConfig config)
    {
        var files = CustomFiles(config.CustomPoliciesDirectory);
        if (files.Count == 0) return PolicySet.BuiltIn;
        var loaded = CustomPolicyLoader.Load(files);
        if (loaded.Errors.Count > 0)
            throw new ConfigurationException(loaded.Errors.Select(e => new ConfigurationError($"{e.File}:{e.Line}", e.Path, e.Message)).ToList());
        return PolicySet.With(loaded.Policies, files);
    }

    /// <summary>The <c>*.yaml</c> and <c>*.yml</c> files of the custom policies folder, in ordinal order (none when it does not exist).</summary>
    private List<PolicySourceFile> CustomFiles(string relativeDirectory)
    {
        var dir = Path.Combine(projectDirectory, relativeDirectory);
        return fileSystem.ListFileNames(dir, "*.yaml").Concat(fileSystem.ListFileNames(dir, "*.yml"))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(name => new PolicySourceFile(relativeDirectory.TrimEnd('/') + "/" + name, fileSystem.ReadAllText(Path.Combine(dir, name))))
            .ToList();
    }
}
