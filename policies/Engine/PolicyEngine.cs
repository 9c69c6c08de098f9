using Supplychain.Components.Model;
using Supplychain.Policies.Waivers;

namespace Supplychain.Policies.Engine;

/// <summary>
/// Runs policies on a stack. Each policy runs at its effective enforcement (stack config by id, then by pack, then
/// the policy's default); disabled ones are recorded, not run. Resource policies judge every resource view of the types
/// they judge (<see cref="ResourcePolicy.JudgesType"/>), stack policies the stack once. A policy that throws yields a
/// finding, never a crash. Waivers are matched afterwards: a waived finding stays in the report, marked. CMP050 judges
/// the waivers themselves.
/// </summary>
public static class PolicyEngine
{
    /// <summary>The enforcement a policy runs at on this stack: an id override beats a pack override beats the default.</summary>
    public static Enforcement EffectiveEnforcement(Policy policy, PolicyConfig config)
    {
        if (config.Enforcement.TryGetValue(policy.Id, out var byId)) return byId;
        if (config.Enforcement.TryGetValue(policy.Pack, out var byPack)) return byPack;
        return policy.DefaultEnforcement;
    }

    /// <summary>Evaluates with well-formed waivers only (no load problems).</summary>
    public static PolicyReport Evaluate(StackView stack, IReadOnlyList<Policy> policies, IReadOnlyList<Waiver> waivers, DateOnly today) =>
        Evaluate(stack, policies, new WaiverSet(waivers, []), today);

    /// <summary>
    /// Evaluates every policy on the stack and applies the waivers valid on <paramref name="today"/>. The waiver-validity
    /// policy (CMP050) always runs, judging the load problems, expired waivers and waivers naming unknown policies.
    /// </summary>
    public static PolicyReport Evaluate(StackView stack, IReadOnlyList<Policy> policies, WaiverSet waivers, DateOnly today)
    {
        var known = policies.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        known.Add(WaiverValidity.PolicyId);
        var problems = new List<WaiverProblem>(waivers.Problems);
        var active = new List<Waiver>();
        foreach (var w in waivers.Waivers)
        {
            if (!known.Contains(w.Policy))
                problems.Add(new(w.Source, w.Policy, $"waiver for {w.Target} names policy {w.Policy}, which does not exist"));
            else if (w.IsExpired(today))
                problems.Add(new(w.Source, w.Policy, $"waiver of {w.Policy} for {w.Target} expired on {ReportNames.Date(w.Expires)} (approved by {w.Approver}); renew it with a fresh approval or fix the finding"));
            else if (WaiverScope.BlanketCount(w, policies.FirstOrDefault(p => p.Id == w.Policy), stack) is { } blanketed)
                problems.Add(new(w.Source, w.Policy, $"waiver of {w.Policy} for {w.Target} covers every one of the {blanketed} resources the policy applies to: like a bare '*' it would waive the policy everywhere; name the resources it is for"));
            else
                active.Add(w);
        }

        // The engine's own policy replaces any registry instance, so it judges the problems just found.
        var toRun = policies.Where(p => p.Id != WaiverValidity.PolicyId).Append(new WaiverValidity(problems))
            .OrderBy(p => p.Id, StringComparer.Ordinal).ToList();

        var findings = new List<Finding>();
        var checks = new ChunkedList<Check>();
        var results = new List<PolicyResult>(toRun.Count);
        var used = new HashSet<Waiver>(ReferenceEqualityComparer.Instance);
        foreach (var policy in toRun)
        {
            var enforcement = EffectiveEnforcement(policy, stack.Config);
            var status = enforcement == Enforcement.Disabled ? PolicyStatus.Disabled : PolicyStatus.Evaluated;
            var counts = OutcomeCounts.Zero;
            if (status == PolicyStatus.Evaluated)
            {
                var raw = new List<Finding>();
                var (passed, notApplicable) = policy switch
                {
                    ResourcePolicy rp => RunResourcePolicy(rp, enforcement, stack, raw, checks),
                    StackPolicy sp => RunStackPolicy(sp, enforcement, stack, raw, checks),
                    _ => throw new InvalidOperationException($"{policy.Id}: a policy derives ResourcePolicy or StackPolicy"),
                };
                foreach (var f in raw)
                {
                    var waiver = f.PolicyId == WaiverValidity.PolicyId ? null : active.FirstOrDefault(w => w.Covers(f.PolicyId, f.Resource, f.Component));
                    if (waiver is not null) used.Add(waiver);
                    findings.Add(waiver is null ? f : f with { Waiver = new AppliedWaiver(waiver.Reason, waiver.Approver, waiver.Expires) });
                }
                int failed = 0, waived = 0, errors = 0;
                for (var i = findings.Count - raw.Count; i < findings.Count; i++)
                {
                    var f = findings[i];
                    if (f.IsWaived) waived++;
                    else if (f.IsError) errors++;
                    else failed++;
                }
                counts = new OutcomeCounts(Passed: passed, Failed: failed, Waived: waived, NotApplicable: notApplicable, Errors: errors);
            }
            results.Add(Result(policy, enforcement, status, counts, stack.Config));
        }

        findings.Sort(FindingOrder.Instance);
        var reportStack = new ReportStack(stack.Stack.StackName, stack.Stack.EnvironmentName, stack.Stack.TargetName);
        var unused = active.Where(w => !used.Contains(w)).ToList();
        var catalogDate = stack.Cost?.CatalogDate;
        return new PolicyReport(reportStack, catalogDate, results, findings, checks, unused, ReportDigest.Compute(reportStack, catalogDate, findings));
    }

    private static (int Passed, int NotApplicable) RunResourcePolicy(ResourcePolicy policy, Enforcement enforcement, StackView stack, List<Finding> into, ChunkedList<Check> checks)
    {
        // Only the resources of the types the policy judges: the others are not applicable without asking it.
        var judged = stack.OfTypes(policy.JudgesType);
        int passed = 0, notApplicable = stack.Resources.Count - judged.Count;
        var violations = new List<Violation>(); // one buffer for every resource: most have no violation
        PolicyMetadata? metadata = null; // read once, for the first finding: a policy's properties may build their values on every call
        foreach (var view in judged)
            switch (JudgeResource(policy, enforcement, view, stack, violations, into, checks, ref metadata))
            {
                case ResourceOutcome.NotApplicable: notApplicable++; break;
                case ResourceOutcome.Passed: passed++; break;
            }
        return (passed, notApplicable);
    }

    internal enum ResourceOutcome { NotApplicable, Passed, Failed }

    /// <summary>
    /// One resource judged by one policy (the batch engine and the streaming audit both judge this way): its check, and a
    /// finding per violation, or an error finding when the policy throws.
    /// </summary>
    internal static ResourceOutcome JudgeResource(ResourcePolicy policy, Enforcement enforcement, ResourceView view, StackView stack,
        List<Violation> violations, List<Finding> into, ChunkedList<Check> checks, ref PolicyMetadata? metadata)
    {
        violations.Clear();
        try
        {
            if (!policy.AppliesTo(view, stack)) return ResourceOutcome.NotApplicable;
            foreach (var v in policy.Evaluate(view, stack)) violations.Add(v);
        }
        catch (Exception e)
        {
            checks.Add(new Check(policy.Id, view.Name));
            into.Add(Threw(policy, enforcement, view, e));
            return ResourceOutcome.Failed;
        }
        checks.Add(new Check(policy.Id, view.Name));
        foreach (var v in violations) into.Add(ToFinding(metadata ??= PolicyMetadata.Of(policy), enforcement, v, v.Resource is null || v.Resource == view.Name ? view : stack.Find(v.Resource), view.Name));
        return violations.Count == 0 ? ResourceOutcome.Passed : ResourceOutcome.Failed;
    }

    /// <summary>One stack policy judged (the batch engine and the streaming audit both judge this way).</summary>
    internal static (int Passed, int NotApplicable) RunStackPolicy(StackPolicy policy, Enforcement enforcement, StackView stack, List<Finding> into, ChunkedList<Check> checks)
    {
        List<Violation> violations;
        try
        {
            if (!policy.AppliesTo(stack)) return (0, 1);
            violations = policy.Evaluate(stack).ToList();
        }
        catch (Exception e)
        {
            checks.Add(new Check(policy.Id, null));
            into.Add(Threw(policy, enforcement, null, e));
            return (0, 0);
        }
        checks.Add(new Check(policy.Id, null));
        var metadata = PolicyMetadata.Of(policy);
        foreach (var v in violations) into.Add(ToFinding(metadata, enforcement, v, v.Resource is null ? null : stack.Find(v.Resource), v.Resource));
        return (violations.Count == 0 ? 1 : 0, 0);
    }

    /// <summary>What every finding of a policy repeats, read from the policy once.</summary>
    internal sealed record PolicyMetadata(string Id, string Pack, Severity Severity, string Remediation, IReadOnlyList<FrameworkControl> Controls)
    {
        public static PolicyMetadata Of(Policy p) => new(p.Id, p.Pack, p.Severity, p.Remediation, p.Controls);
    }

    internal static Finding ToFinding(PolicyMetadata policy, Enforcement enforcement, Violation v, ResourceView? view, string? resourceName) => new(
        policy.Id, policy.Pack, policy.Severity, enforcement,
        Resource: resourceName,
        Component: view?.Component ?? "stack",
        ComponentPath: view is null ? "" : string.Join("/", view.ComponentPath),
        ResourceType: view?.Type,
        PropertyPath: v.PropertyPath,
        Observed: v.Observed,
        Message: v.Message,
        Remediation: policy.Remediation,
        Frameworks: policy.Controls);

    internal static Finding Threw(Policy policy, Enforcement enforcement, ResourceView? view, Exception e) =>
        ToFinding(PolicyMetadata.Of(policy), enforcement, new Violation(view?.Name, null, null, $"policy threw {e.GetType().Name}: {e.Message}"), view, view?.Name) with { IsError = true };

    internal static PolicyResult Result(Policy p, Enforcement enforcement, PolicyStatus status, OutcomeCounts counts, PolicyConfig config) =>
        new(p.Id, p.Name, p.Pack, p.Title, p.Rationale, p.Remediation, p.Severity, p.DefaultEnforcement, enforcement, p.Controls, status, counts,
            p.Settings.Count == 0 ? null : p.EffectiveSettings(config), p.PeerEquivalents);

    /// <summary>
    /// Applies the fixes of remediating policies (effective enforcement <c>remediate</c>, implementing <see cref="IRemediable"/>)
    /// to the program's resources, before evaluation. Each policy sees a fresh view (<paramref name="buildView"/>) so it
    /// judges the program as the previous fixes left it. A remediation that throws is logged as failed; the evaluation
    /// that follows judges whatever it left, and a violation still there is blocking (remediate counts as mandatory).
    /// A resource policy remediates the resources it applies to; a stack policy is offered every resource.
    /// </summary>
    public static IReadOnlyList<RemediationChange> Remediate(PulumiProgram program, Func<StackView> buildView, IReadOnlyList<Policy> policies, PolicyConfig config)
    {
        var changes = new List<RemediationChange>();
        foreach (var policy in policies.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            if (policy is not IRemediable remediable || EffectiveEnforcement(policy, config) != Enforcement.Remediate) continue;
            var stack = buildView();
            foreach (var resource in program.Resources)
            {
                try
                {
                    if (policy is ResourcePolicy rp && (!rp.JudgesType(resource.Type) || !rp.AppliesTo(ResourceView.From(resource), stack))) continue;
                    foreach (var change in remediable.Remediate(resource, stack))
                        changes.Add(new RemediationChange(policy.Id, resource.Name, change));
                }
                catch (Exception e)
                {
                    changes.Add(new RemediationChange(policy.Id, resource.Name, $"remediation failed ({e.GetType().Name}: {e.Message})"));
                }
            }
        }
        return changes;
    }

    /// <summary>Findings in report order: policy id, resource, property, message (ordinal), so every report is stable.</summary>
    internal sealed class FindingOrder : IComparer<Finding>
    {
        public static readonly FindingOrder Instance = new();
        public int Compare(Finding? x, Finding? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return -1;
            if (y is null) return 1;
            var c = string.CompareOrdinal(x.PolicyId, y.PolicyId);
            if (c == 0) c = string.CompareOrdinal(x.Resource, y.Resource);
            if (c == 0) c = string.CompareOrdinal(x.PropertyPath, y.PropertyPath);
            if (c == 0) c = string.CompareOrdinal(x.Message, y.Message);
            if (c == 0) c = string.CompareOrdinal(x.Observed, y.Observed);
            return c;
        }
    }
}
