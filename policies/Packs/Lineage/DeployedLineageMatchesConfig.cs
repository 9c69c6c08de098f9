using System.Globalization;
using System.Text.Json;
using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Kubernetes;

namespace Supplychain.Policies.Packs.Lineage;

/// <summary>
/// LIN011: what a serving workload says about its model is what the stack config declares: version, team, namespace,
/// image, artifact, dataset, run, commit, metrics, hyperparameters and approval. Lineage present on one side only is
/// drift too (invented or lost). A workload serving a model the config does not declare is a violation.
/// </summary>
public sealed class DeployedLineageMatchesConfig : ServingWorkloadPolicy
{
    public override string Id => "LIN011";
    public override string Title => "Deployed model lineage must match the model's declared lineage";
    public override string Rationale =>
        "The config is the reviewed record of what should run; labels and annotations are what auditors and tools read off the " +
        "cluster. If they differ (a hand-edited manifest, a stale image), the record no longer describes the running model.";
    public override string Remediation =>
        "Render serving workloads only through the ModelServing component from the model's config, and change lineage in config, never in manifests.";
    public override Severity Severity => Severity.High;
    public override IReadOnlyList<FrameworkControl> Controls =>
    [
        Frameworks.EuAiAct("Art. 12"), Frameworks.EuAiAct("Art. 11"), Frameworks.Soc2("CC8.1"),
        Frameworks.Iso42001("A.6.2.7"), Frameworks.NistAiRmf("GOVERN 1.6"),
    ];

    public override bool AppliesTo(ResourceView resource, StackView stack) => stack.Spec is not null && base.AppliesTo(resource, stack);

    protected override IEnumerable<Violation> Check(ServedModel m, StackView stack)
    {
        var name = m.Workload.Name;
        var spec = Declared.Model(stack.Spec!, m.ModelName);
        if (spec is null)
        {
            yield return new Violation(name, m.LabelPath(Labels.Model), m.ModelName, $"model '{m.ModelName}' is served but not declared in the stack config");
            yield break;
        }
        var lineage = spec.Lineage;
        var approval = lineage?.Approval;
        var labels = new (string Key, string? Declared)[]
        {
            (Labels.ModelVersion, spec.Version),
            (Labels.Team, spec.Team),
            (Labels.CodeCommit, lineage?.CodeCommit),
        };
        foreach (var (key, declared) in labels)
            if (Compare(m, key, declared, m.LabelValue(key), label: true) is { } v) yield return v;

        var annotations = new (string Key, string? Declared)[]
        {
            (Labels.DatasetDigest, lineage?.DatasetDigest),
            (Labels.DatasetVersion, lineage?.DatasetVersion),
            (Labels.TrainingRun, lineage?.TrainingRun),
            (Labels.CodeCommit, lineage?.CodeCommit),
            (Labels.ArtifactDigest, spec.Artifact.Digest),
            (Labels.ArtifactUri, spec.Artifact.Uri),
            (Labels.ApprovalStatus, approval?.Status),
            (Labels.ApprovedBy, approval?.By),
            (Labels.ApprovedAt, approval?.At),
        };
        foreach (var (key, declared) in annotations)
            if (Compare(m, key, declared, m.AnnotationValue(key), label: false) is { } v) yield return v;

        foreach (var v in CompareMaps(m, Labels.Metrics, lineage?.Metrics.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(CultureInfo.InvariantCulture))))
            yield return v;
        foreach (var v in CompareMaps(m, Labels.Hyperparameters, lineage?.Hyperparameters.ToDictionary())) yield return v;

        var ns = Workloads.NamespaceOf(m.Workload);
        var team = Declared.Team(stack.Spec!, spec.Team);
        if (ns is not null && team is not null && ns != team.Namespace)
            yield return new Violation(name, "metadata.namespace", ns, $"model '{spec.Name}' of team '{spec.Team}' is served in '{ns}', not '{team.Namespace}'");

        var images = m.Containers().Select(c => c.Image).OfType<StringValue>().Select(s => s.Text).ToList();
        if (images.Count > 0 && !images.Contains(spec.Image) && !m.Containers().Any(c => c.Image is { IsComputed: true }))
            yield return new Violation(name, m.Template?.SpecPath + ".containers", string.Join(", ", images),
                $"model '{spec.Name}' runs {string.Join(", ", images)} but its declared image is {spec.Image}");
    }

    /// <summary>The violation when the deployed label or annotation differs from the declared value; its path is built only then.</summary>
    private static Violation? Compare(ServedModel m, string key, string? declared, Value? deployed, bool label)
    {
        if (deployed is { IsComputed: true }) return null;
        var text = deployed is StringValue s && !string.IsNullOrWhiteSpace(s.Text) ? s.Text : deployed is null or NullValue ? null : deployed.ToString();
        if (string.IsNullOrWhiteSpace(declared)) declared = null;
        if (text == declared) return null;
        var what = label ? "label" : "annotation";
        var message = (declared, text) switch
        {
            (null, _) => $"model '{m.ModelName}' {what} {key}='{text}' is not declared in config",
            (_, null) => $"model '{m.ModelName}' declares {key}='{declared}' but the workload has no such {what}",
            _ => $"model '{m.ModelName}' {what} {key}='{text}' differs from the declared '{declared}'",
        };
        return new Violation(m.Workload.Name, label ? m.LabelPath(key) : m.AnnotationPath(key), text, message);
    }

    private static IEnumerable<Violation> CompareMaps(ServedModel m, string key, IReadOnlyDictionary<string, string>? declared)
    {
        if (m.IsComputed(key)) yield break;
        var json = m.Annotation(key);
        if (declared is { Count: 0 }) declared = null;
        var deployed = json is null ? null : Flattened.GetValue(json, text => new FlatJson(Flatten(text))).Values;
        if (json is not null && deployed is null) yield break; // malformed JSON: LIN005 reports it
        if (deployed is { Count: 0 }) deployed = null;
        if (declared is null && deployed is null) yield break;
        var same = declared is not null && deployed is not null && declared.Count == deployed.Count &&
                   declared.All(kv => deployed.TryGetValue(kv.Key, out var d) && Same(kv.Value, d));
        if (!same)
            yield return new Violation(m.Workload.Name, m.AnnotationPath(key), json,
                declared is null ? $"model '{m.ModelName}' annotation {key} is not declared in config"
                : deployed is null ? $"model '{m.ModelName}' declares {key} but the workload has no such annotation"
                : $"model '{m.ModelName}' annotation {key} differs from the declared values");
    }

    private static bool Same(string a, string b) =>
        a == b || decimal.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                  && decimal.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y) && x == y;

    // The metrics and hyperparameters annotations of every served model, parsed once per text (read only, never changed).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<string, FlatJson> Flattened = new();

    private sealed record FlatJson(Dictionary<string, string>? Values);

    private static Dictionary<string, string>? Flatten(string? json)
    {
        if (json is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name,
                p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText());
        }
        catch (JsonException) { return null; }
    }
}
