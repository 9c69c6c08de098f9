using FsCheck;
using FsCheck.Fluent;

namespace Supplychain.Tests.Support;

/// <summary>
/// How many cases a property test runs, and from which seed. CI replays the given fixed seed so a build is reproducible;
/// <c>SUPPLYCHAIN_PROPERTY_RUNS=300000</c> with <c>SUPPLYCHAIN_PROPERTY_SEED=random</c> explores further (that is how the
/// plain <c>" *"</c> map key case was found).
/// </summary>
public static class PropertyRuns
{
    public static Config Replaying(ulong seed)
    {
        var runs = int.TryParse(Environment.GetEnvironmentVariable("SUPPLYCHAIN_PROPERTY_RUNS"), out var n) && n > 0 ? n : 3000;
        var config = Config.QuickThrowOnFailure.WithMaxTest(runs);
        return Environment.GetEnvironmentVariable("SUPPLYCHAIN_PROPERTY_SEED") == "random"
            ? config
            : config.WithReplay(seed, 0x9E37_79B9_7F4A_7C15UL);
    }
}
