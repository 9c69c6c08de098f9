using Supplychain.Components.Domain;
using Supplychain.Policies.Engine;

namespace Supplychain.Stacks.Settings;

/// <summary>A stack's validated configuration: everything the synth pipeline needs, and nothing secret.</summary>
/// <param name="StackName">The Pulumi stack name, e.g. <c>dev</c>.</param>
/// <param name="SourceDescription">Where the config came from: <c>Pulumi.dev.yaml</c> or <c>PULUMI_CONFIG</c>.</param>
/// <param name="Spec">The supply chain to render (budget in <see cref="SupplyChainSpec.Budget"/>, local options in <see cref="SupplyChainSpec.Local"/>).</param>
/// <param name="Policy">The policy configuration (<c>supplychain:policy</c>).</param>
/// <param name="SecretKeysSet">
/// Config keys (without the project prefix, as Pulumi YAML references them: <c>${alertWebhookUrl}</c>) whose
/// values are secret and set. Only their presence is known here; their values are never copied.
/// </param>
public sealed record StackSettings(
    string StackName,
    string SourceDescription,
    SupplyChainSpec Spec,
    PolicyConfig Policy,
    IReadOnlySet<string> SecretKeysSet)
{
    /// <summary>The model catalog files the stack serves from (relative to the project root); empty without a catalog.</summary>
    public IReadOnlyList<string> CatalogFiles { get; init; } = [];

    /// <summary>The model catalog directory (relative to the project root) when the stack serves every model with a release for it; null otherwise.</summary>
    public string? OpenCatalogDirectory { get; init; }
}
