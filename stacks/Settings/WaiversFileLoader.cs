using Supplychain.Policies.Engine;
using Supplychain.Policies.Waivers;

namespace Supplychain.Stacks.Settings;

/// <summary>
/// Loads the stack's waivers file. The default file (<c>policies/waivers.yaml</c>) may be absent: no waivers. A file the
/// stack names in <c>supplychain:policy.waiversFile</c> must exist: a typo there would otherwise silently drop every waiver
/// (and with it the record of accepted risks), so it is a configuration error naming the key.
/// </summary>
public static class WaiversFileLoader
{
    public const string Key = "supplychain:policy.waiversFile";

    public static WaiverSet Load(string projectDirectory, StackSettings settings, IFileSystem fileSystem)
    {
        var relative = settings.Policy.WaiversFile;
        var full = Path.Combine(projectDirectory, relative);
        if (fileSystem.FileExists(full)) return WaiverFile.Parse(fileSystem.ReadAllText(full), relative);
        if (relative == PolicyConfig.DefaultWaiversFile) return WaiverSet.Empty;
        throw new ConfigurationException(settings.SourceDescription, Key,
            $"\"{relative}\" does not exist in {projectDirectory}; expected the path of a waivers file relative to the project root (or remove the key: the default {PolicyConfig.DefaultWaiversFile} may be absent)");
    }
}
