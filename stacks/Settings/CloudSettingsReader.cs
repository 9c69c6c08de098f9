using System.Text.RegularExpressions;
using Supplychain.Components.Domain;

namespace Supplychain.Stacks.Settings;

/// <summary>Reads <c>supplychain:ci</c>: the repository and branch whose workflows may release into the stack.</summary>
internal static partial class CiSettingsReader
{
    private static readonly string[] Fields = ["githubRepository", "branch"];

    public static CiSpec? Read(ObjectNode top, NodeReader reader)
    {
        if (!top.Has("ci")) return null;
        if (reader.Object(top["ci"], top.PathOf("ci"), "a CI configuration", Fields) is not { } ci) return null;
        var repo = ci.Format("githubRepository", required: true, r => Repository().IsMatch(r), "a GitHub repository", "owner/repo, e.g. acme/ml-platform");
        var branch = ci.Format("branch", required: false, b => Branch().IsMatch(b), "a branch name", "a git branch name without wildcards, e.g. main") ?? "main";
        return repo is null ? null : new CiSpec(repo, branch);
    }

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex Repository();

    [GeneratedRegex("^[A-Za-z0-9._/-]{1,200}$")]
    private static partial Regex Branch();
}

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
