using Supplychain.Components.Domain;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Importers;

/// <summary>What kind of risk a safety signal names.</summary>
public enum SafetyKind
{
    /// <summary>A resource that holds data is replaced or deleted: its data goes with it.</summary>
    DataLoss,
    /// <summary><c>protect</c> was set and is removed: nothing stops a delete any more.</summary>
    ProtectionRemoved,
    /// <summary>A resource that holds data has no <c>protect</c> in prod.</summary>
    Unprotected,
    /// <summary><c>retainOnDelete</c>: removing it from the program leaves it running (and billed) outside the stack.</summary>
    RetainOnDelete,
    /// <summary><c>ignoreChanges</c> was added or changed: drift on those properties is no longer corrected.</summary>
    IgnoreChangesChanged,
    /// <summary>The engine reported an error: the preview or update did not do what was asked.</summary>
    EngineError,
    /// <summary>An operation the engine started and never recorded: the resource may exist but is not audited.</summary>
    PendingOperation,
    /// <summary>A tainted resource: the next update replaces it.</summary>
    Tainted,
    /// <summary>A resource the stack reads but does not own (<c>external</c>): reported, never judged as the stack's.</summary>
    ReadOnly,
}

/// <summary>One safety signal: what, on which resource, how severe, in one sentence.</summary>
public sealed record SafetySignal(SafetyKind Kind, Severity Severity, string? Resource, string? Type, string Message)
{
    public string KindName => Kind switch
    {
        SafetyKind.DataLoss => "data-loss",
        SafetyKind.ProtectionRemoved => "protection-removed",
        SafetyKind.Unprotected => "unprotected",
        SafetyKind.RetainOnDelete => "retain-on-delete",
        SafetyKind.IgnoreChangesChanged => "ignore-changes-changed",
        SafetyKind.EngineError => "engine-error",
        SafetyKind.PendingOperation => "pending-operation",
        SafetyKind.Tainted => "tainted",
        _ => "read-only",
    };
}

/// <summary>
/// Signals an audit or a diff reports besides policy findings: data that an operation destroys, protection taken away
/// or missing in prod, resources kept on delete, engine errors, unfinished operations and read-only resources. They do
/// not change the exit code (that is the policy packs' job); they are printed first and written in every report.
/// </summary>
public static class SafetySignals
{
    /// <summary>Signals of an engine import (a state, a preview or an event log) judged for <paramref name="environment"/>.</summary>
    public static IReadOnlyList<SafetySignal> Of(EngineImport import, EnvironmentTier environment)
    {
        var signals = new List<SafetySignal>();
        foreach (var d in import.Errors)
            signals.Add(new(SafetyKind.EngineError, Severity.High, d.Urn is null ? null : EngineImporter.NameOf(d.Urn), null, $"the engine reported an error: {d.Message}"));
        foreach (var p in import.PendingOperations)
            signals.Add(new(SafetyKind.PendingOperation, Severity.High, EngineImporter.NameOf(p.Urn), p.Type,
                $"a '{p.Kind}' operation never finished: the resource may exist in the cloud but no state records it, so it is not audited (run `pulumi refresh` or `pulumi stack import` after checking it)"));
        foreach (var c in import.Changes)
        {
            if (c.External)
            {
                signals.Add(new(SafetyKind.ReadOnly, Severity.Low, c.Name, c.Type, "read-only (external): the stack reads it but does not own it, so it is not judged as the stack's"));
                continue;
            }
            if (!c.Custom || c.Type.StartsWith(EngineImporter.ProviderTypePrefix, StringComparison.Ordinal)) continue;
            var data = DataHolding.Holds(c.Type);
            var reasons = c.ReplaceReasons.Count > 0 ? $" (replace reasons: {string.Join(", ", c.ReplaceReasons)})" : "";
            if (data && c.Op is "replace" or "create-replacement")
                signals.Add(new(SafetyKind.DataLoss, Severity.Critical, c.Name, c.Type, $"holds data and is replaced{reasons}: the old one and its data are deleted"));
            else if (data && c.Op is "delete" or "discard")
                signals.Add(new(SafetyKind.DataLoss, Severity.Critical, c.Name, c.Type, c.RetainOnDelete
                    ? "holds data and leaves the stack; retainOnDelete keeps it in the cloud, unmanaged"
                    : "holds data and is deleted"));
            if (c.ProtectBefore == true && !c.Protect)
                signals.Add(new(SafetyKind.ProtectionRemoved, data ? Severity.High : Severity.Medium, c.Name, c.Type, "protect is removed: nothing stops a delete or replacement any more"));
            else if (data && !c.Protect && environment == EnvironmentTier.Prod && c.Op is not ("delete" or "discard"))
                signals.Add(new(SafetyKind.Unprotected, Severity.High, c.Name, c.Type, "holds data in prod without protect: a program change can delete it"));
            if (c.RetainOnDelete && c.Op is not ("delete" or "discard"))
                signals.Add(new(SafetyKind.RetainOnDelete, Severity.Low, c.Name, c.Type, "retainOnDelete: removing it from the program leaves it running, and billed, outside the stack"));
            if (c.IgnoreChangesBefore is { } before && !before.SequenceEqual(c.IgnoreChanges))
                signals.Add(new(SafetyKind.IgnoreChangesChanged, Severity.Medium, c.Name, c.Type,
                    $"ignoreChanges changes from [{string.Join(", ", before)}] to [{string.Join(", ", c.IgnoreChanges)}]: drift on ignored properties is not corrected"));
            foreach (var error in c.InitErrors ?? [])
                signals.Add(new(SafetyKind.EngineError, Severity.High, c.Name, c.Type, $"created but its initialization failed: {error}"));
            if (c.Tainted)
                signals.Add(new(SafetyKind.Tainted, data ? Severity.High : Severity.Medium, c.Name, c.Type, "tainted: the next update replaces it"));
        }
        return Ordered(signals);
    }

    /// <summary>Signals between two versions of a program (a diff): deletes and type changes of data, protection and retain changes.</summary>
    public static IReadOnlyList<SafetySignal> Between(IReadOnlyList<ResourceView> before, IReadOnlyList<ResourceView> after, EnvironmentTier environment)
    {
        var signals = new List<SafetySignal>();
        var old = new Dictionary<string, ResourceView>(StringComparer.Ordinal);
        foreach (var v in before) old.TryAdd(v.Name, v);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in after)
        {
            seen.Add(v.Name);
            var data = DataHolding.Holds(v.Type);
            var protect = v.Options?.Protect == true;
            if (old.TryGetValue(v.Name, out var was))
            {
                if (was.Type != v.Type && DataHolding.Holds(was.Type))
                    signals.Add(new(SafetyKind.DataLoss, Severity.Critical, v.Name, was.Type, $"holds data and changes type to {v.Type}: the engine deletes the old one and its data"));
                if (was.Options?.Protect == true && !protect)
                    signals.Add(new(SafetyKind.ProtectionRemoved, data ? Severity.High : Severity.Medium, v.Name, v.Type, "protect is removed: nothing stops a delete or replacement any more"));
                var ignoredBefore = was.Options?.IgnoreChanges ?? [];
                var ignoredAfter = v.Options?.IgnoreChanges ?? [];
                if (!ignoredBefore.SequenceEqual(ignoredAfter))
                    signals.Add(new(SafetyKind.IgnoreChangesChanged, Severity.Medium, v.Name, v.Type,
                        $"ignoreChanges changes from [{string.Join(", ", ignoredBefore)}] to [{string.Join(", ", ignoredAfter)}]: drift on ignored properties is not corrected"));
                if (was.Options?.RetainOnDelete != true && v.Options?.RetainOnDelete == true)
                    signals.Add(new(SafetyKind.RetainOnDelete, Severity.Low, v.Name, v.Type, "retainOnDelete is added: removing it later leaves it running, and billed, outside the stack"));
            }
            if (data && !protect && environment == EnvironmentTier.Prod && (was is null || was.Options?.Protect != true))
                signals.Add(new(SafetyKind.Unprotected, Severity.High, v.Name, v.Type, "holds data in prod without protect: a program change can delete it"));
        }
        foreach (var v in before.Where(v => !seen.Contains(v.Name) && DataHolding.Holds(v.Type)))
            signals.Add(new(SafetyKind.DataLoss, Severity.Critical, v.Name, v.Type, v.Options?.RetainOnDelete == true
                ? "holds data and leaves the program; retainOnDelete keeps it in the cloud, unmanaged"
                : "holds data and leaves the program: the engine deletes it and its data"));
        return Ordered(signals);
    }

    private static IReadOnlyList<SafetySignal> Ordered(List<SafetySignal> signals) =>
        signals.OrderByDescending(s => s.Severity).ThenBy(s => s.Kind).ThenBy(s => s.Resource, StringComparer.Ordinal).ToList();
}

/// <summary>Resource types whose deletion destroys data: databases, buckets and storage accounts, volumes, caches, registries, keys.</summary>
public static class DataHolding
{
    private static readonly string[] Types =
    [
        "aws:rds/instance:Instance", "aws:rds/cluster:Cluster", "aws:rds/clusterInstance:ClusterInstance", "aws:dynamodb/table:Table",
        "aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2", "aws:ebs/volume:Volume", "aws:efs/fileSystem:FileSystem",
        "aws:elasticache/replicationGroup:ReplicationGroup", "aws:elasticache/cluster:Cluster", "aws:ecr/repository:Repository",
        "aws:kms/key:Key",
        "azure-native:dbforpostgresql:FlexibleServer", "azure-native:dbforpostgresql:Server", "azure-native:storage:StorageAccount",
        "azure-native:storage:BlobContainer", "azure-native:cache:Redis", "azure-native:containerregistry:Registry",
        "azure-native:keyvault:Vault", "azure-native:keyvault:Key", "azure-native:compute:Disk",
        "kubernetes:core/v1:PersistentVolumeClaim", "kubernetes:core/v1:PersistentVolume", "kubernetes:apps/v1:StatefulSet",
    ];

    private static readonly HashSet<string> Set = new(Types, StringComparer.Ordinal);

    /// <summary>True for a type that holds data (the legacy <c>aws:s3:Bucket</c> spelling of a module included).</summary>
    public static bool Holds(string type) => Set.Contains(type) || Set.Contains(Normalize(type));

    /// <summary><c>aws:s3/bucket:Bucket</c> and <c>aws:s3:Bucket</c> name the same type (Pulumi YAML accepts both).</summary>
    private static string Normalize(string type)
    {
        var parts = type.Split(':');
        if (parts.Length != 3 || parts[1].Contains('/')) return type;
        var module = parts[1];
        var member = parts[2];
        return $"{parts[0]}:{module}/{char.ToLowerInvariant(member[0])}{member[1..]}:{member}";
    }
}
