using System.Text.RegularExpressions;
using System.Xml.Linq;
using Supplychain.Tests.CliTests;

namespace Supplychain.Tests.Image;

/// <summary>
/// The CLI image's rules, read from the Dockerfile itself (no Docker daemon needed): bases pinned by digest,
/// multi-stage with the SDK left behind, no remote ADD, a numeric non-root user, exec-form entrypoint, every project the
/// CLI references copied in, and the release workflow that builds, pushes and signs it.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string Root = CliHarness.RepoRoot();
    private static readonly string[] Lines = Instructions(File.ReadAllText(Path.Combine(Root, "Dockerfile")));

    /// <summary>Instructions with continuation lines joined and comments dropped.</summary>
    private static string[] Instructions(string text) =>
        text.Replace("\\\n", " ").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();

    private static IEnumerable<string> Of(string instruction) =>
        Lines.Where(l => l.StartsWith(instruction + " ", StringComparison.OrdinalIgnoreCase));

    private static List<string[]> Stages()
    {
        var stages = new List<string[]>();
        foreach (var line in Lines)
            if (line.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase)) stages.Add([line]);
            else if (stages.Count > 0) stages[^1] = [.. stages[^1], line];
        return stages;
    }

    [Fact]
    public void Should_Pin_Every_Base_Image_By_Digest()
    {
        var stageNames = Of("FROM").Select(f => FromLine().Match(f)).Where(m => m.Groups["as"].Success).Select(m => m.Groups["as"].Value).ToHashSet();
        var bases = Of("FROM").Select(f => FromLine().Match(f).Groups["image"].Value).Where(i => !stageNames.Contains(i)).ToList();
        Assert.NotEmpty(bases);
        Assert.All(bases, image => Assert.Matches("^[a-z0-9./-]+(:[A-Za-z0-9._-]+)?@sha256:[0-9a-f]{64}$", image));
    }

    [Fact]
    public void Should_Build_In_One_Stage_And_Run_In_Another_Without_The_Sdk()
    {
        var stages = Stages();
        Assert.True(stages.Count >= 2, "the Dockerfile must be multi-stage");
        Assert.DoesNotContain("/dotnet/sdk", stages[^1][0]);
        Assert.Contains(stages[^1], l => l.StartsWith("COPY --from=", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Never_Add_Remote_Urls()
    {
        Assert.DoesNotContain(Lines, l => l.StartsWith("ADD ", StringComparison.OrdinalIgnoreCase) && l.Contains("://", StringComparison.Ordinal));
        Assert.DoesNotContain(Lines, l => l.StartsWith("RUN ", StringComparison.OrdinalIgnoreCase) && CurlPipe().IsMatch(l));
    }

    [Fact]
    public void Should_Run_As_A_Numeric_Non_Root_User()
    {
        var user = Stages()[^1].LastOrDefault(l => l.StartsWith("USER ", StringComparison.OrdinalIgnoreCase));
        Assert.NotNull(user);
        var uid = user!["USER ".Length..].Split(':')[0];
        Assert.True(int.TryParse(uid, out var id) && id > 0, $"'{user}' must name a numeric uid other than 0 (runAsNonRoot verifies numbers only)");
    }

    [Fact]
    public void Should_Keep_Runtime_Writes_In_Tmp_And_Start_In_Exec_Form()
    {
        var final = Stages()[^1];
        Assert.Contains(final, l => l.Contains("TMPDIR=/tmp", StringComparison.Ordinal));
        Assert.Contains(final, l => l.Contains("DOTNET_EnableDiagnostics=0", StringComparison.Ordinal));
        Assert.Contains(final, l => l.StartsWith("ENTRYPOINT [", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Copy_Every_Project_The_Cli_Builds_From()
    {
        // Given the projects stacks/ references, transitively, When the Dockerfile copies sources, Then none is missing
        var projects = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.Combine(Root, "stacks", "Supplychain.Stacks.csproj")]);
        while (pending.TryPop(out var project))
        {
            var folder = Path.GetRelativePath(Root, Path.GetDirectoryName(project)!).Replace('\\', '/');
            if (!projects.Add(folder)) continue;
            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, reference.Attribute("Include")!.Value)));
        }
        var copies = Of("COPY").ToList();
        Assert.All(projects, folder => Assert.Contains(copies, c => c.StartsWith($"COPY {folder}/ {folder}/", StringComparison.Ordinal)));
    }

    [Fact]
    public void Should_Leave_Build_Outputs_Out_Of_The_Context()
    {
        var ignored = File.ReadAllLines(Path.Combine(Root, ".dockerignore"));
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
    }

    [Fact]
    public void Should_Release_The_Image_Built_Pushed_And_Signed()
    {
        var workflow = File.ReadAllText(Path.Combine(Root, ".github", "workflows", "release.yml"));
        Assert.Contains("docker/build-push-action", workflow);
        Assert.Contains("push: true", workflow);
        Assert.Contains("cosign sign --yes \"${IMAGE_REF}@${DIGEST}\"", workflow);
        Assert.Contains("id-token: write", workflow);
        Assert.Contains("supplychain-cli", workflow);
    }

    [GeneratedRegex(@"^FROM\s+(--platform=\S+\s+)?(?<image>\S+)(\s+AS\s+(?<as>\S+))?$", RegexOptions.IgnoreCase)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"(curl|wget)[^|]*\|\s*(ba|z)?sh")]
    private static partial Regex CurlPipe();
}
