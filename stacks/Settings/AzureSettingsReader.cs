using System.Text.RegularExpressions;
using Supplychain.Components.Domain;

namespace Supplychain.Stacks.Settings;

/// <summary>Reads <c>supplychain:azure</c>: options of the azure target. Required when the target is azure.</summary>
internal static partial class AzureSettingsReader
{
    private static readonly string[] Fields = ["location"];

    public static AzureTargetSpec? Read(ObjectNode top, NodeReader reader, string? target)
    {
        if (!top.Has("azure"))
        {
            if (target == "azure") reader.Error(top.PathOf("azure"), "is missing; the azure target needs at least { location: <azure location> }");
            return null;
        }
        if (reader.Object(top["azure"], top.PathOf("azure"), "Azure target options", Fields) is not { } azure) return null;
        var location = azure.Format("location", required: true, l => Location().IsMatch(l), "an Azure location", "an Azure location name such as eastus or westeurope");
        return location is null ? null : new AzureTargetSpec(location);
    }

    [GeneratedRegex("^[a-z]+[a-z0-9]*$")]
    private static partial Regex Location();
}
