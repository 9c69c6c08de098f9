namespace Supplychain.Components.MlflowTracking;

public sealed partial class MlflowTracking
{
    // The Azure rendering is not written yet: a azure stack fails with a clear message instead of rendering nothing.
    private partial void RenderAzure() =>
        throw new NotSupportedException("MlflowTracking has no rendering for target 'azure' yet");
}
