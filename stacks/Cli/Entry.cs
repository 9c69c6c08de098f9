namespace Supplychain.Stacks.Cli;

internal static class Entry
{
    public static int Run(string[] args) => 0;
}
