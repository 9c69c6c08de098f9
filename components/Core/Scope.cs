using Supplychain.Components.Domain;
using Supplychain.Components.Model;

namespace Supplychain.Components.Core;

/// <summary>
/// A position in the component tree. Components add resources through their scope, so every resource
/// gets a name derived from its path, its component's labels, and the target's Kubernetes provider.
/// </summary>
public sealed class Scope
{
    public Scope(PulumiProgram program, StackContext stack, ComponentPath path, string? kubernetesProvider = null, ITargetFoundation? foundation = null)
    {
        Program = program;
        Stack = stack;
        Path = path;
        KubernetesProvider = kubernetesProvider;
        Foundation = foundation;
    }

    public PulumiProgram Program { get; }
    public StackContext Stack { get; }
    public ComponentPath Path { get; }

    /// <summary>Logical name of the <c>pulumi:providers:kubernetes</c> every in-cluster resource uses.</summary>
    public string? KubernetesProvider { get; }

    /// <summary>The target's foundation (cloud network, cluster, identity); null on the local target.</summary>
    public ITargetFoundation? Foundation { get; }

    public string Component => Path.Component;

    public Scope Child(string segment) => new(Program, Stack, Path.Child(segment), KubernetesProvider, Foundation);
    public Scope WithKubernetesProvider(string providerName) => new(Program, Stack, Path, providerName, Foundation);
    public Scope WithFoundation(ITargetFoundation foundation) => new(Program, Stack, Path, foundation.KubernetesProvider, foundation);

    /// <summary>The foundation as the type a cloud rendering needs; a clear error when the target has another.</summary>
    public T FoundationAs<T>() where T : class, ITargetFoundation =>
        Foundation as T ?? throw new InvalidOperationException($"{Path} needs a {typeof(T).Name} foundation, but the stack's target is {Stack.TargetName}");

    /// <summary>The name a child resource at <paramref name="leaf"/> would get.</summary>
    public string NameOf(string leaf) => Path.Child(leaf).LogicalName;

    /// <summary>
    /// Adds a resource at <c>Path/leaf</c>. Kubernetes and Helm resources get the scope's provider,
    /// so no in-cluster resource can silently go to whatever cluster the ambient kubeconfig points at.
    /// </summary>
    public Resource Add(string leaf, string type, MapValue properties, ResourceOptions? options = null)
    {
        var path = Path.Child(leaf);
        options ??= ResourceOptions.None;
        if (type.StartsWith("kubernetes:", StringComparison.Ordinal) && options.Provider is null && KubernetesProvider is not null)
            options = options with { Provider = KubernetesProvider };
        return Program.Add(new Resource(path.LogicalName, type, properties, options, path));
    }

    /// <summary>Standard labels for a resource of this component: governance labels plus component and name.</summary>
    public MapValue Labels(string? appName = null, IReadOnlyDictionary<string, string>? extra = null)
    {
        // Straight into the map (it keeps keys sorted; a later value for a key replaces the earlier one): every resource
        // of a fleet has labels, and building them through intermediate dictionaries was a tenth of rendering.
        var labels = new MapValue();
        foreach (var (k, v) in Stack.GovernanceLabels) labels[k] = v;
        labels[Domain.Labels.Component] = Component;
        if (appName is not null) labels[Domain.Labels.Name] = appName;
        if (extra is not null) foreach (var (k, v) in extra) labels[k] = v;
        return labels;
    }

    /// <summary>The governance labels as cloud tags (same keys without the DNS prefix, which clouds reject).</summary>
    public MapValue Tags(IReadOnlyDictionary<string, string>? extra = null)
    {
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["owner"] = Stack.Owner,
            ["cost-center"] = Stack.CostCenter,
            ["environment"] = Stack.EnvironmentName,
            ["data-classification"] = Stack.DataClassification,
            ["managed-by"] = "pulumi",
            ["stack"] = Stack.StackName,
            ["component"] = Component,
        };
        if (extra is not null) foreach (var (k, v) in extra) tags[k] = v;
        return MapValue.From(tags);
    }
}
