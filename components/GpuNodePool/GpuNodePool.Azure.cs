namespace Supplychain.Components.GpuNodePool;

public sealed partial class GpuNodePool
{
    // The Azure rendering is not written yet: a azure stack fails with a clear message instead of rendering nothing.
    private partial void RenderAzure() =>
        throw new NotSupportedException("GpuNodePool has no rendering for target 'azure' yet");
}
