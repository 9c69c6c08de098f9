using System.Text.Json;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Cloud;

namespace Supplychain.Policies.Packs.Compliance;

/// <summary>
/// CMP011: permissions are spelled out. Kubernetes Role/ClusterRole rules hold no <c>*</c> in apiGroups, resources or verbs;
/// AWS IAM policy documents allow no <c>*</c> or <c>service:*</c> action (nor use <c>NotAction</c> with Allow); Azure role
/// definitions grant no <c>*</c> or <c>Provider/*</c> action.
/// </summary>
public sealed class NoWildcardPermissions : ResourcePolicy
{
    private static readonly string[] IamPolicyTypes = [CloudTypes.IamPolicy, CloudTypes.IamRolePolicy, CloudTypes.IamUserPolicy, CloudTypes.IamGroupPolicy];

    public override string Id => "CMP011";
    public override string Pack => "compliance";
    public override string Title => "RBAC roles and IAM policies must not grant wildcard permissions";
    public override string Rationale =>
        "A wildcard grants every present and future action, including ones created after the review. Least privilege requires " +
        "each permission to be named so the grant can be read and audited.";
    public override string Remediation => "List the API groups, resources and verbs (or IAM actions) the workload needs; use Kube.Rule, which spells them out.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls => [Frameworks.CisKubernetes("5.1.3"), Frameworks.Soc2("CC6.1"), Frameworks.Soc2("CC6.3")];
    public override IReadOnlyList<string> PeerEquivalents => ["CKV_AWS_1", "CKV_K8S_49", "polaris:rolebindingClusterAdminRole"];

    public override bool JudgesType(string type) =>
        type is KubeTypes.Role or KubeTypes.ClusterRole
        || CloudTypes.Is(type, IamPolicyTypes) || CloudTypes.Is(type, CloudTypes.IamRole, CloudTypes.AzureRoleDefinition);

    public override bool AppliesTo(ResourceView resource, StackView stack) => JudgesType(resource.Type);

    public override IEnumerable<Violation> Evaluate(ResourceView resource, StackView stack)
    {
        if (resource.Type is KubeTypes.Role or KubeTypes.ClusterRole)
        {
            var rules = resource.Properties.At("rules") as ListValue ?? [];
            for (var i = 0; i < rules.Count; i++)
                foreach (var field in new[] { "apiGroups", "resources", "verbs" })
                    if ((rules[i] as MapValue)?.At(field) is ListValue items && items.Any(v => v.ToString() == "*"))
                        yield return new Violation(resource.Name, $"rules[{i}].{field}", items.ToString(), $"rule {i} grants every {field} ('*')");
            yield break;
        }
        if (CloudTypes.Is(resource.Type, CloudTypes.AzureRoleDefinition))
        {
            var permissions = resource.Properties.At("permissions") as ListValue ?? [];
            for (var i = 0; i < permissions.Count; i++)
                foreach (var action in ((permissions[i] as MapValue)?.At("actions") as ListValue ?? []).Select(a => a.ToString()))
                    if (action == "*" || action.EndsWith("/*", StringComparison.Ordinal))
                        yield return new Violation(resource.Name, $"permissions[{i}].actions", action, $"the role grants the wildcard action '{action}'");
            yield break;
        }
        var documents = CloudTypes.Is(resource.Type, CloudTypes.IamRole)
            ? (resource.Properties.At("inlinePolicies") as ListValue ?? []).OfType<MapValue>().Select((p, i) => ($"inlinePolicies[{i}].policy", p.At("policy")))
            : [("policy", resource.Properties.At("policy"))];
        foreach (var (path, document) in documents)
            foreach (var action in WildcardActions(document))
                yield return new Violation(resource.Name, path, action, $"the policy allows the wildcard action '{action}'");
    }

    /// <summary>Allowed actions that are wildcards, from a JSON string or a <c>fn::toJSON</c> document; computed documents yield nothing.</summary>
    public static IEnumerable<string> WildcardActions(Value? document)
    {
        var json = document switch
        {
            StringValue s => s.Text,
            FunctionValue { Name: "fn::toJSON", Argument: var arg } when !arg.IsComputed => ToJson(arg),
            _ => null,
        };
        if (json is null) return [];
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (!doc.RootElement.TryGetProperty("Statement", out var statements)) return [];
            var list = statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray().ToList() : [statements];
            var found = new List<string>();
            foreach (var st in list)
            {
                if (st.TryGetProperty("Effect", out var effect) && effect.GetString() != "Allow") continue;
                if (st.TryGetProperty("NotAction", out _)) found.Add("NotAction");
                if (!st.TryGetProperty("Action", out var action)) continue;
                var actions = action.ValueKind == JsonValueKind.Array ? action.EnumerateArray().Select(a => a.GetString() ?? "") : [action.GetString() ?? ""];
                found.AddRange(actions.Where(a => a == "*" || a.EndsWith(":*", StringComparison.Ordinal)));
            }
            return found;
        }
        catch (JsonException) { return []; }
    }

    private static string ToJson(Value v) => v switch
    {
        MapValue m => "{" + string.Join(",", m.Select(kv => JsonText.Quote(kv.Key) + ":" + ToJson(kv.Value))) + "}",
        ListValue l => "[" + string.Join(",", l.Select(ToJson)) + "]",
        StringValue s => JsonText.Quote(s.Text),
        NumberValue or BoolValue => v.ToString(),
        _ => "null",
    };
}
