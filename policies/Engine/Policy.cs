using System.Text.Json.Nodes;
using Supplychain.Components.Model;

namespace Supplychain.Policies.Engine;

public enum Severity { Low, Medium, High, Critical }

/// <summary>A control of a framework a policy provides evidence for, e.g. ("EU AI Act", "Art. 12").</summary>
public sealed record FrameworkControl(string Framework, string Control)
{
    public override string ToString() => $"{Framework} {Control}";
}

/// <summary>One violation: which resource, which property, what was observed, and what is wrong.</summary>
/// <param name="Resource">Logical resource name (null for a stack-level finding).</param>
/// <param name="PropertyPath">Dotted property path (<c>spec.template.spec.containers[0].image</c>), or a config key for stack-level findings.</param>
/// <param name="Observed">The observed value, rendered short; null when the property is missing.</param>
/// <param name="Message">What is wrong, in one sentence.</param>
public sealed record Violation(string? Resource, string? PropertyPath, string? Observed, string Message);

/// <summary>
/// A policy (cdk-nag / Checkov shape): stable id never reused, the requirement as a title in the "must"
/// form, why it matters, how to fix it, a severity, a default enforcement and the controls it maps to.
/// </summary>
public abstract class Policy
{
    /// <summary>Stable id: <c>LIN001</c>, <c>COST001</c>, <c>CMP001</c>... never reused.</summary>
    public abstract string Id { get; }
    /// <summary>The pack (<see cref="PolicyPacks"/>): by default the one the id's prefix names; base classes and policies may still say it.</summary>
    public virtual string Pack => PolicyPacks.OfId(Id).Name;
    /// <summary>The rule's readable name (SARIF <c>name</c>): the class name, or the custom policy's declared name.</summary>
    public virtual string Name => GetType().Name;
    /// <summary>The requirement, e.g. "Model workloads must carry a dataset digest".</summary>
    public abstract string Title { get; }
    public abstract string Rationale { get; }
    public abstract string Remediation { get; }
    public abstract Severity Severity { get; }
    public virtual Enforcement DefaultEnforcement => Enforcement.Mandatory;
    public abstract IReadOnlyList<FrameworkControl> Controls { get; }
    /// <summary>The checks of peer scanners this policy covers (<c>CKV_AWS_17</c>, <c>awsguard:rds-instance-public-access</c>); docs/policy-coverage.md lists them by resource type.</summary>
    public virtual IReadOnlyList<string> PeerEquivalents => [];

    /// <summary>What a stack may tune (<c>supplychain:policy.settings.&lt;ID&gt;</c>): name, type, default, bounds, description. None by default.</summary>
    public virtual IReadOnlyList<PolicySetting> Settings => [];

    /// <summary>Every declared setting with the value this stack runs it at (the stack's, else the default), by name.</summary>
    public JsonObject EffectiveSettings(PolicyConfig config) =>
        new(Settings.Select(s => KeyValuePair.Create(s.Name, (JsonNode?)(config.SettingOf(Id, s.Name) ?? s.Default).DeepClone())));

    /// <summary>The value of a declared setting on this stack (the stack's, else the default).</summary>
    protected JsonNode Setting(StackView stack, string name) =>
        stack.Config.SettingOf(Id, name) ?? Settings.FirstOrDefault(s => s.Name == name)?.Default
        ?? throw new InvalidOperationException($"{Id} reads setting '{name}', which it does not declare");

    protected int IntegerSetting(StackView stack, string name) => (int)(PolicySetting.AsNumber(Setting(stack, name)) ?? 0);

    protected decimal NumberSetting(StackView stack, string name) => PolicySetting.AsNumber(Setting(stack, name)) ?? 0;

    protected IReadOnlyList<string> StringsSetting(StackView stack, string name) =>
        Setting(stack, name) is JsonArray list ? list.Select(n => n?.GetValue<string>() ?? "").ToList() : [];

    public override string ToString() => $"{Id} {Title}";
}

/// <summary>A policy judged per resource. Not applicable → <see cref="AppliesTo"/> false; compliant → no violations.</summary>
public abstract class ResourcePolicy : Policy
{
    /// <summary>
    /// Whether resources of this type can be in scope at all: <see cref="AppliesTo"/> must be false for every resource of a
    /// type this returns false for. The engine asks once per type of a stack and offers the policy only the resources of the
    /// types it judges (the others count as not applicable without a call), so a stack of 10,000 resources costs each policy
    /// only its own types. Every type by default, for a policy whose scope is not by type.
    /// </summary>
    public virtual bool JudgesType(string type) => true;

    public abstract bool AppliesTo(ResourceView resource, StackView stack);
    public abstract IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack);
}

/// <summary>A policy judged once per stack (budgets, one-of-each rules, config-level lineage).</summary>
public abstract class StackPolicy : Policy
{
    public virtual bool AppliesTo(StackView stack) => true;
    public abstract IEnumerable<Violation> Evaluate(StackView stack);
}

/// <summary>A policy that can fix what it finds at synth time, when its enforcement is <c>remediate</c>.</summary>
public interface IRemediable
{
    /// <summary>Fixes the resource in place; returns one line per change made (empty when nothing was needed).</summary>
    IReadOnlyList<string> Remediate(Resource resource, StackView stack);
}
