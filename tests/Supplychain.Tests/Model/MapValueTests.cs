using Supplychain.Components.Model;

namespace Supplychain.Tests.ProgramModel;

/// <summary>Maps and lists built in one step from what a reader met (<see cref="MapValue.Of"/>, <see cref="ListValue.Of"/>).</summary>
public sealed class MapValueTests
{
    [Theory]
    [InlineData("a,b,c")]
    [InlineData("c,a,b")]
    [InlineData("a,c,b,a")]
    [InlineData("b,b")]
    [InlineData("")]
    public void Should_Build_The_Map_The_Indexer_Builds_From_The_Same_Entries(string keyList)
    {
        var keys = keyList.Split(',', StringSplitOptions.RemoveEmptyEntries);
        // Given entries in order, out of order, or with a key given twice
        var entries = keys.Select((k, i) => new KeyValuePair<string, Value>(k, i)).ToArray();

        // When one map is built in one step and another entry by entry with the indexer
        var built = MapValue.Of(entries);
        var indexed = new MapValue();
        foreach (var (k, v) in entries) indexed[k] = v;

        // Then both hold the same keys in ordinal order, each with its last value
        Assert.Equal(indexed.Keys, built.Keys);
        Assert.Equal(indexed, built);
        Assert.Equal(keys.Distinct().Order(StringComparer.Ordinal), built.Keys);
    }

    [Fact]
    public void Should_Keep_A_Lists_Items_In_Order()
    {
        Value[] items = ["b", 1, true];
        Assert.Equal(items, ListValue.Of(items).Items);
    }
}
