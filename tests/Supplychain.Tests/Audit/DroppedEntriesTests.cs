using Supplychain.Policies.Importers;

namespace Supplychain.Tests.Audit;

/// <summary>What the streaming import keeps of each dropped resource: its digest, and its path for its children.</summary>
public sealed class DroppedEntriesTests
{
    private const string Prefix = "urn:pulumi:dev::supplychain::kubernetes:core/v1:ConfigMap::";

    [Fact]
    public void Should_Give_Back_Each_Path_As_It_Was_Given()
    {
        // Given dropped entries: paths ending with their own name, a component named like its component, a nested
        // path, one with no path, over many digests (every shard)
        var dropped = new DroppedEntries();
        var given = new List<(UInt128 Digest, string Urn, string[]? Path)>();
        for (var i = 0; i < 200; i++)
        {
            var name = $"web-{i}";
            string[]? path = (i % 4) switch
            {
                0 => ["web", name],
                1 => [name],
                2 => ["web", "web-parent", name],
                _ => null,
            };
            given.Add(((UInt128)i * 0x9E3779B97F4A7C15UL + 1, Prefix + name, path));
        }
        foreach (var (digest, urn, path) in given) dropped.Add(digest, path, EngineImporter.NameOf(urn));

        // When each is looked up by its digest
        // Then its path comes back equal, and a digest never added is not found
        Assert.Equal(200, dropped.Count);
        foreach (var (digest, urn, path) in given)
        {
            Assert.True(dropped.Contains(digest));
            Assert.True(dropped.TryGetPath(digest, urn, out var back));
            Assert.Equal(path, back);
        }
        Assert.False(dropped.Contains(UInt128.MaxValue));
        Assert.False(dropped.TryGetPath(UInt128.MaxValue, Prefix + "nothing", out _));
    }

    [Fact]
    public void Should_Share_One_Prefix_Between_Siblings_And_Count_A_Digest_Once()
    {
        // Given two siblings of one component, and the first dropped twice
        var dropped = new DroppedEntries();
        dropped.Add(1, ["web", "web-a"], "web-a");
        dropped.Add(2, ["web", "web-b"], "web-b");
        dropped.Add(1, ["web", "web-a"], "web-a");

        // When a top-level sibling's path is read (named like its component: the path is the component alone)
        dropped.Add(3, ["web"], "web");
        dropped.TryGetPath(3, Prefix + "web", out var top);
        dropped.TryGetPath(2, Prefix + "web-b", out var b);

        // Then each digest counts once, and the component-alone path is the prefix the siblings share
        Assert.Equal(3, dropped.Count);
        Assert.Equal(["web"], top!);
        Assert.Equal(["web", "web-b"], b!);
    }
}
