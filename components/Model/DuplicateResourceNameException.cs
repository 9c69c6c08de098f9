namespace Supplychain.Components.Model;

/// <summary>
/// Two resources derive the same logical name from different component paths (segments joined with '-', so
/// <c>teams/a-b/x</c> and <c>teams/a/b-x</c> meet). Path segments are config names (teams, models, pools), so this is
/// a configuration problem: the synth pipeline reports it as one, naming both paths.
/// </summary>
public sealed class DuplicateResourceNameException(string name, ComponentPath first, ComponentPath second)
    : InvalidOperationException($"two resources are named '{name}' (component paths {first} and {second}); names derive from component paths and must be unique")
{
    public string Name { get; } = name;
    public ComponentPath First { get; } = first;
    public ComponentPath Second { get; } = second;
}
