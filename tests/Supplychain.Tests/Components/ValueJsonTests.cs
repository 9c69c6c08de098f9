using System.Text.Json;
using Supplychain.Components.Model;

namespace Supplychain.Tests.ComponentTests;

public sealed class ValueJsonTests
{
    [Fact]
    public void Should_Write_Maps_In_Ordinal_Key_Order_With_Invariant_Numbers()
    {
        var value = new MapValue { ["b"] = 0.50m, ["a"] = new ListValue { 1, true, Value.Null }, ["C"] = "x" };

        var json = ValueJson.Serialize(value);

        Assert.Equal("{\"C\":\"x\",\"a\":[1,true,null],\"b\":0.5}", json);
    }

    [Fact]
    public void Should_Escape_What_Json_Requires_And_Parse_Back()
    {
        var text = "quote \" backslash \\ newline \n tab \t bell \u0007 ${not-a-ref} é";

        var json = ValueJson.Serialize(new MapValue { ["t"] = text });

        using var doc = JsonDocument.Parse(json);
        Assert.Equal(text, doc.RootElement.GetProperty("t").GetString());
    }

    [Fact]
    public void Should_Refuse_A_Reference_Whose_Value_Is_Unknown_At_Synth_Time()
    {
        var value = new MapValue { ["panels"] = new ListValue { new MapValue { ["url"] = new RefValue("grafana", "status") } } };

        var ex = Assert.Throws<InvalidOperationException>(() => ValueJson.Serialize(value));

        Assert.Contains("$.panels[0].url", ex.Message);
    }
}
