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

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}\\z")]
    private static partial Regex Repository();

    [GeneratedRegex("^[A-Za-z0-9._/-]{1,200}\\z")]
    private static partial Regex Branch();
}
