namespace Supplychain.Components.Model;

/// <summary>Pulumi resource options, as Pulumi YAML spells them. Resources are named, never held, so the model stays a tree of data.</summary>
public sealed record ResourceOptions
{
    public string? Parent { get; init; }
    public IReadOnlyList<string> DependsOn { get; init; } = [];
    public string? Provider { get; init; }
    public bool Protect { get; init; }
    public IReadOnlyList<string> IgnoreChanges { get; init; } = [];
    public bool DeleteBeforeReplace { get; init; }
    public bool RetainOnDelete { get; init; }
    public IReadOnlyList<string> AdditionalSecretOutputs { get; init; } = [];

    public static ResourceOptions None { get; } = new();

    // Records compare lists by reference; options compare by content so programs read back equal programs written.
    public bool Equals(ResourceOptions? other) =>
        other is not null && Parent == other.Parent && Provider == other.Provider && Protect == other.Protect &&
        DeleteBeforeReplace == other.DeleteBeforeReplace && RetainOnDelete == other.RetainOnDelete &&
        DependsOn.SequenceEqual(other.DependsOn) && IgnoreChanges.SequenceEqual(other.IgnoreChanges) &&
        AdditionalSecretOutputs.SequenceEqual(other.AdditionalSecretOutputs);

    public override int GetHashCode() => HashCode.Combine(Parent, Provider, Protect, DependsOn.Count, IgnoreChanges.Count);

    public bool IsEmpty => Parent is null && DependsOn.Count == 0 && Provider is null && !Protect &&
                           IgnoreChanges.Count == 0 && !DeleteBeforeReplace && !RetainOnDelete && AdditionalSecretOutputs.Count == 0;
}

/// <summary>One resource of the program: logical name, type token, properties, options, and the component it belongs to.</summary>
public sealed class Resource
{
    public Resource(string name, string type, MapValue properties, ResourceOptions? options, ComponentPath component)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("a resource needs a name", nameof(name));
        if (type.Count(c => c == ':') < 1) throw new ArgumentException($"'{type}' is not a Pulumi type token", nameof(type));
        Name = name;
        Type = type;
        Properties = properties;
        Options = options ?? ResourceOptions.None;
        Component = component;
    }

    public string Name { get; }
    public string Type { get; }
    public MapValue Properties { get; }
    public ResourceOptions Options { get; set; }
    public ComponentPath Component { get; }

    /// <summary>A reference to this resource's ID (bare) or to one of its outputs.</summary>
    public RefValue Ref(string? path = null) => new(Name, path);

    public override string ToString() => $"{Name} ({Type})";
}

/// <summary>A config key the program reads by reference (always so for secrets): emitted in the program's <c>config</c> block.</summary>
public sealed record ConfigDeclaration(string Key, string Type, bool Secret);
