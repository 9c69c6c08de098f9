using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Supplychain.Stacks.Settings;
using static Supplychain.Tests.Settings.SettingsHarness;

namespace Supplychain.Tests.Settings;

public sealed class SecretSettingsTests
{
    private const string Sentinel = "https://hooks.example.com/services/SENTINEL-4f9d2c";

    [Fact]
    public void Should_Record_Only_The_Presence_Of_The_Alert_Webhook()
    {
        // Given the decrypted webhook in PULUMI_CONFIG, as Pulumi passes secrets to the compiler
        var json = PulumiConfig(Valid(), ("supplychain:alertWebhookUrl", Sentinel));

        // When read
        var settings = StackSettingsReader.Read(CompilerSource(json, secretKeys: "[\"supplychain:alertWebhookUrl\"]"));

        // Then the spec names the key to reference, and the value is nowhere
        Assert.Equal("alertWebhookUrl", settings.Spec.AlertWebhookConfigKey);
        Assert.Equal(["alertWebhookUrl"], settings.SecretKeysSet);
        Assert.DoesNotContain(Sentinel, settings.ToString());
        Assert.DoesNotContain("SENTINEL", JsonSerializer.Serialize(settings));
        Assert.DoesNotContain(AllStrings(settings), s => s.Contains("SENTINEL", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[tSENTINEL-4f9d2c")]
    [InlineData("[\"SENTINEL-4f9d2c")]
    [InlineData("{SENTINEL-4f9d2c}")]
    [InlineData("[1, SENTINEL]")]
    public void Should_Not_Echo_A_Secret_That_Looks_Like_Broken_Json(string secret)
    {
        // Given a decrypted secret whose text starts like JSON but does not parse (listed as secret, or not)
        foreach (var secretKeys in new[] { "[\"supplychain:alertWebhookUrl\"]", null })
        {
            var json = PulumiConfig(Valid(), ("supplychain:alertWebhookUrl", secret));

            // When read
            var error = Assert.Throws<ConfigurationException>(() => StackSettingsReader.Read(CompilerSource(json, secretKeys: secretKeys)));

            // Then the error names the key and where the JSON breaks, and quotes nothing of the value
            Assert.Contains("supplychain:alertWebhookUrl", error.Message);
            Assert.DoesNotContain("SENTINEL", error.Message);
            Assert.DoesNotContain("'t'", error.Message);
            Assert.DoesNotContain("'S'", error.Message);
        }
    }

    [Fact]
    public void Should_Accept_The_Webhook_Without_Secret_Keys_Listed()
    {
        // Pulumi may not pass PULUMI_CONFIG_SECRET_KEYS to the compiler; the key is still treated as secret.
        var settings = StackSettingsReader.Read(CompilerSource(PulumiConfig(Valid(), ("supplychain:alertWebhookUrl", Sentinel))));

        Assert.Equal("alertWebhookUrl", settings.Spec.AlertWebhookConfigKey);
    }

    [Fact]
    public void Should_Accept_An_Encrypted_Webhook_In_The_Stack_File_As_Set()
    {
        var text = StackFile(Valid()).Replace("config: {", "config: {\n  \"supplychain:alertWebhookUrl\": { \"secure\": \"v1:AAABBBCCC\" },");

        var settings = ReadYaml(text);

        Assert.Equal("alertWebhookUrl", settings.Spec.AlertWebhookConfigKey);
        Assert.Contains("alertWebhookUrl", settings.SecretKeysSet);
    }

    [Fact]
    public void Should_Reject_A_Plain_Text_Webhook_In_The_Stack_File_Without_Quoting_It()
    {
        var text = StackFile(Valid()).Replace("config: {", $"config: {{\n  \"supplychain:alertWebhookUrl\": \"{Sentinel}\",");

        var exception = YamlError(text);

        Assert.Equal("supplychain:alertWebhookUrl", exception.Key);
        Assert.Contains("pulumi config set --secret alertWebhookUrl", exception.Message);
        Assert.DoesNotContain("SENTINEL", exception.Message);
    }

    [Fact]
    public void Should_Reject_A_Webhook_That_Is_Not_A_Url_Without_Quoting_It()
    {
        var json = PulumiConfig(Valid(), ("supplychain:alertWebhookUrl", "SENTINEL-not-a-url"));

        var exception = Assert.Throws<ConfigurationException>(() => StackSettingsReader.Read(CompilerSource(json)));

        Assert.Equal("supplychain:alertWebhookUrl", exception.Key);
        Assert.DoesNotContain("SENTINEL", exception.Message);
    }

    [Fact]
    public void Should_Reject_An_Encrypted_Value_For_A_Key_That_Is_Not_Secret()
    {
        var config = Valid();
        config["owner"] = new JsonObject { ["secure"] = "v1:AAABBB" };

        var error = SingleError(config);

        Assert.Equal("supplychain:owner", error.Key);
        Assert.Contains("is stored as a secret", error.Message);
    }

    [Fact]
    public void Should_Reject_A_Non_Secret_Key_Marked_Secret_By_Pulumi()
    {
        var json = PulumiConfig(Valid());

        var exception = Assert.Throws<ConfigurationException>(() =>
            StackSettingsReader.Read(CompilerSource(json, secretKeys: "[\"supplychain:costCenter\"]")));

        Assert.Equal("supplychain:costCenter", exception.Key);
        Assert.DoesNotContain("cc-4120", exception.Message);
    }

    [Fact]
    public void Should_Reject_An_Encrypted_Value_Nested_In_An_Object()
    {
        var config = Valid();
        config["budget"]!["alertEmails"] = new JsonObject { ["secure"] = "v1:AAABBB" };

        var error = SingleError(config);

        Assert.Equal("supplychain:budget.alertEmails", error.Key);
    }

    /// <summary>Every string reachable from the settings' public properties.</summary>
    private static List<string> AllStrings(object root)
    {
        var found = new List<string>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        Visit(root);
        return found;

        void Visit(object? value)
        {
            switch (value)
            {
                case null: return;
                case string s: found.Add(s); return;
                case Enum or ValueType when value.GetType().IsPrimitive || value is Enum or decimal: return;
            }
            if (!value.GetType().IsValueType && !seen.Add(value)) return;
            if (value is IDictionary dictionary)
            {
                foreach (DictionaryEntry entry in dictionary) { Visit(entry.Key); Visit(entry.Value); }
                return;
            }
            if (value is IEnumerable items)
            {
                foreach (var item in items) Visit(item);
                return;
            }
            foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
                if (property.GetIndexParameters().Length == 0) Visit(property.GetValue(value));
        }
    }
}
