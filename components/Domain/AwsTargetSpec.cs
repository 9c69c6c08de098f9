namespace Supplychain.Components.Domain;

/// <summary>Options of the <c>aws</c> target (<c>supplychain:aws</c>).</summary>
/// <param name="Region">AWS region, e.g. us-east-1.</param>
public sealed record AwsTargetSpec(string Region);
