using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP008 (remediable): every Kubernetes object carries the owner, cost-center, environment and data-classification labels
/// (<c>supplychain.dev/</c> keys) and every taggable cloud resource the same tags (keys without the prefix). Remediation
/// fills in the missing ones from the stack (never overwrites a value that is set) and reports each addition.
/// </summary>
public sealed class RequiredGovernanceLabels : ResourcePolicy, IRemediable
{
    /// <summary>Cloud types that take <c>tags</c> and that the components create; any other cloud resource already carrying <c>tags</c> is judged too.</summary>
    public static readonly IReadOnlyList<string> TaggableCloudTypes =
    [
        CloudTypes.S3Bucket, CloudTypes.S3BucketV2, CloudTypes.RdsInstance, CloudTypes.RdsCluster, CloudTypes.ElastiCacheReplicationGroup,
        CloudTypes.EcrRepository, CloudTypes.EksCluster, "aws:eks:NodeGroup", CloudTypes.IamRole, CloudTypes.IamPolicy, "aws:ec2:Vpc",
        "aws:ec2:Subnet", "aws:ec2:SecurityGroup", "aws:kms:Key", "aws:budgets:Budget",
        CloudTypes.AzureStorageAccount, CloudTypes.AzureRegistry, CloudTypes.AzureManagedCluster, CloudTypes.AzurePostgresServer,
        CloudTypes.AzurePostgresFlexibleServer, CloudTypes.AzureRedis, "azure-native:resources:ResourceGroup",
        "azure-native:containerservice:AgentPool", "azure-native:network:VirtualNetwork", "azure-native:keyvault:Vault",
    ];

    public override string Id => "CMP008";
    public override string Pack => "compliance";
    public override string Title => "Resources must carry owner, cost-center, environment and data-classification labels or tags";
    public override string Rationale =>
        "Ownership and cost center route incidents and bills; the environment and data classification decide which controls and " +
        "retention apply. An untagged resource is an orphan nobody answers for.";
    public override string Remediation =>
        $"Create resources through Scope (Kube.Metadata / Scope.Tags add them), or run with enforcement 'remediate' to add the missing " +
        $"ones from the stack's owner, cost center, environment and data classification.";
    public override Severity Severity => Severity.Medium;
    public override Enforcement DefaultEnforcement => Enforcement.Remediate;
    public override IReadOnlyList<FrameworkControl> Controls =>
        [Frameworks.Soc2("CC2.1"), Frameworks.Soc2("CC6.1"), Frameworks.Iso42001("A.4.2"), Frameworks.NistAiRmf("GOVERN 1.6")];

    /// <summary>Kubernetes objects and cloud resources (any cloud type may carry <c>tags</c>).</summary>
    public override bool JudgesType(string type) => IsLabelled(type) || CloudTypes.IsCloud(type);

    public override bool AppliesTo(ResourceView resource, StackView stack) => IsLabelled(resource.Type) || IsTagged(resource.Type, resource.Properties);

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        var kubernetes = resource.IsKubernetes;
        var path = kubernetes ? "metadata.labels" : "tags";
        var map = resource.Properties.At(path);
        if (map is { IsComputed: true } && map is not MapValue) yield break;
        foreach (var key in kubernetes ? LabelKeys : TagKeys)
        {
            var value = Workloads.Entry(map as MapValue, key);
            if (value is { IsComputed: true } || value is StringValue { Text.Length: > 0 }) continue;
            yield return new Violation(resource.Name, $"{path}[\"{key}\"]", value?.ToString(), $"the resource has no '{key}' {(kubernetes ? "label" : "tag")}");
        }
    }

    public IReadOnlyList<string> Remediate(Resource resource, StackView stack)
    {
        var changes = new List<string>();
        if (resource.Type == KubeTypes.ConfigGroup)
        {
            if (resource.Properties.At("objs") is ListValue objs)
                foreach (var (obj, i) in objs.OfType<MapValue>().Select((o, i) => (o, i)))
                    changes.AddRange(Fill(obj, stack.Stack, kubernetes: true).Select(c => $"objs[{i}].{c}"));
            return changes;
        }
        if (IsLabelled(resource.Type) || IsTagged(resource.Type, resource.Properties))
            changes.AddRange(Fill(resource.Properties, stack.Stack, resource.Type.StartsWith("kubernetes:", StringComparison.Ordinal)));
        return changes;
    }

    private static IEnumerable<string> Fill(MapValue properties, StackContext stack, bool kubernetes)
    {
        MapValue? map;
        string path;
        if (kubernetes)
        {
            if (properties.At("metadata") is not MapValue metadata) properties["metadata"] = metadata = new MapValue();
            if (metadata.At("labels") is not MapValue labels)
            {
                if (metadata.ContainsKey("labels")) yield break; // a computed label map cannot be edited
                metadata["labels"] = labels = new MapValue();
            }
            (map, path) = (labels, "metadata.labels");
        }
        else
        {
            if (properties.At("tags") is not MapValue tags)
            {
                if (properties.ContainsKey("tags")) yield break;
                properties["tags"] = tags = new MapValue();
            }
            (map, path) = (tags, "tags");
        }
        foreach (var (key, value) in Required(stack, kubernetes))
        {
            if (map.TryGetValue(key, out var existing) && (existing.IsComputed || existing is StringValue { Text.Length: > 0 })) continue;
            map[key] = value;
            yield return $"{path}[\"{key}\"] = {value}";
        }
    }

    // The keys of Required, without building its list for every resource judged.
    private static readonly string[] LabelKeys = [Labels.Owner, Labels.CostCenter, Labels.Environment, Labels.DataClassification];
    private static readonly string[] TagKeys = ["owner", "cost-center", "environment", "data-classification"];

    private static IEnumerable<(string Key, string Value)> Required(StackContext stack, bool kubernetes) =>
    [
        (kubernetes ? Labels.Owner : "owner", stack.Owner),
        (kubernetes ? Labels.CostCenter : "cost-center", stack.CostCenter),
        (kubernetes ? Labels.Environment : "environment", stack.EnvironmentName),
        (kubernetes ? Labels.DataClassification : "data-classification", stack.DataClassification),
    ];

    /// <summary>Kubernetes objects with metadata; Helm releases, charts and ConfigGroups are containers of objects, judged through their children.</summary>
    private static bool IsLabelled(string type) =>
        type.StartsWith("kubernetes:", StringComparison.Ordinal)
        && !type.StartsWith("kubernetes:helm.sh/", StringComparison.Ordinal)
        && !type.StartsWith("kubernetes:yaml/", StringComparison.Ordinal)
        && !type.StartsWith("kubernetes:kustomize/", StringComparison.Ordinal);

    private static bool IsTagged(string type, MapValue properties) =>
        CloudTypes.IsCloud(type) && (TaggableCloudTypes.Contains(CloudTypes.Normalize(type)) || properties.ContainsKey("tags"));
}
