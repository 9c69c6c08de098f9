using System.Text.RegularExpressions;

namespace Supplychain.Policies.Packs.Kubernetes;

/// <summary>
/// A container image reference split the way the container runtime resolves it: <c>postgres:16</c> is
/// <c>docker.io/library/postgres:16</c>, <c>minio/mc</c> is <c>docker.io/minio/mc</c> (no tag means <c>latest</c>).
/// </summary>
public sealed partial record ImageReference(string Registry, string Repository, string? Tag, string? Digest)
{
    public const string DockerHub = "docker.io";

    /// <summary>Registry and repository: <c>ghcr.io/acme-ml/fraud-detector</c>.</summary>
    public string Location => Registry + "/" + Repository;
    public bool IsPinnedByDigest => Digest is not null && Sha256Digest().IsMatch(Digest);
    /// <summary>True when the reference names a mutable, implicit or <c>latest</c> tag and no digest.</summary>
    public bool IsFloating => Digest is null && (Tag is null || Tag == "latest");

    public static ImageReference Parse(string image)
    {
        var rest = image.Trim();
        string? digest = null;
        var at = rest.IndexOf('@');
        if (at >= 0) { digest = rest[(at + 1)..]; rest = rest[..at]; }
        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/')) { tag = rest[(colon + 1)..]; rest = rest[..colon]; }
        var slash = rest.IndexOf('/');
        var first = slash < 0 ? "" : rest[..slash];
        string registry, repository;
        if (slash >= 0 && (first.Contains('.') || first.Contains(':') || first == "localhost"))
        {
            registry = first;
            repository = rest[(slash + 1)..];
        }
        else
        {
            registry = DockerHub;
            repository = slash < 0 ? "library/" + rest : rest;
        }
        if (registry is "index.docker.io" or "registry-1.docker.io") registry = DockerHub;
        return new ImageReference(registry.ToLowerInvariant(), repository, tag, digest);
    }

    /// <summary>
    /// True when the image lives under <paramref name="prefix"/>: a registry host (<c>ghcr.io</c>) or a host and
    /// path (<c>ghcr.io/acme-ml</c>, <c>docker.io/library</c>), matched at a path boundary so <c>ghcr.io/acme</c>
    /// does not admit <c>ghcr.io/acme-evil</c>.
    /// </summary>
    public bool IsUnder(string prefix)
    {
        var (host, path) = Prefixes.TryGetValue(prefix, out var known) ? known : ParsePrefix(prefix);
        if (!Registry.Equals(host, StringComparison.Ordinal)) return false;
        return path.Length == 0 || Repository == path || Repository.StartsWith(path, StringComparison.Ordinal) && Repository.Length > path.Length && Repository[path.Length] == '/';
    }

    // The approved prefixes are a dozen constants and the stack's list, asked about every container: split each once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Host, string Path)> Prefixes = new(StringComparer.Ordinal);

    private static (string Host, string Path) ParsePrefix(string prefix)
    {
        var trimmed = prefix.Trim().TrimEnd('/');
        var slash = trimmed.IndexOf('/');
        var host = (slash < 0 ? trimmed : trimmed[..slash]).ToLowerInvariant();
        var path = slash < 0 ? "" : trimmed[(slash + 1)..];
        if (!(host.Contains('.') || host.Contains(':') || host == "localhost"))
        {
            // "bitnami/..." style prefixes name Docker Hub namespaces.
            path = slash < 0 ? host : host + "/" + path;
            host = DockerHub;
        }
        if (host is "index.docker.io" or "registry-1.docker.io") host = DockerHub;
        if (Prefixes.Count < 1024) Prefixes.TryAdd(prefix, (host, path));
        return (host, path);
    }

    [GeneratedRegex("^sha256:[0-9a-f]{64}\\z")]
    private static partial Regex Sha256Digest();
}
