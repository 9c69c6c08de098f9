using Supplychain.Policies.Engine;

namespace Supplychain.Tests.Architecture;

/// <summary>Data flows one way (ARCHITECTURE.md): no namespace of the product reaches, through any chain, back into itself.</summary>
public sealed class NamespaceCycleTests
{
    // The policies and the CLI: the components library is judged on its own (its namespaces are its components).
    private static readonly System.Reflection.Assembly[] Product =
    [
        typeof(Policy).Assembly,
        typeof(Supplychain.Stacks.Cli.Entry).Assembly,
    ];

    [Fact]
    public void Should_Have_No_Namespace_Cycles_In_The_Product()
    {
        var graph = NamespaceGraph.Of("Supplychain.", Product);

        var cycles = NamespaceGraph.Cycles(graph);

        var described = cycles.Select(c => string.Join(" <-> ", c) + ": " + string.Join("; ",
            c.SelectMany(from => graph[from].Where(c.Contains).Select(to => $"{from} -> {to}"))));
        Assert.True(cycles.Count == 0, "namespace cycles:" + Environment.NewLine + string.Join(Environment.NewLine, described));
    }

    [Fact]
    public void Should_Find_A_Cycle_When_Two_Namespaces_Use_Each_Other()
    {
        var graph = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal)
        {
            ["A"] = new(StringComparer.Ordinal) { "B" },
            ["B"] = new(StringComparer.Ordinal) { "C" },
            ["C"] = new(StringComparer.Ordinal) { "A" },
            ["D"] = new(StringComparer.Ordinal) { "A" },
        };

        var cycles = NamespaceGraph.Cycles(graph);

        Assert.Equal(["A", "B", "C"], Assert.Single(cycles));
    }

    [Fact]
    public void Should_See_The_View_Used_By_The_Policy_Engine()
    {
        var graph = NamespaceGraph.Of("Supplychain.", Product);

        Assert.Contains("Supplychain.Policies.View", graph["Supplychain.Policies.Engine"]);
        Assert.DoesNotContain("Supplychain.Policies.Engine", graph["Supplychain.Policies.View"]);
    }
}
