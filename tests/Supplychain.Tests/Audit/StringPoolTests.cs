using System.Text;
using Supplychain.Policies.Importers;

namespace Supplychain.Tests.Audit;

/// <summary>The importer's string pool: one instance per text, found by text, characters or UTF-8 bytes alike.</summary>
public sealed class StringPoolTests
{
    [Theory]
    [InlineData("metadata")]
    [InlineData("app.kubernetes.io/managed-by")]
    [InlineData("zoné-ünïcode ✓")]
    [InlineData("")]
    public void Should_Give_One_Instance_Whether_Asked_By_Text_Characters_Or_Bytes(string text)
    {
        var pool = new StringPool();

        var byBytes = pool.Get(Encoding.UTF8.GetBytes(text).AsSpan());
        var byText = pool.Get(new string(text.AsSpan()));
        var byChars = pool.Get(text.AsSpan());
        var againByBytes = pool.Get(Encoding.UTF8.GetBytes(text).AsSpan());

        Assert.Equal(text, byBytes);
        Assert.Same(byBytes, byText);
        Assert.Same(byBytes, byChars);
        Assert.Same(byBytes, againByBytes);
    }

    [Fact]
    public void Should_Tell_Apart_Many_Texts_Asked_By_Bytes()
    {
        // Given more texts than the pool's first buckets, some sharing long prefixes
        var pool = new StringPool();
        var texts = Enumerable.Range(0, 5000).Select(i => $"spec.template.spec.containers.{i}").ToList();

        // When each is asked twice by its bytes
        var first = texts.Select(t => pool.Get(Encoding.UTF8.GetBytes(t).AsSpan())).ToList();
        var second = texts.Select(t => pool.Get(Encoding.UTF8.GetBytes(t).AsSpan())).ToList();

        // Then each gives its own text, the same instance both times
        Assert.Equal(texts, first);
        Assert.All(first.Zip(second), p => Assert.Same(p.First, p.Second));
    }

    [Fact]
    public void Should_Start_Over_When_A_Renewing_Pool_Is_Full()
    {
        // Given a renewing pool of two texts that was asked for a, b and then c
        var pool = new StringPool(limit: 2, renew: true);
        var a = pool.Get("a"u8);
        pool.Get("b"u8);
        pool.Get("c"u8);

        // When a is asked again
        var again = pool.Get("a"u8);

        // Then it is a new instance (the pool started over at c), pooled from then on
        Assert.Equal("a", again);
        Assert.NotSame(a, again);
        Assert.Same(again, pool.Get("a"u8));
    }
}
