namespace Supplychain.Components.ReleasePipeline;

public sealed partial class ReleasePipeline
{
    // The Azure rendering is not written yet: a azure stack fails with a clear message instead of rendering nothing.
    private partial void RenderAzure() =>
        throw new NotSupportedException("ReleasePipeline has no rendering for target 'azure' yet");
}
