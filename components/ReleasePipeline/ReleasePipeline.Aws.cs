namespace Supplychain.Components.ReleasePipeline;

public sealed partial class ReleasePipeline
{
    // The Aws rendering is not written yet: a aws stack fails with a clear message instead of rendering nothing.
    private partial void RenderAws() =>
        throw new NotSupportedException("ReleasePipeline has no rendering for target 'aws' yet");
}
