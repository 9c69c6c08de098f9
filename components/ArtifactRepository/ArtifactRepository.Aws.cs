namespace Supplychain.Components.ArtifactRepository;

public sealed partial class ArtifactRepository
{
    // The Aws rendering is not written yet: a aws stack fails with a clear message instead of rendering nothing.
    private partial void RenderAws() =>
        throw new NotSupportedException("ArtifactRepository has no rendering for target 'aws' yet");
}
