namespace Supplychain.Components.ArtifactRepository;

public sealed partial class ArtifactRepository
{
    // The Azure rendering is not written yet: a azure stack fails with a clear message instead of rendering nothing.
    private partial void RenderAzure() =>
        throw new NotSupportedException("ArtifactRepository has no rendering for target 'azure' yet");
}
