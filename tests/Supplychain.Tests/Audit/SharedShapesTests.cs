using Supplychain.Components.Model;
using Supplychain.Policies.Judging;

namespace Supplychain.Tests.Audit;

/// <summary>The streaming audit's hash-consing of kept views' properties: shared only where nothing read tells values apart.</summary>
public sealed class SharedShapesTests
{
    private static MapValue Selector(Value port) => new()
    {
        ["metadata"] = new MapValue { ["namespace"] = "models" },
        ["spec"] = new MapValue { ["selector"] = new MapValue { ["app"] = "fraud" }, ["ports"] = new ListValue([new MapValue { ["port"] = port }]) },
    };

    [Fact]
    public void Should_Return_One_Instance_Given_Equal_Trees()
    {
        var shapes = new SharedShapes();

        var first = shapes.Share(Selector(8080));
        var second = shapes.Share(Selector(8080));

        Assert.Same(first, second);
        Assert.Equal(Selector(8080), first);
    }

    [Fact]
    public void Should_Share_Equal_Subtrees_Given_Trees_That_Differ_Elsewhere()
    {
        var shapes = new SharedShapes();

        var first = shapes.Share(Selector(8080));
        var second = shapes.Share(Selector(9090));

        Assert.NotSame(first, second);
        Assert.Same(first.At("metadata"), second.At("metadata"));
        Assert.Same(first.At("spec.selector"), second.At("spec.selector"));
    }

    [Fact]
    public void Should_Not_Share_Given_Numbers_Equal_In_Value_But_Printed_Differently()
    {
        var shapes = new SharedShapes();

        var whole = shapes.Share(Selector(1m));
        var scaled = shapes.Share(Selector(1.0m));

        Assert.NotSame(whole, scaled);
        Assert.Equal("1.0", ((ListValue)scaled.At("spec.ports")!)[0] is MapValue m ? m["port"].ToString() : null);
        Assert.Equal("1", ((ListValue)whole.At("spec.ports")!)[0] is MapValue n ? n["port"].ToString() : null);
    }

    [Fact]
    public void Should_Keep_Values_Of_Other_Kinds_As_They_Are()
    {
        var shapes = new SharedShapes();
        var reference = new RefValue("bucket", "arn");

        var shared = shapes.Share(new MapValue { ["ref"] = reference });
        var again = shapes.Share(new MapValue { ["ref"] = new RefValue("bucket", "arn") });

        Assert.Same(reference, shared["ref"]);
        Assert.NotSame(shared, again);
    }
}
