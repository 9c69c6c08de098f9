using Supplychain.Components.Model;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Kubernetes;

/// <summary>Reads Argo Workflows objects (Workflow, WorkflowTemplate, CronWorkflow) in the neutral view: their workflow spec and templates.</summary>
public static class ArgoWorkflows
{
    public const string Workflow = "kubernetes:argoproj.io/v1alpha1:Workflow";
    public const string WorkflowTemplate = "kubernetes:argoproj.io/v1alpha1:WorkflowTemplate";
    public const string CronWorkflow = "kubernetes:argoproj.io/v1alpha1:CronWorkflow";

    public static bool IsWorkflow(ResourceView resource) => IsWorkflowType(resource.Type);

    public static bool IsWorkflowType(string type) => type is Workflow or WorkflowTemplate or CronWorkflow;

    /// <summary>The workflow spec and its property path (a CronWorkflow nests it under <c>spec.workflowSpec</c>).</summary>
    public static (MapValue? Spec, string Path) SpecOf(ResourceView resource) =>
        resource.Type == CronWorkflow
            ? (resource.Properties.At("spec.workflowSpec") as MapValue, "spec.workflowSpec")
            : (resource.Properties.At("spec") as MapValue, "spec");

    /// <summary>A spec that only references a WorkflowTemplate (a CronWorkflow or Workflow from a template) is judged on the template.</summary>
    public static bool ReferencesTemplate(MapValue spec) => spec.TryGetValue("workflowTemplateRef", out _);

    /// <summary>The templates that run a pod (container or script), with their index and property path.</summary>
    public static IEnumerable<(MapValue Template, string Path, MapValue Container)> PodTemplates(MapValue spec, string specPath)
    {
        if (spec.At("templates") is not ListValue templates) yield break;
        for (var i = 0; i < templates.Count; i++)
        {
            if (templates[i] is not MapValue t) continue;
            var container = t.At("container") as MapValue ?? t.At("script") as MapValue;
            if (container is not null) yield return (t, $"{specPath}.templates[{i}]", container);
        }
    }

    /// <summary>GPUs a container requests or is limited to (0 when none).</summary>
    public static int Gpus(MapValue container)
    {
        var value = container.At("resources.limits") is MapValue limits && limits.TryGetValue("nvidia.com/gpu", out var l) ? l
            : container.At("resources.requests") is MapValue requests && requests.TryGetValue("nvidia.com/gpu", out var r) ? r : null;
        return value is not null && int.TryParse(value.ToString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
    }
}
