using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Tests.Support;

namespace Supplychain.Tests.PolicyEngine;

// Test-only policies. They live in the test assembly, so the registry (which scans Supplychain.Policies only)
// never sees them; their ids are outside the real ranges on purpose where the registry is not involved.

/// <summary>ConfigMaps must carry an owner label; can add it from the stack's owner (remediable).</summary>
public sealed class OwnerLabelPolicy(string id = "CMP901", Enforcement enforcement = Enforcement.Mandatory) : ResourcePolicy, IRemediable
{
    public override string Id => id;
    public override string Pack => "compliance";
    public override string Title => "ConfigMaps must carry an owner label";
    public override string Rationale => "Ownership makes every resource traceable to a team.";
    public override string Remediation => "Add metadata.labels.owner.";
    public override Severity Severity => Severity.High;
    public override Enforcement DefaultEnforcement => enforcement;
    public override IReadOnlyList<FrameworkControl> Controls { get; } = [new("SOC 2", "CC6.1"), new("ISO/IEC 42001", "A.3.2")];

    public override bool AppliesTo(ResourceView resource, StackView stack) => resource.Type == "kubernetes:core/v1:ConfigMap";

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        if (resource.Properties.At("metadata.labels.owner") is null)
            yield return new Violation(resource.Name, "metadata.labels.owner", null, "the owner label is missing");
    }

    public IReadOnlyList<string> Remediate(Resource resource, StackView stack)
    {
        if (resource.Properties.At("metadata.labels.owner") is not null) return [];
        if (!resource.Properties.TryGetValue("metadata", out var m) || m is not MapValue metadata)
            resource.Properties["metadata"] = metadata = new MapValue();
        if (!metadata.TryGetValue("labels", out var l) || l is not MapValue labels)
            metadata["labels"] = labels = new MapValue();
        labels["owner"] = stack.Stack.Owner;
        return [$"set metadata.labels.owner to '{stack.Stack.Owner}'"];
    }
}

/// <summary>Advisory, low: every resource should carry a description property.</summary>
public sealed class DescriptionPolicy : ResourcePolicy
{
    public override string Id => "COST901";
    public override string Pack => "cost";
    public override string Title => "Resources should describe themselves";
    public override string Rationale => "Descriptions help cost reviews.";
    public override string Remediation => "Set a description.";
    public override Severity Severity => Severity.Low;
    public override Enforcement DefaultEnforcement => Enforcement.Advisory;
    public override IReadOnlyList<FrameworkControl> Controls { get; } = [new("SOC 2", "CC7.2")];

    public override bool AppliesTo(ResourceView resource, StackView stack) => true;

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack) =>
        resource.Properties.ContainsKey("description") ? [] : [new Violation(resource.Name, "description", null, "no description")];
}

/// <summary>Throws on every resource it applies to (a bug in a policy must become a finding).</summary>
public sealed class ThrowingPolicy(string id = "LIN901") : ResourcePolicy
{
    public override string Id => id;
    public override string Pack => "lineage";
    public override string Title => "Nothing must crash the engine";
    public override string Rationale => "A policy bug is a finding.";
    public override string Remediation => "Fix the policy.";
    public override Severity Severity => Severity.Critical;
    public override IReadOnlyList<FrameworkControl> Controls { get; } = [new("EU AI Act", "Art. 12")];

    public override bool AppliesTo(ResourceView resource, StackView stack) => resource.Name == "cm-owned";

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack) =>
        throw new InvalidOperationException("lineage index was null");
}

/// <summary>A stack policy that reports exactly the violations it is given, and counts its runs.</summary>
public sealed class FixedStackPolicy(string id, string pack, params Violation[] violations) : StackPolicy
{
    public int Runs { get; private set; }
    public override string Id => id;
    public override string Pack => pack;
    public override string Title => "The stack must be sound";
    public override string Rationale => "Stack-level rules.";
    public override string Remediation => "Fix the stack config.";
    public override Severity Severity => Severity.Medium;
    public override IReadOnlyList<FrameworkControl> Controls { get; } = [new("NIST AI RMF", "GOVERN 1.4")];

    public override IEnumerable<Violation> Evaluate(StackView stack)
    {
        Runs++;
        return violations;
    }
}

/// <summary>Small stacks for engine tests.</summary>
public static class TestStacks
{
    public static readonly DateOnly Today = new(2026, 11, 15);

    public static ResourceView ConfigMap(string name, string component, bool owned, bool described = false)
    {
        var props = new MapValue { ["metadata"] = owned ? new MapValue { ["labels"] = new MapValue { ["owner"] = "ml-platform" } } : new MapValue() };
        if (described) props["description"] = "a config map";
        return new ResourceView(name, "kubernetes:core/v1:ConfigMap", [component, "config"], props);
    }

    public static ResourceView Service(string name, string component) =>
        new(name, "kubernetes:core/v1:Service", [component, "service"], new MapValue { ["description"] = "svc" });

    /// <summary>cm-owned (compliant), cm-bare (violates owner label) in mlflow, cm-feast-a/b bare in feast, a Service (not applicable).</summary>
    public static StackView Stack(PolicyConfig? config = null) => new(
        SampleSpecs.Context(),
        [
            ConfigMap("cm-owned", "mlflow", owned: true, described: true),
            ConfigMap("cm-bare", "mlflow", owned: false, described: true),
            ConfigMap("feast-cm-a", "feast", owned: false, described: true),
            ConfigMap("feast-cm-b", "feast", owned: false),
            Service("svc", "mlflow"),
        ],
        null,
        config ?? PolicyConfig.Default);

    public static PolicyConfig Overrides(params (string Key, Enforcement Enforcement)[] overrides) =>
        PolicyConfig.Default with { Enforcement = overrides.ToDictionary(o => o.Key, o => o.Enforcement) };

    public static StackContext Context => SampleSpecs.Context();
}
