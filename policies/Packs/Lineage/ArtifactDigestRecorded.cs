using Supplychain.Components.Domain;
using Supplychain.Components.Model;
using Supplychain.Policies.Engine;

namespace Supplychain.Policies.Packs.Lineage;

/// <summary>LIN004: a served model names its artifact (URI and content digest), and the pods load exactly that artifact.</summary>
public sealed class ArtifactDigestRecorded : ServingWorkloadPolicy
{
    public const string ArtifactUriEnv = "MODEL_ARTIFACT_URI";
    public const string ArtifactDigestEnv = "MODEL_ARTIFACT_DIGEST";

    public override string Id => "LIN004";
    public override string Title => "Model serving workloads must record the model artifact's URI and sha256 digest, and load that artifact";
    public override string Rationale =>
        "The artifact digest is the identity of the model that answers requests: it ties the running pods to the registry entry, " +
        "the evaluation and the approval. If the environment the server reads names another artifact, the record is a lie.";
    public override string Remediation =>
        $"Declare artifact.uri and artifact.digest (sha256:<64 hex>) for the model; the serving component renders them as the " +
        $"{Labels.ArtifactUri}/{Labels.ArtifactDigest} annotations and the {ArtifactUriEnv}/{ArtifactDigestEnv} environment variables.";
    public override Severity Severity => Severity.Critical;
    public override IReadOnlyList<FrameworkControl> Controls =>
    [
        Frameworks.EuAiAct("Art. 12"), Frameworks.EuAiAct("Art. 15"), Frameworks.Soc2("CC8.1"),
        Frameworks.Iso42001("A.6.2.5"), Frameworks.NistAiRmf("MANAGE 2.4"),
    ];

    protected override IEnumerable<Violation> Check(ServedModel m, StackView stack)
    {
        foreach (var v in RequireAnnotation(m, Labels.ArtifactDigest, "artifact digest")) yield return v;
        foreach (var v in RequireAnnotation(m, Labels.ArtifactUri, "artifact URI")) yield return v;
        var digest = m.Annotation(Labels.ArtifactDigest);
        if (digest is not null && !ServedModel.IsSha256(digest))
            yield return new Violation(m.Workload.Name, m.AnnotationPath(Labels.ArtifactDigest), digest,
                $"model '{m.ModelName}' records an artifact digest that is not sha256:<64 lowercase hex>");
        foreach (var c in m.Containers())
        {
            foreach (var (env, annotation) in new[] { (ArtifactDigestEnv, Labels.ArtifactDigest), (ArtifactUriEnv, Labels.ArtifactUri) })
            {
                var recorded = m.Annotation(annotation);
                if (c.Env(env) is StringValue loaded && recorded is not null && loaded.Text != recorded)
                    yield return new Violation(m.Workload.Name, $"{c.Path}.env[{env}]", loaded.Text,
                        $"container '{c.Name}' loads {env}={loaded.Text} but the workload records {annotation}={recorded}");
            }
        }
    }
}
