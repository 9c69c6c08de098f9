using Supplychain.Components.Domain;
using Supplychain.Components.Kubernetes;
using Supplychain.Components.Model;
using Supplychain.Components.Yaml;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Compliance;
using Supplychain.Tests.Support;

namespace Supplychain.Tests.Packs;

public sealed class CompliancePackTests
{
    private const EnvironmentTier Dev = EnvironmentTier.Dev;
    private const EnvironmentTier Prod = EnvironmentTier.Prod;

    [Theory]
    [InlineData(typeof(ContainersRunAsNonRoot), "non-root-PASSED", Dev, new string[0])]
    [InlineData(typeof(ContainersRunAsNonRoot), "root-FAILED", Dev, new[] { "uid-zero", "unset" })]
    [InlineData(typeof(NoPrivilegedContainers), "unprivileged-PASSED", Dev, new string[0])]
    [InlineData(typeof(NoPrivilegedContainers), "privileged-or-host-namespaces-FAILED", Dev, new[] { "privileged", "host-network" })]
    [InlineData(typeof(NoPrivilegeEscalation), "escalation-disabled-PASSED", Dev, new string[0])]
    [InlineData(typeof(NoPrivilegeEscalation), "escalation-allowed-or-unset-FAILED", Dev, new[] { "allowed", "unset" })]
    [InlineData(typeof(ContainerResourcesBounded), "requests-and-limits-PASSED", Dev, new string[0])]
    [InlineData(typeof(ContainerResourcesBounded), "missing-limits-FAILED", Dev, new[] { "no-limits", "init-unbounded" })]
    [InlineData(typeof(ReadOnlyRootFilesystem), "read-only-PASSED", Dev, new string[0])]
    [InlineData(typeof(ReadOnlyRootFilesystem), "writable-FAILED", Dev, new[] { "writable" })]
    [InlineData(typeof(ApprovedImageRegistries), "approved-sources-PASSED", Dev, new string[0])]
    [InlineData(typeof(ApprovedImageRegistries), "unapproved-sources-FAILED", Dev, new[] { "random-hub", "lookalike" })]
    [InlineData(typeof(ImmutableImageReferences), "fixed-tags-and-immutable-registry-PASSED", Dev, new string[0])]
    [InlineData(typeof(ImmutableImageReferences), "floating-tags-and-mutable-registry-FAILED", Dev, new[] { "latest", "untagged", "repo" })]
    [InlineData(typeof(RequiredGovernanceLabels), "labelled-and-tagged-PASSED", Dev, new string[0])]
    [InlineData(typeof(RequiredGovernanceLabels), "unlabelled-and-untagged-FAILED", Dev, new[] { "cm", "bucket", "group:apps/bare" })]
    [InlineData(typeof(NamespacePodSecurityEnforced), "enforced-PASSED", Dev, new string[0])]
    [InlineData(typeof(NamespacePodSecurityEnforced), "unenforced-or-unjustified-FAILED", Dev, new[] { "none", "privileged" })]
    [InlineData(typeof(NamespaceDefaultDenyNetworkPolicy), "default-deny-PASSED", Dev, new string[0])]
    [InlineData(typeof(NamespaceDefaultDenyNetworkPolicy), "missing-or-partial-deny-FAILED", Dev, new[] { "open", "partial" })]
    [InlineData(typeof(NoWildcardPermissions), "spelled-out-PASSED", Dev, new string[0])]
    [InlineData(typeof(NoWildcardPermissions), "wildcards-FAILED", Dev, new[] { "admin", "s3-all" })]
    [InlineData(typeof(NoLiteralSecretValues), "references-only-PASSED", Dev, new string[0])]
    [InlineData(typeof(NoLiteralSecretValues), "literal-credentials-FAILED", Dev, new[] { "literal", "url", "wrapped" })]
    [InlineData(typeof(IngressTls), "tls-for-every-host-PASSED", Dev, new string[0])]
    [InlineData(typeof(IngressTls), "plain-http-or-uncovered-host-FAILED", Dev, new[] { "plain", "partial" })]
    [InlineData(typeof(NoPublicServicesOutsideDev), "cluster-ip-PASSED", Prod, new string[0])]
    [InlineData(typeof(NoPublicServicesOutsideDev), "load-balancer-and-node-port-FAILED", Prod, new[] { "lb", "np" })]
    [InlineData(typeof(NoPublicBucketsOutsideDev), "blocked-PASSED", Prod, new string[0])]
    [InlineData(typeof(NoPublicBucketsOutsideDev), "open-FAILED", Prod, new[] { "open-pab", "public-acl", "account" })]
    [InlineData(typeof(PrivateEndpointsOutsideDev), "private-PASSED", Prod, new string[0])]
    [InlineData(typeof(PrivateEndpointsOutsideDev), "public-FAILED", Prod, new[] { "eks", "aks", "acr" })]
    [InlineData(typeof(BucketsEncryptedAtRest), "encrypted-PASSED", Dev, new string[0])]
    [InlineData(typeof(BucketsEncryptedAtRest), "unencrypted-FAILED", Dev, new[] { "plain" })]
    [InlineData(typeof(DataStoresEncryptedAtRest), "encrypted-PASSED", Dev, new string[0])]
    [InlineData(typeof(DataStoresEncryptedAtRest), "unencrypted-FAILED", Dev, new[] { "db", "cache" })]
    [InlineData(typeof(RegistriesEncryptedAtRest), "declared-PASSED", Dev, new string[0])]
    [InlineData(typeof(RegistriesEncryptedAtRest), "undeclared-FAILED", Dev, new[] { "plain" })]
    [InlineData(typeof(ClusterSecretsEncrypted), "kms-PASSED", Dev, new string[0])]
    [InlineData(typeof(ClusterSecretsEncrypted), "no-kms-FAILED", Dev, new[] { "eks", "aks" })]
    [InlineData(typeof(ControlPlaneAuditLogging), "audit-on-PASSED", Dev, new string[0])]
    [InlineData(typeof(ControlPlaneAuditLogging), "audit-off-FAILED", Dev, new[] { "eks", "aks" })]
    [InlineData(typeof(ControlPlaneAuditLogging), "audit-monitor-v3-FAILED", Dev, new[] { "other-aks" })]
    [InlineData(typeof(ObjectStoreVersioning), "versioned-PASSED", Dev, new string[0])]
    [InlineData(typeof(ObjectStoreVersioning), "unversioned-FAILED", Dev, new[] { "suspended", "bootstrap" })]
    [InlineData(typeof(DatabaseBackupRetention), "week-of-backups-PASSED", Dev, new string[0])]
    [InlineData(typeof(DatabaseBackupRetention), "short-or-no-backups-FAILED", Dev, new[] { "db", "pg", "unpatched" })]
    public void Should_Report_Exactly_The_Violating_Resources(Type policyType, string fixture, EnvironmentTier env, string[] expected)
    {
        // Given a fixture program in the environment, When the policy runs, Then exactly these resources violate it.
        PackHarness.AssertFixture((Policy)Activator.CreateInstance(policyType)!, fixture, env, expected);
    }

    [Theory]
    [InlineData(typeof(NoPublicServicesOutsideDev), "load-balancer-and-node-port-FAILED")]
    [InlineData(typeof(NoPublicBucketsOutsideDev), "open-FAILED")]
    [InlineData(typeof(PrivateEndpointsOutsideDev), "public-FAILED")]
    public void Should_Not_Apply_Exposure_Rules_In_Dev(Type policyType, string fixture)
    {
        var stack = PackHarness.FixtureStack(policyType.Name, fixture, Dev);
        Assert.Empty(PackHarness.Run((Policy)Activator.CreateInstance(policyType)!, stack));
    }

    [Fact]
    public void Should_Remediate_Missing_Labels_And_Tags_From_The_Stack_And_Report_Each_Change()
    {
        // Given the failing fixture's resources
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Policies", nameof(RequiredGovernanceLabels), "unlabelled-and-untagged-FAILED.yaml");
        var program = PulumiYamlReader.Read(File.ReadAllText(path));
        var policy = new RequiredGovernanceLabels();
        var stack = PackHarness.FixtureStack(nameof(RequiredGovernanceLabels), "unlabelled-and-untagged-FAILED", Dev);

        // When the policy remediates every resource
        var changes = program.Resources.ToDictionary(r => r.Name, r => policy.Remediate(r, stack));

        // Then it adds exactly the missing keys, keeps what was set, and the program now passes
        Assert.Empty(changes["ns"]);
        Assert.Equal(
        [
            "metadata.labels[\"supplychain.dev/cost-center\"] = cc-4120",
            "metadata.labels[\"supplychain.dev/data-classification\"] = internal",
            "metadata.labels[\"supplychain.dev/environment\"] = dev",
        ], changes["cm"].Order(StringComparer.Ordinal));
        Assert.Equal(["tags[\"cost-center\"] = cc-4120", "tags[\"data-classification\"] = internal", "tags[\"environment\"] = dev"],
            changes["bucket"].Order(StringComparer.Ordinal));
        Assert.Equal(4, changes["group"].Count);
        Assert.All(changes["group"], c => Assert.StartsWith("objs[0].metadata.labels", c));
        Assert.Equal("ml-platform", ((MapValue)program.Resources.Single(r => r.Name == "bucket").Properties["tags"])["owner"].ToString());
        var after = new StackView(stack.Stack, Policies.View.ProgramViews.From(program), stack.Spec, stack.Config);
        Assert.Empty(PackHarness.Run(policy, after));
    }

    [Fact]
    public void Should_Accept_Computed_Credentials_And_Identifiers_Rendered_By_The_Secret_Builder()
    {
        var program = new PulumiProgram();
        var scope = new Components.Core.Scope(program, SampleSpecs.Context(), ComponentPath.Of("mlflow"));
        Kube.Secret(scope, "db", "mlflow", "mlflow-db", new MapValue { ["username"] = "mlflow", ["password"] = new RefValue("mlflow-db-password", "result") });
        var stack = new StackView(scope.Stack, Policies.View.ProgramViews.From(program), null, PolicyConfig.Default);
        Assert.Empty(PackHarness.Run(new NoLiteralSecretValues(), stack));
    }

    [Theory]
    [InlineData("postgres:16.4", "docker.io/library/postgres", "16.4", false)]
    [InlineData("minio/mc", "docker.io/minio/mc", null, true)]
    [InlineData("quay.io/minio/minio:latest", "quay.io/minio/minio", "latest", true)]
    [InlineData("localhost:5000/models/x@sha256:0000000000000000000000000000000000000000000000000000000000000000", "localhost:5000/models/x", null, false)]
    public void Should_Resolve_Image_References_As_The_Runtime_Does(string image, string location, string? tag, bool floating)
    {
        var reference = Policies.Packs.Kubernetes.ImageReference.Parse(image);
        Assert.Equal(location, reference.Location);
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(floating, reference.IsFloating);
    }
}
