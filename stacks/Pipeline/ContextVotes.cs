using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;

namespace Supplychain.Stacks.Pipeline;

/// <summary>
/// The stack context an audit infers without a stack's config, counted one resource at a time (so a streaming audit can
/// count as resources pass): the target from provider packages among every resource and provider, the environment,
/// owner, cost center and data classification by majority of the judged resources' governance labels (or tags), ties
/// to the ordinal first value.
/// </summary>
internal sealed class ContextVotes
{
    private static readonly (string Label, string Tag)[] Fields =
    [
        (Labels.Environment, "environment"), (Labels.Owner, "owner"), (Labels.CostCenter, "cost-center"), (Labels.DataClassification, "data-classification"),
    ];

    private readonly Dictionary<string, int>[] _counts = Fields.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
    private bool _aws, _azure;

    /// <summary>A judged resource, or a provider (explicit or default: its package names the target, its labels do not vote).</summary>
    public void Observe(ResourceView r, bool isProvider)
    {
        var t = r.Type;
        _aws |= t.StartsWith("aws:", StringComparison.Ordinal) || t == "pulumi:providers:aws";
        _azure |= t.StartsWith("azure-native:", StringComparison.Ordinal) || t == "pulumi:providers:azure-native";
        if (isProvider) return;
        var labels = r.Properties.At("metadata.labels") as MapValue;
        var tags = r.Properties.At("tags") as MapValue;
        for (var i = 0; i < Fields.Length; i++)
        {
            var value = labels?.TryGetValue(Fields[i].Label, out var v) == true ? v
                : tags?.TryGetValue(Fields[i].Tag, out var tag) == true ? tag : null;
            if (value is StringValue s) _counts[i][s.Text] = _counts[i].GetValueOrDefault(s.Text) + 1;
        }
    }

    public StackContext Context(string? stackName)
    {
        var target = _aws ? DeploymentTarget.Aws : _azure ? DeploymentTarget.Azure : DeploymentTarget.Local;
        var environment = Majority(0) switch
        {
            "prod" => EnvironmentTier.Prod,
            "staging" => EnvironmentTier.Staging,
            _ => EnvironmentTier.Dev,
        };
        return new StackContext(stackName ?? "unknown", target, environment, Majority(1) ?? "unknown", Majority(2) ?? "unknown", Majority(3) ?? "internal");
    }

    private string? Majority(int field) => _counts[field]
        .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key).FirstOrDefault();
}
