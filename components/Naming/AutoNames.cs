using Supplychain.Components.Model;

namespace Supplychain.Components.Naming;

/// <summary>
/// Resources whose physical name is left to Pulumi's auto-naming get <c>LOGICAL-xxxxxxx</c> (the logical name, '-'
/// and 7 random hex characters, <see cref="PulumiAutoName.SuffixLength"/>). Logical names grow with config (pool,
/// team and model names), so for a service with a short limit that name can overflow. Then, and only then, the
/// resource gets the provider's name-prefix property instead: the provider still appends a unique suffix (26
/// characters in the Terraform-bridged AWS provider), so names stay unique across stacks in one account.
/// </summary>
public static class AutoNames
{
    /// <summary>Characters the AWS provider appends to a <c>namePrefix</c> (Terraform's <c>id.UniqueIDSuffixLength</c>).</summary>
    public const int ProviderPrefixSuffixLength = 26;

    /// <summary>Auto-named types with a limit a logical name can reach: the rule, the name property and the prefix property.</summary>
    public static readonly IReadOnlyDictionary<string, (NameRule Rule, string NameProperty, string PrefixProperty)> Limited =
        new Dictionary<string, (NameRule, string, string)>(StringComparer.Ordinal)
        {
            ["aws:iam:Role"] = (AwsNames.IamRole, "name", "namePrefix"),
            ["aws:eks:NodeGroup"] = (AwsNames.EksNodeGroup, "nodeGroupName", "nodeGroupNamePrefix"),
        };

    /// <summary>The name Pulumi's auto-naming gives <paramref name="logicalName"/>, with the suffix shown as <c>x</c>.</summary>
    public static string AutoName(string logicalName) => logicalName + "-" + new string('x', PulumiAutoName.SuffixLength - 1);

    /// <summary>The prefix to set when the auto-name would break <paramref name="rule"/>; null while it fits.</summary>
    public static string? PrefixWhenTooLong(string logicalName, NameRule rule) =>
        logicalName.Length + PulumiAutoName.SuffixLength <= rule.MaxLength
            ? null
            : NameFitting.Fit(logicalName, rule.MaxLength - ProviderPrefixSuffixLength - 1) + "-";

    /// <summary>Sets the prefix property on every auto-named resource of <see cref="Limited"/> whose auto-name would be too long.</summary>
    public static void FitAutoNamed(PulumiProgram program)
    {
        foreach (var resource in program.Resources)
        {
            if (!Limited.TryGetValue(resource.Type, out var limited)) continue;
            if (resource.Properties.ContainsKey(limited.NameProperty) || resource.Properties.ContainsKey(limited.PrefixProperty)) continue;
            if (PrefixWhenTooLong(resource.Name, limited.Rule) is { } prefix) resource.Properties[limited.PrefixProperty] = prefix;
        }
    }
}
