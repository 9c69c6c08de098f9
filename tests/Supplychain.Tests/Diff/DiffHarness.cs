using Moq;
using Supplychain.Stacks.Cli;
using Supplychain.Stacks.Settings;
using Supplychain.Tests.Settings;

namespace Supplychain.Tests.Diff;

/// <summary>
/// Two checkouts of the project in a temp directory, built from the repository's own Pulumi.yaml and Pulumi.dev.yaml:
/// <c>base</c> as committed, <c>head</c> with the edits a test makes. Runs the real CLI on them with a fixed clock.
/// </summary>
internal sealed class DiffHarness : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    public DiffHarness()
    {
        Root = Path.Combine(Path.GetTempPath(), "supplychain-diff-" + Guid.NewGuid().ToString("N")[..12]);
        var repo = SettingsHarness.RepositoryRoot();
        foreach (var side in new[] { Base, Head })
        {
            Directory.CreateDirectory(Path.Combine(side, "policies"));
            File.Copy(Path.Combine(repo, "Pulumi.yaml"), Path.Combine(side, "Pulumi.yaml"));
            File.Copy(Path.Combine(repo, "Pulumi.dev.yaml"), Path.Combine(side, "Pulumi.dev.yaml"));
            File.WriteAllText(Path.Combine(side, "policies", "waivers.yaml"), "waivers: []\n");
        }
    }

    public string Root { get; }
    public string Base => Path.Combine(Root, "base");
    public string Head => Path.Combine(Root, "head");

    /// <summary>Replaces exactly one occurrence of <paramref name="from"/> in the head's stack file (fails if it is not there once).</summary>
    public DiffHarness EditHead(string from, string to)
    {
        var path = Path.Combine(Head, "Pulumi.dev.yaml");
        var text = File.ReadAllText(path);
        var at = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0 && text.IndexOf(from, at + 1, StringComparison.Ordinal) < 0, $"expected exactly one '{from}' in Pulumi.dev.yaml");
        File.WriteAllText(path, text[..at] + to + text[(at + from.Length)..]);
        return this;
    }

    public void WriteWaivers(string side, string yaml) => File.WriteAllText(Path.Combine(side, "policies", "waivers.yaml"), yaml);

    /// <summary>The three changes of the issue: one model upgraded, one GPU pool grown, one policy broken.</summary>
    public DiffHarness UpgradeGrowAndBreak() => this
        // fraud-detector 1.4.2 → 1.5.0: version, image (tag and digest) and artifact (uri and digest).
        .EditHead("version: 1.4.2", "version: 1.5.0")
        .EditHead("fraud-detector:1.4.2@sha256:3f1c2a9e8b7d6c5f4e3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e",
                  "fraud-detector:1.5.0@sha256:" + UpgradedImageDigest)
        .EditHead("s3://models/fraud-detector/1.4.2/model.onnx", "s3://models/fraud-detector/1.5.0/model.onnx")
        .EditHead("sha256:8d4e1f0a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6", "sha256:" + UpgradedArtifactDigest)
        // The inference pool may grow to 4 nodes.
        .EditHead("      maxNodes: 2\n", "      maxNodes: 4\n")
        // query-ranker loses its code commit: lineage is broken (LIN003 on the workload, LIN012 on the config).
        .EditHead("        codeCommit: 0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c\n", "");

    public const string UpgradedImageDigest = "5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c";
    public const string UpgradedArtifactDigest = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d";

    public sealed record Result(int ExitCode, string Out, string Error);

    public Result Run(params string[] args)
    {
        var clock = new Mock<TimeProvider>();
        clock.Setup(c => c.GetUtcNow()).Returns(Now);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr, ProcessEnvironment.Instance, PhysicalFileSystem.Instance, clock.Object, Root);
        var code = Entry.Run(args, context);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }

    public Result Diff(params string[] extra) => Run(["diff", "--base", Base, "--head", Head, .. extra]);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
