namespace Supplychain.Components.ModelServing;

public sealed partial class ModelServing
{
    // The Aws rendering is not written yet: a aws stack fails with a clear message instead of rendering nothing.
    private partial void RenderAws() =>
        throw new NotSupportedException("ModelServing has no rendering for target 'aws' yet");
}
