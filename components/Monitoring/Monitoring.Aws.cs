namespace Supplychain.Components.Monitoring;

public sealed partial class Monitoring
{
    // The Aws rendering is not written yet: a aws stack fails with a clear message instead of rendering nothing.
    private partial void RenderAws() =>
        throw new NotSupportedException("Monitoring has no rendering for target 'aws' yet");
}
