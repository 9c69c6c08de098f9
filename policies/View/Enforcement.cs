namespace Supplychain.Policies.View;

/// <summary>How a policy's violations are treated. <c>Remediate</c> lets a policy that knows the fix apply it at synth time.</summary>
public enum Enforcement { Disabled, Advisory, Mandatory, Remediate }
