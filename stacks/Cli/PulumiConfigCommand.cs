using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Supplychain.Stacks.Settings;

namespace Supplychain.Stacks.Cli;

/// <summary>
/// <c>pulumi-config</c>: prints a stack file's config as Pulumi passes it to the compiler in PULUMI_CONFIG (every value a
/// string; objects and lists as JSON text), so the compiler protocol can be exercised without the Pulumi CLI (CI does).
/// </summary>
internal static class PulumiConfigCommand
{
    public static Command Create(CliContext context)
    {
        var stack = CommonOptions.Stack();
        var projectDir = CommonOptions.ProjectDir();
        var command = new Command("pulumi-config", "Print the stack's config as the PULUMI_CONFIG JSON Pulumi gives the compiler.");
        command.Options.Add(stack);
        command.Options.Add(projectDir);
        command.SetAction(parse =>
        {
            var dir = context.ProjectDirectory(parse.GetValue(projectDir));
            var source = ConfigSource.FromStackFile(dir, parse.GetValue(stack)!, context.FileSystem);
            context.Out.WriteLine(ToPulumiConfig(source));
            return Entry.Success;
        });
        return command;
    }

    /// <param name="skipEncrypted">Leave encrypted values out instead of refusing them (to measure the size of the rest).</param>
    public static string ToPulumiConfig(ConfigSource source, bool skipEncrypted = false)
    {
        var json = new JsonObject();
        foreach (var entry in source.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var key = $"{ConfigSource.ProjectName}:{entry.Key}";
            if (entry.IsEncrypted && skipEncrypted) continue;
            if (entry.IsEncrypted)
                throw new InputException($"{source.Name}: {key} is encrypted; only Pulumi can decrypt it (pulumi preview runs the compiler with it decrypted)");
            json[key] = entry.Value switch
            {
                null => "",
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                JsonNode n => n.ToJsonString(),
            };
        }
        return json.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
