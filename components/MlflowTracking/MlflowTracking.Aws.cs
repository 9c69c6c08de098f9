namespace Supplychain.Components.MlflowTracking;

public sealed partial class MlflowTracking
{
    // The Aws rendering is not written yet: a aws stack fails with a clear message instead of rendering nothing.
    private partial void RenderAws() =>
        throw new NotSupportedException("MlflowTracking has no rendering for target 'aws' yet");
}
