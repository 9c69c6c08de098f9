namespace Supplychain.Components.GpuNodePool;

public sealed partial class GpuNodePool
{
    // The Aws rendering is not written yet: a aws stack fails with a clear message instead of rendering nothing.
    private partial void RenderAws() =>
        throw new NotSupportedException("GpuNodePool has no rendering for target 'aws' yet");
}
