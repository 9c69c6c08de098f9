namespace Supplychain.Policies.Engine;

/// <summary>
/// Marks a policy whose verdict depends on resources other than the one it judges, or on stack totals (a budget, a
/// companion resource, a rule or template elsewhere in the stack). Such a policy cannot judge a partial input (a preview
/// that leaves unchanged resources out): the audit reports it not applicable (partial input) instead of guessing.
/// </summary>
public interface IJudgesWholeStack;
