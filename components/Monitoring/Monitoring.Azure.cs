namespace Supplychain.Components.Monitoring;

public sealed partial class Monitoring
{
    // The Azure rendering is not written yet: a azure stack fails with a clear message instead of rendering nothing.
    private partial void RenderAzure() =>
        throw new NotSupportedException("Monitoring has no rendering for target 'azure' yet");
}
