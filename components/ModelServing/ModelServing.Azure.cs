namespace Supplychain.Components.ModelServing;

public sealed partial class ModelServing
{
    // The Azure rendering is not written yet: a azure stack fails with a clear message instead of rendering nothing.
    private partial void RenderAzure() =>
        throw new NotSupportedException("ModelServing has no rendering for target 'azure' yet");
}
