using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Components.Naming;

namespace Supplychain.Stacks.Settings;

/// <summary>
/// Names derived from several config entries can meet although each entry is valid and unique: resource names join
/// path segments with '-', Services add suffixes to model names, and AKS cuts pool names to 12 characters. Each such
/// meeting is an error naming both entries, before anything is synthesized.
/// </summary>
internal static class NameCollisions
{
    /// <param name="models">The declared models, all valid, in config order (index i is <c>models[i]</c>).</param>
    public static void Check(ObjectNode top, NodeReader reader, DeploymentTarget target, IReadOnlyList<GpuPoolSpec> pools, IReadOnlyList<ModelSpec> models)
    {
        var modelsPath = top.PathOf("models");
        var logical = new Dictionary<string, int>(StringComparer.Ordinal);
        var services = new Dictionary<(string Namespace, string Service), (int Model, string Role)>();
        for (var i = 0; i < models.Count; i++)
        {
            var model = models[i];
            // The image repository's resources are named artifacts/ecr/TEAM/MODEL, joined with '-'.
            var joined = ComponentPath.Sanitize($"{model.Team}-{model.Name}");
            if (logical.TryGetValue(joined, out var first))
                reader.Error($"{modelsPath}[{i}].name",
                    $"team \"{model.Team}\" + model \"{model.Name}\" derive the same resource names ('{joined}') as team \"{models[first].Team}\" + model \"{models[first].Name}\" at {modelsPath}[{first}]; expected model names that stay apart when joined to their team with '-'");
            else
                logical[joined] = i;

            var names = Components.ModelServing.ModelServing.ServiceNames(model.Name);
            var ns = new TeamSpec(model.Team).Namespace;
            foreach (var (service, role) in new[] { (names.Stable, "stable"), (names.Canary, "canary"), (names.Metrics, "metrics") })
            {
                if (services.TryGetValue((ns, service), out var other))
                    reader.Error($"{modelsPath}[{i}].name",
                        $"model \"{model.Name}\"'s {role} Service '{service}' in namespace {ns} is also the {other.Role} Service of model \"{models[other.Model].Name}\" at {modelsPath}[{other.Model}]; expected model names whose Services differ (a model may not be named like another's '-canary' or '-metrics' Service)");
                else
                    services[(ns, service)] = (i, role);
            }
        }

        if (target != DeploymentTarget.Azure) return;
        var poolsPath = top.PathOf("gpuPools");
        var agentPools = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < pools.Count; i++)
        {
            var name = AzureNames.AgentPoolName(pools[i].Name);
            if (agentPools.TryGetValue(name, out var first))
                reader.Error($"{poolsPath}[{i}].name",
                    $"GPU pool \"{pools[i].Name}\" becomes AKS agent pool '{name}', as does pool \"{pools[first].Name}\" at {poolsPath}[{first}] (AKS allows 12 lowercase letters and digits); expected pool names that differ in their letters and digits within the first 12");
            else
                agentPools[name] = i;
        }
    }
}
