// Benchmarks print figures; they assert nothing. Run with -c Release:
//   dotnet run -c Release --project bench/Supplychain.Bench -- [all|compiler|synth|policy]
using Supplychain.Bench;

var verb = args.Length > 0 ? args[0] : "all";
var known = new Dictionary<string, Action>
{
    ["compiler"] = CompilerBenchmark.Run,
    ["synth"] = SynthBenchmark.Run,
    ["policy"] = () => PolicyBenchmark.Run(),
    ["profile"] = ProfileBenchmark.Run,
};
if (verb == "all")
{
    foreach (var (name, run) in known) { Console.WriteLine($"== {name}"); run(); }
    return 0;
}
if (!known.TryGetValue(verb, out var action))
{
    Console.Error.WriteLine($"unknown benchmark '{verb}'; expected one of: all, {string.Join(", ", known.Keys)}");
    return 2;
}
action();
return 0;
