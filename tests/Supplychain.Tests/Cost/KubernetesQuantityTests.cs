using Supplychain.Components.Model;
using Supplychain.Policies.Cost;

namespace Supplychain.Tests.Cost;

public sealed class KubernetesQuantityTests
{
    [Theory]
    [InlineData("500m", "0.5")]
    [InlineData("1", "1")]
    [InlineData("2.5", "2.5")]
    [InlineData("100u", "0.0001")]
    [InlineData("250000n", "0.00025")]
    [InlineData("512Mi", "536870912")]
    [InlineData("4Gi", "4294967296")]
    [InlineData("1G", "1000000000")]
    [InlineData("1.5Ki", "1536")]
    [InlineData("2Ti", "2199023255552")]
    [InlineData("128k", "128000")]
    [InlineData("1e3", "1000")]
    [InlineData("5E-3", "0.005")]
    [InlineData(".5", "0.5")]
    public void Should_Parse_Kubernetes_Quantities_To_Base_Units(string text, string expected)
    {
        // Given a quantity as written in a manifest; When parsed; Then it is in cores, bytes or devices
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), KubernetesQuantity.TryParse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1Gb")]
    [InlineData("1 Gi")]
    [InlineData("1mi")]
    [InlineData("--1")]
    public void Should_Reject_Text_That_Is_Not_A_Quantity(string text) => Assert.Null(KubernetesQuantity.TryParse(text));

    [Fact]
    public void Should_Read_Numbers_And_Refuse_Computed_Values()
    {
        Assert.Equal(2m, KubernetesQuantity.Of(new NumberValue(2)));
        Assert.Equal(1m, KubernetesQuantity.ToGiB(KubernetesQuantity.TryParse("1024Mi")!.Value));
        Assert.Null(KubernetesQuantity.Of(new ConfigRefValue("cpu")));
        Assert.Null(KubernetesQuantity.Of(null));
    }
}
