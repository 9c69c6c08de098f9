using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Supplychain.Components.Model;

/// <summary>
/// JSON text written without the reflection-based serializer, so it also runs in the Native AOT compiler (compiler/),
/// where <see cref="JsonSerializer"/>'s reflection is off.
/// </summary>
public static class JsonText
{
    /// <summary>
    /// <paramref name="text"/> as a JSON string literal, byte for byte what <c>JsonSerializer.Serialize(text)</c> writes with
    /// the same encoder (null: the serializer's default, which escapes HTML-sensitive and non-ASCII characters).
    /// </summary>
    public static string Quote(string text, JavaScriptEncoder? encoder = null)
    {
        var buffer = new ArrayBufferWriter<byte>(text.Length + 2);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = encoder }))
            writer.WriteStringValue(text);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
