using System.Text.RegularExpressions;
using Supplychain.Components.Domain;

namespace Supplychain.Stacks.Settings;

/// <summary>Reads <c>supplychain:aws</c>: options of the aws target. Required when the target is aws.</summary>
internal static partial class AwsSettingsReader
{
    private static readonly string[] Fields = ["region"];

    public static AwsTargetSpec? Read(ObjectNode top, NodeReader reader, string? target)
    {
        if (!top.Has("aws"))
        {
            if (target == "aws") reader.Error(top.PathOf("aws"), "is missing; the aws target needs at least { region: <aws region> }");
            return null;
        }
        if (reader.Object(top["aws"], top.PathOf("aws"), "AWS target options", Fields) is not { } aws) return null;
        var region = aws.Format("region", required: true, r => Region().IsMatch(r), "an AWS region", "an AWS region such as us-east-1");
        return region is null ? null : new AwsTargetSpec(region);
    }

    [GeneratedRegex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$")]
    private static partial Regex Region();
}
