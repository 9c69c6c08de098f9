// Benchmarks print figures; they assert nothing. Run with -c Release:
//   dotnet run -c Release --project bench/Supplychain.Bench -- [all|compiler|synth|policy|profile|audit|ml [rows...]]
using Supplychain.Bench;

var verb = args.Length > 0 ? args[0] : "all";
var rest = args.Skip(1).ToArray();
if (verb == AuditBench.ChildVerb) return AuditBench.RunChild(rest); // the audit benchmark measures each size in a fresh process
if (verb == "fleet-write" && rest.Length == 1)
{
    // Writes the fleet's catalog under DIR and prints its PULUMI_CONFIG, to run bin/synth on it by hand.
    Console.WriteLine(FleetBenchmark.WriteFleet(rest[0], FleetBenchmark.Models, FleetBenchmark.Teams));
    return 0;
}

if (verb == "preview-write" && rest.Length == 2)
{
    // Writes a generated preview of about MB megabytes to FILE, to run bin/audit on it by hand (as the audit benchmark does).
    AuditBench.Generate(AuditBench.Template, rest[1], long.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture) * 1_000_000L);
    return 0;
}

if (verb == PolicyBenchmark.ChildVerb) { PolicyBenchmark.RunInProcess(); return 0; } // the policy benchmark runs in a fresh process
if (verb == MlBench.ChildVerb) return MlBench.RunChild(rest); // so does the evaluate/drift benchmark

var known = new Dictionary<string, Func<int>>
{
    ["compiler"] = () => { CompilerBenchmark.Run(); return 0; },
    ["synth"] = () => { SynthBenchmark.Run(); return 0; },
    ["policy"] = () => { PolicyBenchmark.Run(); return 0; },
    ["profile"] = () => { if (rest is ["dev"]) ProfileBenchmark.RunDev(); else ProfileBenchmark.Run(rest.Length > 0 ? int.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture) : 200); return 0; },
    ["audit"] = () => AuditBench.Run(rest),
    ["fleet"] = () =>
    {
        FleetBenchmark.Report(FleetBenchmark.Run(rest.Length > 0 ? rest[0] : null));
        return 0;
    },
    ["ml"] = () => MlBench.Run(rest),
};
if (verb == "all")
{
    // profile and ml are long (ml generates and scores a million rows): run them by name.
    foreach (var (name, run) in known.Where(k => k.Key is not ("profile" or "ml")))
    {
        Console.WriteLine($"== {name}");
        if (run() != 0) return 1;
    }
    Goals.Print();
    return 0;
}
if (!known.TryGetValue(verb, out var action))
{
    Console.Error.WriteLine($"unknown benchmark '{verb}'; expected one of: all, {string.Join(", ", known.Keys)}");
    return 2;
}
return action();
