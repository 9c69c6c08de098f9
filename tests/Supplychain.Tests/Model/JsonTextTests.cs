using System.Text.Encodings.Web;
using System.Text.Json;
using Supplychain.Components.Model;

namespace Supplychain.Tests.ProgramModel;

/// <summary>
/// JsonText.Quote replaces JsonSerializer.Serialize(string) where the Native AOT compiler runs (no reflection): the
/// policies' IAM documents and the config messages must read exactly as before, byte for byte.
/// </summary>
public sealed class JsonTextTests
{
    public static TheoryData<string> Texts() =>
    [
        "", "plain", "quote \" and backslash \\", "<script>&'</script>", "tab\tnew\nline\r\0nul", "\u001f\u007f",
        "é € 漢字 🚀", "\u2028\u2029\uFEFF", "lone \ud800 surrogate", "arn:aws:s3:::bucket/*", "${resource.arn}",
    ];

    [Theory]
    [MemberData(nameof(Texts))]
    public void Should_Write_What_The_Serializer_Writes_Given_The_Default_Encoder(string text) =>
        Assert.Equal(JsonSerializer.Serialize(text), JsonText.Quote(text));

    [Theory]
    [MemberData(nameof(Texts))]
    public void Should_Write_What_The_Serializer_Writes_Given_The_Relaxed_Encoder(string text) =>
        Assert.Equal(JsonSerializer.Serialize(text, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
            JsonText.Quote(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping));
}
