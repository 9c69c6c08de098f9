using System.Security.Cryptography;
using System.Text;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Judging;

/// <summary>A custom policy file as it was read: its path relative to the project and its text (the provenance digest covers it).</summary>
public sealed record PolicySourceFile(string Path, string Text);

/// <summary>The policies a stack is judged by: the built-ins, plus the stack's custom policies and the files they came from.</summary>
public sealed record PolicySet(IReadOnlyList<Policy> Policies, IReadOnlyList<PolicySourceFile> CustomFiles)
{
    /// <summary>The compiled-in packs only.</summary>
    public static PolicySet BuiltIn => new(PolicyRegistry.Load().Policies, []);

    /// <summary>The built-ins and the given custom policies, sorted by id. A custom id equal to another policy's is rejected by its loader.</summary>
    public static PolicySet With(IReadOnlyList<Policy> custom, IReadOnlyList<PolicySourceFile> files) =>
        new(PolicyRegistry.Load().Policies.Concat(custom).OrderBy(p => p.Id, StringComparer.Ordinal).ToList(), files);

    /// <summary>Tool version, pack versions and the digest of the whole set as this stack runs it.</summary>
    public PolicyProvenance Provenance(PolicyConfig config)
    {
        var canonical = new StringBuilder();
        foreach (var p in Policies.OrderBy(p => p.Id, StringComparer.Ordinal))
            canonical.Append(p.Id).Append('\t').Append(p.Pack).Append('\t')
                .Append(ReportNames.Of(PolicyEngine.EffectiveEnforcement(p, config))).Append('\t')
                .Append(p.EffectiveSettings(config).ToJsonString()).Append('\n');
        foreach (var f in CustomFiles.OrderBy(f => f.Path, StringComparer.Ordinal))
            canonical.Append(f.Path).Append('\t').Append(Sha256(f.Text)).Append('\n');

        var packs = PolicyPacks.All
            .Select(pack => (pack, count: Policies.Count(p => p.Pack == pack.Name)))
            .Where(x => x.count > 0 || x.pack != PolicyPacks.Custom)
            .Select(x => new PackVersion(x.pack.Name, x.pack == PolicyPacks.Custom ? CustomVersion() : x.pack.Version, x.count))
            .ToList();
        return new PolicyProvenance(PolicyProvenance.Tool, PolicyProvenance.CurrentToolVersion, packs, "sha256:" + Sha256(canonical.ToString()));
    }

    /// <summary>The custom pack has no release: its version is the short digest of its files.</summary>
    private string CustomVersion()
    {
        var text = string.Join("\n", CustomFiles.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => f.Path + "\t" + Sha256(f.Text)));
        return "sha256:" + Sha256(text)[..12];
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
