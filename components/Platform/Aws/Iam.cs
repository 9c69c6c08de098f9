using Supplychain.Components.Model;

namespace Supplychain.Components.Platform.Aws;

/// <summary>A principal of a resource or trust policy: <c>{"Service": ...}</c>, <c>{"Federated": ...}</c>, <c>{"AWS": ...}</c> or <c>"*"</c>.</summary>
public sealed record IamPrincipal(string Kind, Value Identifier)
{
    public static IamPrincipal Service(string service) => new("Service", service);
    public static IamPrincipal Federated(Value providerArn) => new("Federated", providerArn);
    public static IamPrincipal Anyone { get; } = new("*", "*");

    public Value Render() => Kind == "*" ? "*" : new MapValue { [Kind] = Identifier };
}

/// <summary>A condition: operator (<c>StringEquals</c>, <c>Bool</c>...), the context key, and the allowed values.</summary>
public sealed record IamCondition(string Operator, Value Key, IReadOnlyList<Value> Values);

/// <summary>
/// One statement of an IAM policy document. Actions are spelled out: a wildcard action (<c>*</c>, <c>s3:*</c>) is refused
/// for Allow statements, so no generated permission grants more than it names. Resources are ARNs (usually references to
/// resources the stack created); <c>*</c> must be asked for with <see cref="AnyResource"/> and a reason.
/// </summary>
public sealed record IamStatement
{
    public IamStatement(string sid, string effect, IReadOnlyList<string> actions)
    {
        if (effect is not ("Allow" or "Deny")) throw new ArgumentException($"IamStatement.Effect must be Allow or Deny, got '{effect}'");
        if (actions.Count == 0) throw new ArgumentException($"IamStatement '{sid}' names no action");
        if (effect == "Allow" && actions.FirstOrDefault(a => a == "*" || a.EndsWith(":*", StringComparison.Ordinal) || !a.Contains(':')) is { } wildcard)
            throw new ArgumentException($"IamStatement '{sid}' allows '{wildcard}': allowed actions are named one by one (service:Action)");
        Sid = sid;
        Effect = effect;
        Actions = actions;
    }

    public string Sid { get; }
    public string Effect { get; }
    public IReadOnlyList<string> Actions { get; }
    public IReadOnlyList<Value> Resources { get; init; } = [];
    public IReadOnlyList<IamPrincipal> Principals { get; init; } = [];
    public IReadOnlyList<IamCondition> Conditions { get; init; } = [];
    /// <summary>Why this statement's resource is <c>*</c>; set only through <see cref="AnyResource"/>.</summary>
    public string? AnyResourceReason { get; private init; }

    public static IamStatement Allow(string sid, params string[] actions) => new(sid, "Allow", actions);
    public static IamStatement Deny(string sid, params string[] actions) => new(sid, "Deny", actions);

    public IamStatement On(params Value[] resources) => this with { Resources = resources };

    /// <summary>Resource <c>*</c>, for the few actions AWS does not scope to a resource (the reason is kept for reviewers and tests).</summary>
    public IamStatement AnyResource(string reason) => this with { Resources = ["*"], AnyResourceReason = reason };

    public IamStatement For(params IamPrincipal[] principals) => this with { Principals = principals };
    public IamStatement When(string op, Value key, params Value[] values) => this with { Conditions = [.. Conditions, new IamCondition(op, key, values)] };

    /// <summary>The statement in IAM's JSON shape (keys as IAM spells them), for <c>fn::toJSON</c>.</summary>
    public MapValue Render()
    {
        if (Resources.Any(r => r is StringValue { Text: "*" }) && AnyResourceReason is null && Principals.Count == 0 && Effect == "Allow")
            throw new InvalidOperationException($"IamStatement '{Sid}' allows resource '*' without a reason (use AnyResource)");
        var m = new MapValue { ["Sid"] = Sid, ["Effect"] = Effect };
        if (Principals.Count == 1) m["Principal"] = Principals[0].Render();
        else if (Principals.Count > 1) throw new InvalidOperationException($"IamStatement '{Sid}': one principal kind per statement");
        m["Action"] = Actions.Count == 1 ? Actions[0] : new ListValue(Actions.Select(a => (Value)a));
        if (Resources.Count > 0) m["Resource"] = Resources.Count == 1 ? Resources[0] : new ListValue(Resources);
        if (Conditions.Count > 0)
        {
            var byOperator = new MapValue();
            foreach (var group in Conditions.GroupBy(c => c.Operator, StringComparer.Ordinal))
            {
                var keys = new MapValue();
                foreach (var c in group)
                {
                    if (c.Key is not StringValue { Text: var key })
                        throw new InvalidOperationException($"IamStatement '{Sid}': a computed condition key needs IamPolicyDocument.ViaProvider()");
                    keys[key] = c.Values.Count == 1 ? c.Values[0] : new ListValue(c.Values);
                }
                byOperator[group.Key] = keys;
            }
            m["Condition"] = byOperator;
        }
        return m;
    }

    /// <summary>The statement in the shape of <c>aws:iam:getPolicyDocument</c>'s arguments (condition keys may be computed).</summary>
    public MapValue RenderForProvider()
    {
        var m = new MapValue { ["sid"] = Sid, ["effect"] = Effect, ["actions"] = new ListValue(Actions.Select(a => (Value)a)) };
        if (Resources.Count > 0) m["resources"] = new ListValue(Resources);
        if (Principals.Count > 0)
            m["principals"] = new ListValue(Principals.Select(p => (Value)new MapValue
            {
                ["type"] = p.Kind,
                ["identifiers"] = new ListValue { p.Identifier },
            }));
        if (Conditions.Count > 0)
            m["conditions"] = new ListValue(Conditions.Select(c => (Value)new MapValue
            {
                ["test"] = c.Operator,
                ["variable"] = c.Key,
                ["values"] = new ListValue(c.Values),
            }));
        return m;
    }
}

/// <summary>An IAM policy document built from typed statements; never hand-written JSON.</summary>
public sealed record IamPolicyDocument(IReadOnlyList<IamStatement> Statements)
{
    public IamPolicyDocument(params IamStatement[] statements) : this((IReadOnlyList<IamStatement>)statements) { }

    public MapValue Render() => new()
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new ListValue(Statements.Select(s => (Value)s.Render())),
    };

    /// <summary>The document as a JSON string at deploy time (<c>fn::toJSON</c>), so references resolve to ARNs.</summary>
    public FunctionValue ToJson() => FunctionValue.ToJson(Render());

    /// <summary>
    /// The document rendered by the provider's <c>aws:iam:getPolicyDocument</c>: needed when a condition key is computed
    /// (an IRSA trust names the cluster's OIDC issuer in the key, which Pulumi YAML map keys cannot hold).
    /// </summary>
    public FunctionValue ViaProvider(RefValue? provider = null)
    {
        var invoke = new MapValue
        {
            ["function"] = "aws:iam:getPolicyDocument",
            ["arguments"] = new MapValue { ["statements"] = new ListValue(Statements.Select(s => (Value)s.RenderForProvider())) },
            ["return"] = "json",
        };
        if (provider is not null) invoke["options"] = new MapValue { ["provider"] = provider };
        return new FunctionValue("fn::invoke", invoke);
    }
}
