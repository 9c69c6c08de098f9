using Supplychain.Policies.Waivers;

namespace Supplychain.Policies.Engine;

/// <summary>
/// A resource glob that covers every resource its policy applies to (<c>*-*</c>, <c>*s*</c>) waives the policy
/// everywhere, just like the bare <c>*</c> the waivers file refuses; it is refused the same way. Only globs count
/// (a literal name covering the one resource a policy applies to is a precise waiver), and only when the policy applies
/// to two or more resources (one resource cannot tell a precise glob from a blanket one).
/// </summary>
public static class WaiverScope
{
    /// <summary>The number of resources the waiver blankets, when it covers all of them; else null.</summary>
    public static int? BlanketCount(Waiver waiver, Policy? policy, StackView stack)
    {
        if (waiver.Resource is not { } glob || !glob.Contains('*') || policy is not ResourcePolicy resourcePolicy) return null;
        var applicable = stack.OfTypes(resourcePolicy.JudgesType).Where(r => AppliesTo(resourcePolicy, r, stack)).ToList();
        if (applicable.Count < 2) return null;
        return applicable.All(r => waiver.Covers(waiver.Policy, r.Name, r.Component)) ? applicable.Count : null;
    }

    private static bool AppliesTo(ResourcePolicy policy, ResourceView resource, StackView stack)
    {
        // A policy that throws on a resource is reported as a finding there: it counts as applying.
        try { return policy.AppliesTo(resource, stack); }
        catch (Exception) { return true; }
    }
}
