namespace Supplychain.Stacks.Settings;

/// <summary>One problem in a stack's configuration: where it is (source and key path) and what is wrong.</summary>
/// <param name="Source">The stack file (e.g. <c>Pulumi.dev.yaml</c>) or <c>PULUMI_CONFIG</c>.</param>
/// <param name="Key">The key path, e.g. <c>supplychain:models[1].artifact.digest</c>; empty for file-level problems.</param>
/// <param name="Message">What was found and what is allowed.</param>
public sealed record ConfigurationError(string Source, string Key, string Message)
{
    public override string ToString() => Key.Length == 0 ? $"{Source}: {Message}" : $"{Source}: {Key}: {Message}";
}

/// <summary>
/// The stack's configuration is invalid. Carries every error found in the source (not only the first), so a
/// user fixes them in one pass; <see cref="Exception.Message"/> holds them one per line. The CLI prints the
/// message to stderr and exits with code 2.
/// </summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(IReadOnlyList<ConfigurationError> errors)
        : base(string.Join(Environment.NewLine, Require(errors).Select(e => e.ToString())))
    {
        Errors = errors;
        base.Source = errors[0].Source;
    }

    public ConfigurationException(string source, string key, string message)
        : this([new ConfigurationError(source, key, message)])
    {
    }

    /// <summary>Every error found, in the order they were found.</summary>
    public IReadOnlyList<ConfigurationError> Errors { get; }

    /// <summary>The key path of the first error (empty for file-level problems).</summary>
    public string Key => Errors[0].Key;

    private static IReadOnlyList<ConfigurationError> Require(IReadOnlyList<ConfigurationError> errors) =>
        errors is { Count: > 0 } ? errors : throw new ArgumentException("A configuration exception needs at least one error.", nameof(errors));
}

/// <summary>Collects the errors of one source while it is validated.</summary>
internal sealed class Diagnostics(string source)
{
    private readonly List<ConfigurationError> errors = [];

    public string Source => source;
    public int Count => errors.Count;

    /// <summary>The errors recorded so far, in order.</summary>
    public IReadOnlyList<ConfigurationError> Errors => errors;

    /// <summary>Records an error; a key that already has one keeps only the first, so one mistake is reported once.</summary>
    public void Add(string key, string message)
    {
        if (key.Length > 0 && errors.Exists(e => e.Key == key)) return;
        errors.Add(new ConfigurationError(source, key, message));
    }

    public void ThrowIfAny()
    {
        if (errors.Count > 0) throw new ConfigurationException(errors.ToArray());
    }
}
