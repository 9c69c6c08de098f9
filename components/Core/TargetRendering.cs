using Supplychain.Components.Domain;

namespace Supplychain.Components.Core;

/// <summary>
/// The one place a component picks its rendering for the stack's target. Every rendering is a required argument, so a
/// component that lacks one does not compile; the switch below names every target and has no default arm, so a new
/// <see cref="DeploymentTarget"/> member is warning CS8509 (an error under -warnaserror) until it is handled here, and
/// then a missing argument at every component.
/// </summary>
public static class TargetRendering
{
    public static void Render(this DeploymentTarget target, Action local, Action aws, Action azure)
    {
        // CS8524 warns about values outside the named members (a cast integer); those cannot come from settings.
#pragma warning disable CS8524
        var render = target switch
        {
            DeploymentTarget.Local => local,
            DeploymentTarget.Aws => aws,
            DeploymentTarget.Azure => azure,
        };
#pragma warning restore CS8524
        render();
    }

    /// <summary>The target's value of three, for a rendering that returns something (the same exhaustiveness as <see cref="Render"/>).</summary>
    public static T Select<T>(this DeploymentTarget target, Func<T> local, Func<T> aws, Func<T> azure)
    {
#pragma warning disable CS8524
        var pick = target switch
        {
            DeploymentTarget.Local => local,
            DeploymentTarget.Aws => aws,
            DeploymentTarget.Azure => azure,
        };
#pragma warning restore CS8524
        return pick();
    }
}
