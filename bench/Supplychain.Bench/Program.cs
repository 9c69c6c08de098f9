namespace Supplychain.Bench;

/// <summary>
/// Benchmarks, one verb each: <c>dotnet run -c Release --project bench/Supplychain.Bench -- &lt;verb&gt;</c>.
/// Each verb lives in its own file; add a case here for a new one.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        var verb = args.Length > 0 ? args[0] : "";
        var rest = args.Skip(1).ToArray();
        switch (verb)
        {
            case "audit": return AuditBench.Run(rest);
            case AuditBench.ChildVerb: return AuditBench.RunChild(rest);
            default:
                Console.Error.WriteLine("usage: supplychain-bench <verb>\n  audit   importer + policy evaluation throughput and peak memory on generated 10 MB and 100 MB `pulumi preview --json` files");
                return 2;
        }
    }
}
