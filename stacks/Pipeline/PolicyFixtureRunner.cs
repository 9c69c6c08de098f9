using Supplychain.Components.Yaml;
using Supplychain.Policies.Cost.Catalog;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Importers;
using Supplychain.Policies.Judging;
using Supplychain.Policies.Waivers;
using Supplychain.Stacks.Settings;

namespace Supplychain.Stacks.Pipeline;

/// <summary>One fixture's outcome: which policy, which file, what was expected and what the policy found.</summary>
internal sealed record FixtureResult(string PolicyId, string File, bool ExpectedToFail, int Findings, string? Error)
{
    public bool Passed => Error is null && (ExpectedToFail ? Findings > 0 : Findings == 0);
}

/// <summary>
/// <c>policy test</c>: runs each policy on its fixtures, the Checkov layout: <c>DIR/&lt;ID&gt;/…-PASSED.*</c> must yield no
/// finding of that policy, <c>…-FAILED.*</c> at least one. A fixture is a Pulumi YAML program (<c>.yaml</c>/<c>.yml</c>) or
/// engine output (<c>.json</c>: <c>pulumi preview --json</c> or <c>pulumi stack export</c>). It is judged through the one
/// judge with the config of the default stack, or of <c>&lt;ID&gt;/&lt;stack&gt;/</c> when the fixture sits in a stack's folder;
/// the policy runs mandatory with no waivers, whatever the stack's overrides say, so a fixture tests the rule itself.
/// </summary>
internal sealed class PolicyFixtureRunner(string projectDirectory, IFileSystem fileSystem, TimeProvider clock)
{
    public IReadOnlyList<FixtureResult> Run(string fixturesDirectory, string defaultStack)
    {
        var results = new List<FixtureResult>();
        var settingsByStack = new Dictionary<string, StackSettings>(StringComparer.Ordinal);
        var policySets = new Dictionary<string, PolicySet>(StringComparer.Ordinal);
        foreach (var policyDir in Directory.EnumerateDirectories(fixturesDirectory).Order(StringComparer.Ordinal))
        {
            var id = Path.GetFileName(policyDir);
            foreach (var file in Directory.EnumerateFiles(policyDir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileNameWithoutExtension(file);
                var expectFail = name.EndsWith("-FAILED", StringComparison.Ordinal);
                if (!expectFail && !name.EndsWith("-PASSED", StringComparison.Ordinal)) continue;
                var relative = Path.GetRelativePath(fixturesDirectory, file);
                var folder = Path.GetRelativePath(policyDir, Path.GetDirectoryName(file)!);
                var stack = folder == "." ? defaultStack : folder.Split(Path.DirectorySeparatorChar)[0];
                try
                {
                    if (!settingsByStack.TryGetValue(stack, out var settings))
                        settingsByStack[stack] = settings = StackSettingsReader.Read(ConfigSource.FromStackFile(projectDirectory, stack, fileSystem));
                    if (!policySets.TryGetValue(stack, out var set))
                        policySets[stack] = set = new PolicyInputs(projectDirectory, fileSystem).Policies(settings.Policy);
                    if (set.Policies.FirstOrDefault(p => p.Id == id) is not { } policy)
                    {
                        results.Add(new FixtureResult(id, relative, expectFail, 0, $"no policy {id} (built-in or in {settings.Policy.CustomPoliciesDirectory})"));
                        continue;
                    }
                    results.Add(new FixtureResult(id, relative, expectFail, Findings(policy, set, settings, file), null));
                }
                catch (Exception e) when (e is FormatException or InvalidCastException or IOException or System.Text.Json.JsonException)
                {
                    results.Add(new FixtureResult(id, relative, expectFail, 0, e.Message));
                }
            }
        }
        return results;
    }

    private int Findings(Policy policy, PolicySet set, StackSettings settings, string file)
    {
        var resources = file.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? Imported(file) : ProgramViews.From(PulumiYamlReader.Read(File.ReadAllText(file), file));
        var config = settings.Policy with
        {
            Enforcement = new Dictionary<string, Enforcement>(StringComparer.Ordinal) { [policy.Id] = Enforcement.Mandatory },
        };
        var request = new JudgeRequest(settings.Spec.Stack, settings.Spec, config, WaiverSet.Empty, set with { Policies = [policy] },
            DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var judged = new StackJudge(PriceCatalog.Embedded()).Judge(resources, request);
        return judged.Report.Findings.Count(f => f.PolicyId == policy.Id);
    }

    private static IReadOnlyList<ResourceView> Imported(string file)
    {
        var isPreview = File.ReadAllText(file).Contains("\"steps\"", StringComparison.Ordinal);
        var import = EngineImporter.ReadFile(isPreview ? EngineFormat.Preview : EngineFormat.State, file);
        return import.Resources.Concat(import.Providers.Where(p => p.Name != "default" && !p.Name.StartsWith("default_", StringComparison.Ordinal))).ToList();
    }
}
