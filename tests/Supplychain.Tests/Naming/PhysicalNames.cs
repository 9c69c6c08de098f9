using Supplychain.Components.Model;
using Supplychain.Components.Naming;

namespace Supplychain.Tests.Naming;

/// <summary>One physical name found in a program: the resource, the property it sits in, the rule it must meet, its text.</summary>
internal sealed record PhysicalName(string Resource, string Property, NameRule Rule, string Name);

/// <summary>
/// Reads every physical name out of a synthesized program, so tests can judge each by its service's rule. A reference
/// inside a name (the AWS account id, Azure's random suffix) is replaced by the longest text it can take.
/// </summary>
internal static class PhysicalNames
{
    /// <summary>An AWS account id (12 digits) and the stack's random suffix (8 lowercase letters or digits).</summary>
    private const string AccountId = "123456789012";
    private const string RandomSuffix = "a1b2c3d4";

    private static readonly Dictionary<string, (string Property, NameRule Rule)[]> Explicit = new(StringComparer.Ordinal)
    {
        ["aws:s3:Bucket"] = [("bucket", AwsNames.S3Bucket)],
        ["aws:rds:Instance"] = [("identifier", AwsNames.RdsInstance)],
        ["aws:elasticache:ReplicationGroup"] = [("replicationGroupId", AwsNames.ElastiCacheReplicationGroup)],
        ["aws:eks:Cluster"] = [("name", AwsNames.EksCluster)],
        ["aws:kms:Alias"] = [("name", AwsNames.KmsAlias)],
        ["aws:sns:Topic"] = [("name", AwsNames.SnsTopic)],
        ["aws:budgets:Budget"] = [("name", AwsNames.Budget)],
        ["aws:ecr:Repository"] = [("name", AwsNames.EcrRepository)],
        ["aws:cloudwatch:LogGroup"] = [("name", AwsNames.LogGroup)],
        ["azure-native:resources:ResourceGroup"] = [("resourceGroupName", AzureNames.ResourceGroup)],
        ["azure-native:network:VirtualNetwork"] = [("virtualNetworkName", AzureNames.VirtualNetwork)],
        ["azure-native:operationalinsights:Workspace"] = [("workspaceName", AzureNames.LogAnalyticsWorkspace)],
        ["azure-native:containerservice:ManagedCluster"] = [("resourceName", AzureNames.AksCluster), ("dnsPrefix", AzureNames.AksDnsPrefix)],
        ["azure-native:containerservice:AgentPool"] = [("agentPoolName", AzureNames.AgentPool)],
        ["azure-native:keyvault:Vault"] = [("vaultName", AzureNames.KeyVault)],
        ["azure-native:containerregistry:Registry"] = [("registryName", AzureNames.ContainerRegistry)],
        ["azure-native:storage:StorageAccount"] = [("accountName", AzureNames.StorageAccount)],
        ["azure-native:dbforpostgresql:Server"] = [("serverName", AzureNames.PostgreSqlServer)],
        ["azure-native:redis:Redis"] = [("name", AzureNames.Redis)],
        ["azure-native:managedidentity:UserAssignedIdentity"] = [("resourceName", AzureNames.ManagedIdentity)],
        ["azure-native:managedidentity:FederatedIdentityCredential"] = [("federatedIdentityCredentialResourceName", AzureNames.FederatedCredential)],
    };

    public static IReadOnlyList<PhysicalName> Of(PulumiProgram program)
    {
        var names = new List<PhysicalName>();
        foreach (var r in program.Resources)
        {
            if (Explicit.TryGetValue(r.Type, out var properties))
                foreach (var (property, rule) in properties)
                    if (r.Properties.At(property) is { } v) names.Add(new(r.Name, property, rule, Text(v)));
            if (AutoNames.Limited.TryGetValue(r.Type, out var limited))
            {
                // What the provider will name it: the explicit name, the prefix plus the provider's 26 characters, or Pulumi's auto-name.
                var name = r.Properties.At(limited.NameProperty) is { } n ? Text(n)
                    : r.Properties.At(limited.PrefixProperty) is { } p ? Text(p) + new string('0', AutoNames.ProviderPrefixSuffixLength)
                    : AutoNames.AutoName(r.Name).Replace('x', '0');
                names.Add(new(r.Name, limited.NameProperty, limited.Rule, name));
            }
            if (r.Type.StartsWith("kubernetes:", StringComparison.Ordinal) && r.Properties.At("metadata") is MapValue metadata)
                Kubernetes(names, r.Name, KindOf(r.Type), metadata);
            if (r.Type == "kubernetes:yaml/v2:ConfigGroup" && r.Properties.At("objs") is ListValue objs)
                foreach (var obj in objs.OfType<MapValue>())
                    if (obj.At("metadata") is MapValue m) Kubernetes(names, r.Name, obj.At("kind")?.ToString() ?? "", m);
        }
        return names;
    }

    private static string KindOf(string type) => type.Split(':')[^1];

    private static void Kubernetes(List<PhysicalName> names, string resource, string kind, MapValue metadata)
    {
        if (metadata.At("name") is StringValue name)
        {
            var rule = kind switch
            {
                "Service" => KubernetesNames.ServiceName,
                "Namespace" => KubernetesNames.NamespaceName,
                _ => KubernetesNames.ObjectName,
            };
            names.Add(new(resource, $"{kind} metadata.name", rule, name.Text));
        }
        if (metadata.At("labels") is MapValue labels)
            foreach (var (key, value) in labels)
                if (value is StringValue s) names.Add(new(resource, $"{kind} label {key}", KubernetesNames.LabelValue, s.Text));
    }

    /// <summary>The text of a name: literal parts as they are, references at their longest.</summary>
    private static string Text(Value v) => v switch
    {
        StringValue s => s.Text,
        InterpolationValue i => string.Concat(i.Parts.Select(p => p is StringValue s ? s.Text : p.ToString()!.Contains("accountId", StringComparison.OrdinalIgnoreCase) ? AccountId : RandomSuffix)),
        _ => v.ToString() ?? "",
    };

    /// <summary>Every name that breaks its rule, as readable lines.</summary>
    public static IReadOnlyList<string> Invalid(PulumiProgram program) =>
        Of(program).Where(n => !n.Rule.IsValid(n.Name)).Select(n => $"{n.Resource} {n.Property}: {n.Rule.Service} '{n.Name}' {n.Rule.Problem(n.Name)}").ToList();
}
