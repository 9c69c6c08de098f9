using System.Text.RegularExpressions;
using Moq;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;
using Supplychain.Policies.View;
using Supplychain.Stacks.Pipeline;
using Supplychain.Stacks.Settings;
using Supplychain.Tests.CliTests;

namespace Supplychain.Tests.Packs;

/// <summary>
/// Emitted ⇒ enforced (issue #12, item 4): each example stack's program, with one security-, reliability- or cost-relevant
/// setting the components emit removed or flipped at a time, must get a new finding on exactly that resource and property.
/// A setting no policy guards fails the suite, unless <see cref="Unguarded"/> lists it with a reason (and then it must indeed
/// stay unguarded, so the list cannot go stale).
/// </summary>
public sealed partial class MutationSuiteTests
{
    /// <param name="To">The flipped value; null removes the setting.</param>
    public sealed record Mutation(string Type, string Path, Value? To);

    private static readonly Mutation[] Mutations =
    [
        new("aws:rds:Instance", "publiclyAccessible", true), new("aws:rds:Instance", "storageEncrypted", false),
        new("aws:rds:Instance", "multiAz", false), new("aws:rds:Instance", "deletionProtection", false),
        new("aws:rds:Instance", "backupRetentionPeriod", 1), new("aws:rds:Instance", "autoMinorVersionUpgrade", false),
        new("aws:rds:Instance", "enabledCloudwatchLogsExports", null),
        new("aws:elasticache:ReplicationGroup", "transitEncryptionEnabled", false), new("aws:elasticache:ReplicationGroup", "atRestEncryptionEnabled", false),
        new("aws:elasticache:ReplicationGroup", "authToken", null), new("aws:elasticache:ReplicationGroup", "automaticFailoverEnabled", false),
        new("aws:elasticache:ReplicationGroup", "multiAzEnabled", false), new("aws:elasticache:ReplicationGroup", "snapshotRetentionLimit", 0),
        new("aws:ecr:Repository", "imageScanningConfiguration.scanOnPush", false), new("aws:ecr:Repository", "imageTagMutability", "MUTABLE"),
        new("aws:ecr:Repository", "encryptionConfigurations", null),
        new("aws:s3:BucketPublicAccessBlock", "blockPublicAcls", false), new("aws:s3:BucketPublicAccessBlock", "blockPublicPolicy", false),
        new("aws:s3:BucketPublicAccessBlock", "ignorePublicAcls", false), new("aws:s3:BucketPublicAccessBlock", "restrictPublicBuckets", false),
        new("aws:s3:BucketVersioning", "versioningConfiguration.status", "Suspended"),
        new("aws:eks:Cluster", "vpcConfig.endpointPublicAccess", true), new("aws:eks:Cluster", "enabledClusterLogTypes", null),
        new("aws:eks:Cluster", "encryptionConfig", null), new("aws:kms:Key", "enableKeyRotation", false),
        new("aws:cloudwatch:LogGroup", "retentionInDays", null), new("aws:eks:NodeGroup", "scalingConfig.maxSize", null),
        new("aws:eks:NodeGroup", "capacityType", "ON_DEMAND"), new("aws:ec2:SecurityGroup", "ingress[0].description", null),
        new("azure-native:storage:StorageAccount", "enableHttpsTrafficOnly", false), new("azure-native:storage:StorageAccount", "minimumTlsVersion", "TLS1_0"),
        new("azure-native:storage:StorageAccount", "allowBlobPublicAccess", true), new("azure-native:storage:StorageAccount", "allowSharedKeyAccess", true),
        new("azure-native:storage:StorageAccount", "sku.name", "Standard_LRS"), new("azure-native:storage:StorageAccount", "publicNetworkAccess", "Enabled"),
        new("azure-native:keyvault:Vault", "properties.enablePurgeProtection", false), new("azure-native:keyvault:Vault", "properties.enableRbacAuthorization", false),
        new("azure-native:keyvault:Vault", "properties.publicNetworkAccess", "Enabled"),
        new("azure-native:redis:Redis", "enableNonSslPort", true), new("azure-native:redis:Redis", "minimumTlsVersion", "1.0"),
        new("azure-native:redis:Redis", "publicNetworkAccess", "Enabled"),
        new("azure-native:dbforpostgresql:Server", "network.publicNetworkAccess", "Enabled"), new("azure-native:dbforpostgresql:Server", "backup.backupRetentionDays", 1),
        new("azure-native:dbforpostgresql:Server", "highAvailability.mode", "Disabled"), new("azure-native:dbforpostgresql:Server", "backup.geoRedundantBackup", "Disabled"),
        new("azure-native:containerregistry:Registry", "adminUserEnabled", true), new("azure-native:containerregistry:Registry", "anonymousPullEnabled", true),
        new("azure-native:containerregistry:Registry", "publicNetworkAccess", "Enabled"), new("azure-native:containerregistry:Registry", "zoneRedundancy", "Disabled"),
        new("azure-native:containerservice:ManagedCluster", "enableRBAC", false), new("azure-native:containerservice:ManagedCluster", "disableLocalAccounts", false),
        new("azure-native:containerservice:ManagedCluster", "addonProfiles.azurepolicy.enabled", false),
        new("azure-native:containerservice:ManagedCluster", "agentPoolProfiles[0].enableEncryptionAtHost", false),
        new("azure-native:containerservice:ManagedCluster", "apiServerAccessProfile.enablePrivateCluster", false),
        new("azure-native:containerservice:ManagedCluster", "autoUpgradeProfile.upgradeChannel", "none"),
        new("azure-native:containerservice:AgentPool", "enableEncryptionAtHost", false), new("azure-native:containerservice:AgentPool", "maxCount", null),
        new("kubernetes:apps/v1:Deployment", "spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation", true),
        new("kubernetes:apps/v1:Deployment", "spec.template.spec.containers[0].securityContext.privileged", true),
        new("kubernetes:apps/v1:Deployment", "spec.template.spec.containers[0].securityContext.capabilities.drop", null),
        new("kubernetes:apps/v1:Deployment", "spec.template.spec.containers[0].resources.limits", null),
        new("kubernetes:apps/v1:Deployment", "spec.template.spec.containers[0].livenessProbe", null),
        new("kubernetes:apps/v1:Deployment", "spec.template.spec.containers[0].readinessProbe", null),
        new("kubernetes:apps/v1:Deployment", "spec.template.spec.automountServiceAccountToken", null),
        new("kubernetes:apps/v1:Deployment", "spec.template.spec.hostNetwork", true),
        new("kubernetes:apps/v1:Deployment", "spec.template.spec.topologySpreadConstraints", null),
        new("kubernetes:apps/v1:Deployment", "metadata.namespace", "default"),
        new("kubernetes:apps/v1:StatefulSet", "spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation", true),
        new("kubernetes:apps/v1:StatefulSet", "spec.template.spec.containers[0].livenessProbe", null),
        new("kubernetes:apps/v1:StatefulSet", "spec.template.spec.automountServiceAccountToken", null),
        new("kubernetes:batch/v1:Job", "spec.template.spec.containers[0].securityContext.capabilities.drop", null),
        new("kubernetes:core/v1:Service", "spec.type", "LoadBalancer"),
        new("azure-native:containerservice:ManagedCluster", "sku.tier", "Free"), new("azure-native:keyvault:Key", "properties.rotationPolicy", null),
        new("azure-native:keyvault:Secret", "properties.contentType", null), new("azure-native:containerregistry:Registry", "policies.retentionPolicy.status", "disabled"),
        new("kubernetes:helm.sh/v3:Release", "values.controller.resources", null), new("kubernetes:helm.sh/v3:Release", "values.executor.securityContext", null),
        new("kubernetes:helm.sh/v3:Release", "values.controller.containerSecurityContext", null),
        new("kubernetes:helm.sh/v3:Release", "values.grafana.containerSecurityContext", null),
    ];

    /// <summary>
    /// Settings the components emit that no policy guards alone, each with the reason; keyed <c>TYPE PATH</c>, <c>ENV TYPE PATH</c>
    /// (unguarded in that environment only) or <c>RESOURCE PATH</c> (one resource).
    /// </summary>
    private static readonly Dictionary<string, string> Unguarded = new(StringComparer.Ordinal)
    {
        ["azure-native:storage:StorageAccount publicNetworkAccess"] =
            "CMP024 judges it together with networkRuleSet.defaultAction: public access behind a deny-by-default firewall is allowed, so flipping either alone is compliant",
        ["azure-native:keyvault:Vault properties.publicNetworkAccess"] = "as for storage: judged together with properties.networkAcls.defaultAction (CMP024)",
        ["aws:elasticache:ReplicationGroup snapshotRetentionLimit"] = "cache snapshots are not guarded: the online store is rebuilt from the offline store (feast materialize)",
        ["dev kubernetes:core/v1:Service spec.type"] = "CMP014 applies outside dev only; dev clusters may expose a Service for local access",
        ["staging aws:rds:Instance deletionProtection"] = "CMP033 requires it in prod only; the component sets it in staging too, as a default, not a control",
        ["staging aws:elasticache:ReplicationGroup automaticFailoverEnabled"] = "CMP033 requires failover in prod only; staging may run one node",
        ["staging aws:elasticache:ReplicationGroup multiAzEnabled"] = "CMP033 requires Multi-AZ in prod only",
        ["platform-eks-system-nodes scalingConfig.maxSize"] = "the CPU system pool: EKS itself refuses a node group without maxSize, and the GPU-pool cost policies (COST002) judge GPU groups only",
    };

    public static TheoryData<string> Stacks() => SnapshotTests.Stacks();

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Should_Find_Every_Flipped_Or_Removed_Setting_On_Its_Resource_And_Property(string stack)
    {
        var root = CliHarness.RepoRoot();
        var settings = StackSettingsReader.Read(ConfigSource.FromStackFile(root, stack));
        var clock = new Mock<TimeProvider>();
        clock.Setup(c => c.GetUtcNow()).Returns(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero));
        var program = new SynthPipeline(root, PhysicalFileSystem.Instance, clock.Object).Run(settings).Program;
        var baseline = Findings(program, settings);
        var problems = new List<string>();
        var tried = 0;

        foreach (var m in Mutations)
            foreach (var resource in program.Resources.Where(r => r.Type == m.Type || CloudTypes.Is(r.Type, m.Type)))
            {
                var (parent, key) = Locate(resource.Properties, m.Path);
                if (parent is null || !parent.TryGetValue(key, out var original) || (m.To is not null && original.Equals(m.To))) continue;
                if (m.To is null) parent.Remove(key); else parent[key] = m.To;
                try
                {
                    tried++;
                    var fresh = Findings(program, settings).Except(baseline).ToList();
                    // A companion (versioning, public access block) may be judged on the bucket it names.
                    var owner = (resource.Properties.TryGetValue("bucket", out var b) ? b : null) as RefValue;
                    var caught = fresh.Any(f => f.Resource == resource.Name && f.PropertyPath is { } p && Related(p, m.Path)
                        || owner is not null && f.Resource == owner.Resource);
                    var env = settings.Spec.Stack.EnvironmentName;
                    var listed = new[] { $"{resource.Name} {m.Path}", $"{env} {m.Type} {m.Path}", $"{m.Type} {m.Path}" }.Any(Unguarded.ContainsKey);
                    if (!caught && !listed) problems.Add($"{resource.Name} {m.Path} -> {m.To?.ToString() ?? "(removed)"}: no policy found it");
                    if (caught && listed) problems.Add($"{m.Type} {m.Path} is listed as unguarded but {string.Join(", ", fresh.Select(f => f.PolicyId).Distinct())} now guards it");
                }
                finally { parent[key] = original; }
            }

        Assert.True(tried > 0, $"{stack}: no mutation applied");
        Assert.True(problems.Count == 0, $"{stack}: {tried} mutations, unguarded:\n" + string.Join("\n", problems));
    }

    private static HashSet<(string PolicyId, string? Resource, string? PropertyPath)> Findings(PulumiProgram program, StackSettings settings)
    {
        var view = new StackView(settings.Spec.Stack, ProgramViews.From(program), settings.Spec, settings.Policy);
        return global::Supplychain.Policies.Engine.PolicyEngine.Evaluate(view, PolicyRegistry.Load().Policies, [], new DateOnly(2026, 11, 21))
            .Findings.Select(f => (f.PolicyId, f.Resource, f.PropertyPath)).ToHashSet();
    }

    /// <summary>The finding names the mutated property, a parent of it, or a child of it (a removed map's field).</summary>
    private static bool Related(string found, string mutated) =>
        found.StartsWith(mutated, StringComparison.Ordinal) || mutated.StartsWith(found, StringComparison.Ordinal);

    /// <summary>The map holding the last segment of a dotted path with <c>[i]</c> list indices, and that segment.</summary>
    private static (MapValue? Parent, string Key) Locate(MapValue root, string path)
    {
        Value current = root;
        var parts = path.Split('.');
        for (var i = 0; i < parts.Length - 1; i++)
        {
            var step = Indexed().Match(parts[i]);
            var name = step.Success ? step.Groups["name"].Value : parts[i];
            if (current is not MapValue map || !map.TryGetValue(name, out var next)) return (null, "");
            current = next;
            if (step.Success)
            {
                var index = int.Parse(step.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (current is not ListValue list || list.Count <= index) return (null, "");
                current = list[index];
            }
        }
        var last = Indexed().Match(parts[^1]);
        return last.Success ? (null, "") : (current as MapValue, parts[^1]);
    }

    [GeneratedRegex(@"^(?<name>[^\[]+)\[(?<index>\d+)\]$")]
    private static partial Regex Indexed();
}
