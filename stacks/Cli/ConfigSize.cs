using System.Text;

namespace Supplychain.Stacks.Cli;

/// <summary>
/// Pulumi hands the compiler the whole stack config in one environment variable, <c>PULUMI_CONFIG</c>, and Linux caps one
/// environment string at 128 KiB (<c>MAX_ARG_STRLEN</c>): past it the compiler cannot even start. Past 100 KiB the stack is
/// close enough to that wall to warn (compiler) or refuse (preview), pointing to model catalogs, which keep models out of it.
/// </summary>
internal static class ConfigSize
{
    public const int WarningBytes = 100 * 1024;
    public const int LimitBytes = 128 * 1024;

    public static int Bytes(string config) => Encoding.UTF8.GetByteCount(config);

    public static string Warning(string what, int bytes) =>
        $"the stack config is {bytes / 1024.0:0.0} KiB as {what}, over {WarningBytes / 1024} KiB; Pulumi passes it to the compiler in one environment " +
        $"variable, which Linux caps at {LimitBytes / 1024} KiB (beyond it `pulumi preview` fails with \"argument list too long\"). " +
        "Move models into a model catalog (supplychain:catalog, one file per model: see docs/catalogs.md)";
}
