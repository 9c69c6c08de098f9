namespace Supplychain.Components.Model;

/// <summary>
/// The synthesized program: config declarations, resources, variables and outputs. Logical names are
/// unique; adding a second resource with the same name is a bug in a component and fails loudly.
/// </summary>
public sealed class PulumiProgram
{
    private readonly SortedDictionary<string, Resource> _resources = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, ConfigDeclaration> _config = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Value> _variables = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Value> _outputs = new(StringComparer.Ordinal);

    public IReadOnlyCollection<Resource> Resources => _resources.Values;
    public IReadOnlyCollection<ConfigDeclaration> Config => _config.Values;
    public IReadOnlyDictionary<string, Value> Variables => _variables;
    public IReadOnlyDictionary<string, Value> Outputs => _outputs;

    public Resource Add(Resource resource)
    {
        if (!_resources.TryAdd(resource.Name, resource))
            throw new DuplicateResourceNameException(resource.Name, _resources[resource.Name].Component, resource.Component);
        return resource;
    }

    public bool TryGet(string name, out Resource resource) => _resources.TryGetValue(name, out resource!);
    public Resource Get(string name) => _resources[name];

    public ConfigRefValue DeclareConfig(string key, string type = "string", bool secret = false)
    {
        var decl = new ConfigDeclaration(key, type, secret);
        if (_config.TryGetValue(key, out var existing) && existing != decl)
            throw new InvalidOperationException($"config key '{key}' declared twice with different types");
        _config[key] = decl;
        return new ConfigRefValue(key);
    }

    public RefValue AddVariable(string name, Value value)
    {
        if (!_variables.TryAdd(name, value)) throw new InvalidOperationException($"variable '{name}' defined twice");
        return new RefValue(name);
    }

    public void AddOutput(string name, Value value)
    {
        if (!_outputs.TryAdd(name, value)) throw new InvalidOperationException($"output '{name}' defined twice");
    }

    /// <summary>Resources grouped by top-level component, for summaries and the <c>resourceCounts</c> output.</summary>
    public IReadOnlyDictionary<string, int> CountByComponent() =>
        _resources.Values.GroupBy(r => r.Component.Component)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Merges other programs into one (the plugin-discovery union); same-named resources must agree on type.</summary>
    public static PulumiProgram Union(IEnumerable<(string Stack, PulumiProgram Program)> programs)
    {
        var union = new PulumiProgram();
        foreach (var (stack, program) in programs)
        {
            foreach (var r in program.Resources)
            {
                var name = union._resources.ContainsKey(r.Name) && union._resources[r.Name].Type != r.Type ? $"{stack}-{r.Name}" : r.Name;
                if (!union._resources.ContainsKey(name))
                    union._resources[name] = new Resource(name, r.Type, r.Properties, r.Options, r.Component);
            }
            foreach (var c in program.Config) union._config.TryAdd(c.Key, c);
            foreach (var (k, v) in program.Variables) union._variables.TryAdd(k, v);
        }
        return union;
    }
}
