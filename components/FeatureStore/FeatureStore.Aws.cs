namespace Supplychain.Components.FeatureStore;

public sealed partial class FeatureStore
{
    // The Aws rendering is not written yet: a aws stack fails with a clear message instead of rendering nothing.
    private partial void RenderAws() =>
        throw new NotSupportedException("FeatureStore has no rendering for target 'aws' yet");
}
