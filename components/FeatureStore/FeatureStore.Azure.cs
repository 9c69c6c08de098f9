namespace Supplychain.Components.FeatureStore;

public sealed partial class FeatureStore
{
    // The Azure rendering is not written yet: a azure stack fails with a clear message instead of rendering nothing.
    private partial void RenderAzure() =>
        throw new NotSupportedException("FeatureStore has no rendering for target 'azure' yet");
}
