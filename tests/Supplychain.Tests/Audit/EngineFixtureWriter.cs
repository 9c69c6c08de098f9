using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Policies.Importers;
using Supplychain.Policies.View;

namespace Supplychain.Tests.Audit;

/// <summary>
/// Writes what the Pulumi engine would output for a synthesized program, field for field as the engine's formats
/// (shared/PULUMI-FORMATS.md, apitype.ResourceV3, display/json.go) lay them out:
/// <list type="bullet">
/// <item><see cref="Preview"/>: <c>pulumi preview --json</c> of a first deployment: the stack, providers and resources as
/// <c>create</c> steps; values from other resources' outputs are the unknown sentinel; secrets are <c>"[secret]"</c>;</item>
/// <item><see cref="State"/>: <c>pulumi stack export --show-secrets</c> (deployment v3) after that deployment: references
/// resolved, secrets as signature-tagged objects carrying <c>plaintext</c> (or <c>ciphertext</c>).</item>
/// </list>
/// URNs are <c>urn:pulumi:&lt;stack&gt;::&lt;project&gt;::&lt;qualified type&gt;::&lt;name&gt;</c>; a ConfigGroup is a component whose
/// objects are custom resources with the qualified type <c>kubernetes:yaml/v2:ConfigGroup$kubernetes:&lt;apiVersion&gt;:&lt;kind&gt;</c>,
/// named <c>&lt;group&gt;:&lt;namespace&gt;/&lt;name&gt;</c> (the ConfigGroup's default resource prefix). Secrets carry
/// <see cref="Sentinel"/>, which must never appear in anything the audit prints or writes.
/// Shared with the benchmark (bench/Supplychain.Bench links this file).
/// </summary>
public sealed class EngineFixtureWriter
{
    public const string Sentinel = "SENTINEL-SECRET-DO-NOT-PRINT";
    public static readonly string SentinelCiphertext = "v1:" + Convert.ToBase64String(Encoding.UTF8.GetBytes(Sentinel));
    public const string Project = "supplychain";
    private const string Timestamp = "2026-11-03T09:30:00.000000000Z";

    private static readonly JsonWriterOptions Options = new() { Indented = true, IndentSize = 4, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly PulumiProgram _program;
    private readonly string _stack;
    private readonly Dictionary<string, Resource> _byName;
    private readonly HashSet<string> _secretConfig;
    private bool _state;

    public EngineFixtureWriter(PulumiProgram program, string stack)
    {
        _program = program;
        _stack = stack;
        _byName = program.Resources.ToDictionary(r => r.Name, StringComparer.Ordinal);
        _secretConfig = program.Config.Where(c => c.Secret).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
    }

    public string StackUrn => Urn("pulumi:pulumi:Stack", $"{Project}-{_stack}");

    public string Urn(string qualifiedType, string name) => $"urn:pulumi:{_stack}::{Project}::{qualifiedType}::{name}";

    /// <summary>One engine resource, in the order the engine registers them (stack, providers, resources, a group's objects after it).</summary>
    public sealed record EngineResource(string Urn, string Type, string Name, bool Custom, string? Parent, string? ProviderRef, Value Inputs, string? Id, IReadOnlyList<string> Dependencies, Resource? Source);

    public IReadOnlyList<EngineResource> Resources()
    {
        var list = new List<EngineResource> { new(StackUrn, "pulumi:pulumi:Stack", $"{Project}-{_stack}", false, null, null, new MapValue(), null, [], null) };
        var defaultProviders = new SortedDictionary<string, EngineResource>(StringComparer.Ordinal);
        var explicitProviders = _program.Resources.Where(r => r.Type.StartsWith("pulumi:providers:", StringComparison.Ordinal)).ToList();
        foreach (var p in explicitProviders)
            list.Add(new(Urn(p.Type, p.Name), p.Type, p.Name, true, StackUrn, null, p.Properties, ProviderId(p.Name), [], p));

        foreach (var r in _program.Resources.Where(r => !r.Type.StartsWith("pulumi:providers:", StringComparison.Ordinal)))
        {
            var providerRef = ProviderRefOf(r, defaultProviders);
            var urn = Urn(r.Type, r.Name);
            var deps = r.Options.DependsOn.Select(d => _byName.TryGetValue(d, out var t) ? Urn(t.Type, t.Name) : d).ToList();
            if (r.Type == KubeTypes.ConfigGroup)
            {
                list.Add(new(urn, r.Type, r.Name, false, StackUrn, providerRef, r.Properties, null, deps, r));
                foreach (var child in ProgramViews.From(new PulumiProgram().Also(r)).Skip(1))
                    list.Add(new(Urn($"{r.Type}${child.Type}", child.Name), child.Type, child.Name, true, urn, providerRef, child.Properties,
                        KubernetesId(child.Properties), [], null));
                continue;
            }
            list.Add(new(urn, r.Type, r.Name, true, StackUrn, providerRef, r.Properties, IdOf(r), deps, r));
        }
        // The engine registers a default provider before its first resource; placing them after the explicit ones keeps order stable.
        list.InsertRange(1 + explicitProviders.Count, defaultProviders.Values);
        return list;
    }

    /// <summary><c>pulumi preview --json</c> of a first deployment: every resource a <c>create</c> step.</summary>
    public string Preview() => Write(PreviewTo);

    /// <summary><c>pulumi stack export --show-secrets</c>: deployment v3 after the deployment.</summary>
    public string State(Func<EngineResource, EngineResource?>? edit = null) => Write(w => StateTo(w, edit));

    public void PreviewTo(Utf8JsonWriter w) => PreviewTo(w, Resources());

    public void PreviewTo(Utf8JsonWriter w, IEnumerable<EngineResource> resources)
    {
        _state = false;
        var count = 0;
        w.WriteStartObject();
        w.WriteStartObject("config");
        foreach (var key in _secretConfig.Order(StringComparer.Ordinal)) w.WriteString($"{Project}:{key}", EngineValues.PreviewSecret);
        w.WriteEndObject();
        w.WriteStartArray("steps");
        foreach (var r in resources)
        {
            // The engine neither shows nor counts its default providers' steps in changeSummary.
            if (!(r.Type.StartsWith("pulumi:providers:", StringComparison.Ordinal) && r.Name.StartsWith("default", StringComparison.Ordinal))) count++;
            w.WriteStartObject();
            w.WriteString("op", "create");
            w.WriteString("urn", r.Urn);
            if (r.ProviderRef is not null) w.WriteString("provider", r.ProviderRef);
            w.WritePropertyName("newState");
            WriteResource(w, r, preview: true);
            w.WriteStartArray("diffReasons");
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("diagnostics");
        w.WriteEndArray();
        w.WriteNumber("duration", 4_812_000_000);
        w.WriteStartObject("changeSummary");
        w.WriteNumber("create", count);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private void StateTo(Utf8JsonWriter w, Func<EngineResource, EngineResource?>? edit)
    {
        _state = true;
        w.WriteStartObject();
        w.WriteNumber("version", 3);
        w.WriteStartObject("deployment");
        w.WriteStartObject("manifest");
        w.WriteString("time", "2026-11-03T09:31:12.482911+00:00");
        w.WriteString("magic", "0a5b8d6f2c3e4a1b9c7d5e3f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b");
        w.WriteString("version", "v3.140.0");
        w.WriteEndObject();
        w.WriteStartObject("secrets_providers");
        w.WriteString("type", "passphrase");
        w.WriteStartObject("state");
        w.WriteString("salt", "v1:Zm9yLWZpeHR1cmVzLW9ubHk=:v1:c2FsdA==:c2FsdA==");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartArray("resources");
        foreach (var original in Resources())
            if ((edit is null ? original : edit(original)) is { } r) WriteResource(w, r, preview: false);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private void WriteResource(Utf8JsonWriter w, EngineResource r, bool preview)
    {
        w.WriteStartObject();
        w.WriteString("urn", r.Urn);
        w.WriteBoolean("custom", r.Custom);
        if (!preview && r.Id is not null) w.WriteString("id", r.Id);
        w.WriteString("type", r.Type);
        w.WritePropertyName("inputs");
        WriteValue(w, r.Inputs);
        w.WritePropertyName("outputs");
        WriteOutputs(w, r, preview);
        if (r.Parent is not null) w.WriteString("parent", r.Parent);
        if (r.Dependencies.Count > 0)
        {
            w.WriteStartArray("dependencies");
            foreach (var d in r.Dependencies) w.WriteStringValue(d);
            w.WriteEndArray();
        }
        if (r.ProviderRef is not null) w.WriteString("provider", r.ProviderRef);
        // The engine records resource options in the state (left out when false or empty, as Go's omitempty does).
        if (r.Source?.Options is { } options)
        {
            if (options.Protect) w.WriteBoolean("protect", true);
            if (options.RetainOnDelete) w.WriteBoolean("retainOnDelete", true);
            if (options.IgnoreChanges.Count > 0)
            {
                w.WriteStartArray("ignoreChanges");
                foreach (var i in options.IgnoreChanges) w.WriteStringValue(i);
                w.WriteEndArray();
            }
        }
        if (!preview)
        {
            w.WriteString("created", Timestamp);
            w.WriteString("modified", Timestamp);
        }
        w.WriteEndObject();
    }

    /// <summary>Outputs: the inputs as the provider returns them, plus what only the provider knows (unknown in a preview).</summary>
    private void WriteOutputs(Utf8JsonWriter w, EngineResource r, bool preview)
    {
        if (!r.Custom) { w.WriteStartObject(); w.WriteEndObject(); return; }
        var outputs = r.Inputs is MapValue m ? new MapValue(m) : new MapValue();
        if (r.Type == "random:index/randomPassword:RandomPassword" || r.Type == "random:RandomPassword")
        {
            w.WriteStartObject();
            foreach (var (k, v) in outputs) { w.WritePropertyName(k); WriteValue(w, v); }
            w.WritePropertyName("result"); WriteSecret(w, plaintext: true);
            w.WritePropertyName("bcryptHash"); WriteSecret(w, plaintext: false);
            w.WriteEndObject();
            return;
        }
        if (r.Type.StartsWith("kubernetes:", StringComparison.Ordinal) && !r.Type.StartsWith("kubernetes:helm.sh", StringComparison.Ordinal))
        {
            // The Kubernetes provider marks a Secret's data secret in its outputs whatever the inputs were.
            if (r.Type == "kubernetes:core/v1:Secret")
                foreach (var key in new[] { "data", "stringData" })
                    if (outputs.ContainsKey(key)) outputs[key] = new SecretMarker();
            outputs["status"] = preview ? new UnknownMarker() : new MapValue();
        }
        WriteValue(w, outputs);
    }

    private void WriteValue(Utf8JsonWriter w, Value v)
    {
        switch (v)
        {
            case StringValue s: w.WriteStringValue(s.Text); break;
            case NumberValue n: w.WriteNumberValue(n.Number); break;
            case BoolValue b: w.WriteBooleanValue(b.Flag); break;
            case NullValue: w.WriteNullValue(); break;
            case ListValue l:
                w.WriteStartArray();
                foreach (var i in l) WriteValue(w, i);
                w.WriteEndArray();
                break;
            case MapValue m:
                w.WriteStartObject();
                foreach (var (k, i) in m) { w.WritePropertyName(k); WriteValue(w, i); }
                w.WriteEndObject();
                break;
            case SecretMarker: WriteSecret(w, plaintext: true); break;
            case UnknownMarker: w.WriteStringValue(EngineValues.UnknownSentinel); break;
            default: WriteComputed(w, v); break;
        }
    }

    /// <summary>A reference, interpolation or function: a secret if it touches one, else unknown (preview) or resolved (state).</summary>
    private void WriteComputed(Utf8JsonWriter w, Value v)
    {
        if (IsSecret(v)) { WriteSecret(w, plaintext: !(v is RefValue { Path: "bcryptHash" })); return; }
        if (v is FunctionValue { Name: "fn::toJSON" } json && !json.Argument.IsComputed) { w.WriteStringValue(ValueJson.Serialize(json.Argument)); return; }
        if (!_state) { w.WriteStringValue(EngineValues.UnknownSentinel); return; }
        w.WriteStringValue(Resolve(v));
    }

    private void WriteSecret(Utf8JsonWriter w, bool plaintext)
    {
        if (!_state) { w.WriteStringValue(EngineValues.PreviewSecret); return; }
        w.WriteStartObject();
        w.WriteString(EngineValues.SignatureKey, EngineValues.SecretSignature);
        if (plaintext) w.WriteString("plaintext", JsonSerializer.Serialize(Sentinel));
        else w.WriteString("ciphertext", SentinelCiphertext);
        w.WriteEndObject();
    }

    private bool IsSecret(Value v) => v switch
    {
        RefValue r => _byName.TryGetValue(r.Resource, out var t) && t.Type.Contains("RandomPassword", StringComparison.Ordinal)
                      && r.Path is "result" or "bcryptHash",
        ConfigRefValue c => _secretConfig.Contains(c.Key) ? true : throw new NotSupportedException($"non-secret config reference ${{{c.Key}}}: the fixture has no config values"),
        InterpolationValue i => i.Parts.Any(IsSecret),
        FunctionValue { Name: "fn::secret" } => true,
        FunctionValue f => IsSecret(f.Argument),
        ListValue l => l.Any(IsSecret),
        MapValue m => m.Select(kv => kv.Value).Any(IsSecret),
        _ => false,
    };

    /// <summary>What a reference resolves to after apply: a literal input at that path, else the resource's ID or a stable output text.</summary>
    private string Resolve(Value v) => v switch
    {
        RefValue r when _byName.TryGetValue(r.Resource, out var t) =>
            r.Path is null ? IdOf(t) ?? t.Name : t.Properties.At(r.Path) is StringValue s ? s.Text : $"{t.Name}-{r.Path}",
        RefValue r => $"{r.Resource}-{r.Path}",
        InterpolationValue i => string.Concat(i.Parts.Select(p => p is StringValue s ? s.Text : Resolve(p))),
        FunctionValue f => throw new NotSupportedException($"{f.Name} with computed arguments has no fixture rendering"),
        _ => v.ToString(),
    };

    private string? ProviderRefOf(Resource r, SortedDictionary<string, EngineResource> defaults)
    {
        if (r.Options.Provider is { } name && _byName.TryGetValue(name, out var p)) return $"{Urn(p.Type, p.Name)}::{ProviderId(p.Name)}";
        var package = r.Type.Split(':')[0];
        var defaultName = package switch { "random" => "default_4_18_0", "kubernetes" => "default_4_23_0", "aws" => "default_6_83_0", _ => "default_3_5_0" };
        var type = $"pulumi:providers:{package}";
        if (!defaults.ContainsKey(defaultName))
            defaults[defaultName] = new(Urn(type, defaultName), type, defaultName, true, null, null, new MapValue(), ProviderId(defaultName), [], null);
        return $"{Urn(type, defaultName)}::{ProviderId(defaultName)}";
    }

    /// <summary>A stable UUID-shaped provider ID from the name (the engine uses random UUIDs).</summary>
    private static string ProviderId(string name)
    {
        var hex = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(name)));
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
    }

    private static string? IdOf(Resource r) =>
        r.Type.StartsWith("kubernetes:", StringComparison.Ordinal) ? KubernetesId(r.Properties) ?? r.Name : r.Type.Contains("RandomPassword") ? "none" : r.Name + "-id";

    private static string? KubernetesId(MapValue props)
    {
        var name = props.At("metadata.name")?.ToString() ?? props.At("name")?.ToString();
        var ns = props.At("metadata.namespace")?.ToString() ?? props.At("namespace")?.ToString();
        return name is null ? null : ns is null ? name : $"{ns}/{name}";
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options)) body(w);
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Stand-ins for values only the engine produces (never in a program): a secret output, an unknown output.</summary>
    private sealed class SecretMarker : Value
    {
        public override bool IsComputed => true;
        public override bool Equals(Value? other) => other is SecretMarker;
        public override int GetHashCode() => 101;
        public override string ToString() => "[secret]";
    }

    private sealed class UnknownMarker : Value
    {
        public override bool IsComputed => true;
        public override bool Equals(Value? other) => other is UnknownMarker;
        public override int GetHashCode() => 102;
        public override string ToString() => "<unknown>";
    }
}

internal static class ProgramExtensions
{
    /// <summary>A one-resource program, to expand a ConfigGroup the way <see cref="ProgramViews"/> does.</summary>
    public static PulumiProgram Also(this PulumiProgram program, Resource resource)
    {
        program.Add(resource);
        return program;
    }
}
