using Supplychain.Components.Domain;
using Supplychain.Policies.Engine;
using Supplychain.Policies.Packs.Compliance;

namespace Supplychain.Tests.Packs;

/// <summary>
/// The policies closing the gaps against Checkov, Polaris, kube-score, cdk-nag and awsguard (CMP024–CMP048), each on its
/// fixtures with both sides asserted: exactly these resources pass, exactly these fail.
/// </summary>
public sealed class ComplianceDepthPackTests
{
    private const EnvironmentTier Dev = EnvironmentTier.Dev;
    private const EnvironmentTier Prod = EnvironmentTier.Prod;

    [Theory]
    [InlineData(typeof(DataStoresNotPubliclyReachable), "private-PASSED", Dev, new[] { "db", "pg", "redis", "storage", "vault", "acr" }, new string[0])]
    [InlineData(typeof(DataStoresNotPubliclyReachable), "public-FAILED", Dev, new[] { "private-db" }, new[] { "public-db", "unset-db", "pg", "redis", "storage", "vault", "acr" })]
    [InlineData(typeof(RegistryImageScanning), "scan-on-push-PASSED", Dev, new[] { "repo" }, new string[0])]
    [InlineData(typeof(RegistryImageScanning), "registry-scanning-PASSED", Dev, new[] { "repo" }, new string[0])]
    [InlineData(typeof(RegistryImageScanning), "unscanned-FAILED", Dev, new[] { "scanned" }, new[] { "off", "unset" })]
    [InlineData(typeof(BucketsHaveSecurityCompanions), "guarded-PASSED", Dev, new[] { "models" }, new string[0])]
    [InlineData(typeof(BucketsHaveSecurityCompanions), "missing-guards-FAILED", Dev, new[] { "guarded" }, new[] { "bare", "partial" })]
    [InlineData(typeof(IamWriteActionsScoped), "scoped-PASSED", Dev, new[] { "writer" }, new string[0])]
    [InlineData(typeof(IamWriteActionsScoped), "unscoped-writes-FAILED", Dev, new[] { "scoped" }, new[] { "any-bucket", "inline" })]
    [InlineData(typeof(GithubOidcTrustPinned), "pinned-PASSED", Dev, new[] { "release", "deploy" }, new string[0])]
    [InlineData(typeof(GithubOidcTrustPinned), "open-trust-FAILED", Dev, new[] { "pinned" }, new[] { "any-repo", "any-org-repo" })]
    [InlineData(typeof(NoAdministratorRoles), "scoped-roles-PASSED", Dev, new[] { "node-policy", "role", "acr-pull" }, new string[0])]
    [InlineData(typeof(NoAdministratorRoles), "admin-FAILED", Dev, new[] { "node-policy" }, new[] { "admin-attachment", "power-role", "owner" })]
    [InlineData(typeof(NoIamPrivilegeEscalation), "no-escalation-PASSED", Dev, new[] { "reader", "pass-one" }, new string[0])]
    [InlineData(typeof(NoIamPrivilegeEscalation), "escalation-FAILED", Dev, new[] { "reader", "denied" }, new[] { "self-editor", "pass-any", "iam-star" })]
    [InlineData(typeof(EncryptionInTransit), "tls-only-PASSED", Dev, new[] { "cache", "account", "redis" }, new string[0])]
    [InlineData(typeof(EncryptionInTransit), "plaintext-FAILED", Dev, new[] { "good-cache" }, new[] { "no-auth", "plain-cache", "http-account", "old-tls-account", "redis" })]
    [InlineData(typeof(KeyVaultsRecoverable), "protected-PASSED", Dev, new[] { "vault" }, new string[0])]
    [InlineData(typeof(KeyVaultsRecoverable), "purgeable-FAILED", Dev, new[] { "protected" }, new[] { "purgeable", "access-policies" })]
    [InlineData(typeof(ProdDataStoresResilient), "zone-redundant-PASSED", Prod, new[] { "db", "cache", "account", "pg", "acr" }, new string[0])]
    [InlineData(typeof(ProdDataStoresResilient), "single-zone-FAILED", Prod, new[] { "good-db" }, new[] { "single-az-db", "deletable-db", "cache", "account", "pg", "acr" })]
    [InlineData(typeof(KmsKeysRotated), "rotated-PASSED", Dev, new[] { "key" }, new string[0])]
    [InlineData(typeof(KmsKeysRotated), "unrotated-FAILED", Dev, new[] { "rotated" }, new[] { "off", "unset" })]
    [InlineData(typeof(VpcFlowLogsEnabled), "logged-PASSED", Dev, new[] { "vpc" }, new string[0])]
    [InlineData(typeof(VpcFlowLogsEnabled), "unlogged-FAILED", Dev, new[] { "logged" }, new[] { "dark" })]
    [InlineData(typeof(BucketAccessLogged), "logged-PASSED", Dev, new[] { "models", "access-logs" }, new string[0])]
    [InlineData(typeof(BucketAccessLogged), "trail-PASSED", Dev, new[] { "models" }, new string[0])]
    [InlineData(typeof(BucketAccessLogged), "unlogged-FAILED", Dev, new[] { "models", "access-logs" }, new[] { "datasets" })]
    [InlineData(typeof(LogRetentionDeclared), "year-PASSED", Prod, new[] { "group", "workspace" }, new string[0])]
    [InlineData(typeof(LogRetentionDeclared), "short-or-unset-FAILED", Prod, new[] { "year" }, new[] { "short", "forever", "workspace" })]
    [InlineData(typeof(ControlPlaneLogsComplete), "all-types-PASSED", Dev, new[] { "eks", "aks", "db" }, new string[0])]
    [InlineData(typeof(ControlPlaneLogsComplete), "missing-types-FAILED", Dev, new[] { "full-eks" }, new[] { "eks", "aks", "quiet-db" })]
    [InlineData(typeof(AksClusterHardened), "hardened-PASSED", Dev, new[] { "aks", "gpu" }, new string[0])]
    [InlineData(typeof(AksClusterHardened), "local-accounts-FAILED", Dev, new[] { "good-pool" }, new[] { "aks", "gpu" })]
    [InlineData(typeof(RegistryAdminUserDisabled), "no-admin-PASSED", Dev, new[] { "acr", "account" }, new string[0])]
    [InlineData(typeof(RegistryAdminUserDisabled), "admin-user-FAILED", Dev, new[] { "locked" }, new[] { "admin", "anonymous", "shared-key" })]
    [InlineData(typeof(WorkloadProbesDeclared), "probed-PASSED", Dev, new[] { "server" }, new string[0])]
    [InlineData(typeof(WorkloadProbesDeclared), "unprobed-FAILED", Dev, new[] { "probed" }, new[] { "no-readiness", "group:team-a/model" })]
    [InlineData(typeof(ReplicatedWorkloadsHaveDisruptionBudget), "budgeted-PASSED", Dev, new[] { "server" }, new string[0])]
    [InlineData(typeof(ReplicatedWorkloadsHaveDisruptionBudget), "unbudgeted-FAILED", Dev, new[] { "covered" }, new[] { "uncovered", "other-namespace" })]
    [InlineData(typeof(ProdWorkloadsSpreadAcrossZones), "spread-PASSED", Prod, new[] { "spread", "anti" }, new string[0])]
    [InlineData(typeof(ProdWorkloadsSpreadAcrossZones), "packed-FAILED", Prod, new[] { "spread" }, new[] { "packed" })]
    [InlineData(typeof(CapabilitiesDropped), "dropped-PASSED", Dev, new[] { "web" }, new string[0])]
    [InlineData(typeof(CapabilitiesDropped), "kept-or-added-FAILED", Dev, new[] { "dropped" }, new[] { "kept", "raw" })]
    [InlineData(typeof(SeccompRuntimeDefault), "runtime-default-PASSED", Dev, new[] { "pod-level", "container-level" }, new string[0])]
    [InlineData(typeof(SeccompRuntimeDefault), "unconfined-FAILED", Dev, new[] { "confined" }, new[] { "unset", "unconfined" })]
    [InlineData(typeof(DedicatedServiceAccounts), "no-token-or-dedicated-PASSED", Dev, new[] { "no-token", "operator" }, new string[0])]
    [InlineData(typeof(DedicatedServiceAccounts), "default-token-FAILED", Dev, new[] { "no-token" }, new[] { "implicit", "default-token" })]
    [InlineData(typeof(NoDefaultNamespace), "own-namespace-PASSED", Dev, new[] { "config" }, new string[0])]
    [InlineData(typeof(NoDefaultNamespace), "default-namespace-FAILED", Dev, new[] { "placed" }, new[] { "explicit-default", "no-namespace" })]
    [InlineData(typeof(NoDangerousRbacGrants), "least-privilege-PASSED", Dev, new[] { "team-edit", "reader", "team-edit-binding" }, new string[0])]
    [InlineData(typeof(NoDangerousRbacGrants), "escalating-grants-FAILED", Dev, new[] { "team-view" }, new[] { "secret-reader", "debugger", "escalator", "admin-binding" })]
    [InlineData(typeof(SecurityGroupRulesScoped), "cluster-only-PASSED", Dev, new[] { "db-sg", "vpc-rule", "vpc" }, new string[0])]
    [InlineData(typeof(SecurityGroupRulesScoped), "open-or-undescribed-FAILED", Dev, new[] { "db-sg" }, new[] { "ssh-sg", "undescribed-egress", "open-rule", "open-default-vpc" })]
    public void Should_Pass_And_Fail_Exactly_These_Resources(Type policyType, string fixture, EnvironmentTier env, string[] passed, string[] failed)
    {
        // Given a fixture program in the environment, When the policy runs, Then exactly these resources pass and these fail.
        PackHarness.AssertFixture((Policy)Activator.CreateInstance(policyType)!, fixture, env, passed, failed);
    }

    [Theory]
    [InlineData(typeof(ProdDataStoresResilient), "single-zone-FAILED")]
    [InlineData(typeof(ProdWorkloadsSpreadAcrossZones), "packed-FAILED")]
    public void Should_Not_Apply_Prod_Availability_Rules_Outside_Prod(Type policyType, string fixture)
    {
        var (passed, failed) = PackHarness.Outcomes((Policy)Activator.CreateInstance(policyType)!, PackHarness.FixtureStack(policyType.Name, fixture, EnvironmentTier.Staging));
        Assert.Empty(passed);
        Assert.Empty(failed);
    }

    [Fact]
    public void Should_Only_Require_A_Declared_Log_Retention_Outside_Prod()
    {
        var (passed, failed) = PackHarness.Outcomes(new LogRetentionDeclared(), PackHarness.FixtureStack(nameof(LogRetentionDeclared), "short-or-unset-FAILED", EnvironmentTier.Staging));
        Assert.Equal(["forever"], failed);
        Assert.Equal(["short", "workspace", "year"], passed.Order(StringComparer.Ordinal));
    }
}
