namespace Supplychain.Components.Domain;

/// <summary>Options of the <c>azure</c> target (<c>supplychain:azure</c>).</summary>
/// <param name="Location">Azure location, e.g. eastus.</param>
public sealed record AzureTargetSpec(string Location);
