// The CrossGuard pack through @pulumi/policy's real analyze path: the pack runs as the engine starts it, the test sends
// AnalyzeStack over gRPC, and the pack's stack validation drives the supplychain CLI built from this repository
// (`dotnet build` first) against test/fixture-project (stack `ci`).
"use strict";
const { test, describe, before, after } = require("node:test");
const assert = require("node:assert/strict");
const path = require("path");
const { startPack, analyzeStack, analyzerInfo } = require("./engine");

const fixtureProject = path.join(__dirname, "fixture-project");
const repoCli = `dotnet run --project ${path.resolve(__dirname, "..", "..", "stacks")} --no-build --`;
// What the engine sets for a policy pack of the `ci` stack, plus where the supplychain project and CLI are.
const engineEnv = {
    PULUMI_STACK: "ci", PULUMI_PROJECT: "app", PULUMI_DRY_RUN: "true",
    SUPPLYCHAIN_PROJECT_DIR: fixtureProject, SUPPLYCHAIN_CLI: repoCli, SUPPLYCHAIN_STACK: "",
};

const urn = (type, name) => `urn:pulumi:ci::app::${type}::${name}`;
const resource = (type, name, props) => ({ type, name, urn: urn(type, name), props });

const stackRoot = resource("pulumi:pulumi:Stack", "app-ci", {});
const labels = {
    "supplychain.dev/owner": "ml-platform", "supplychain.dev/cost-center": "cc-4120",
    "supplychain.dev/environment": "dev", "supplychain.dev/data-classification": "internal",
};
const configMap = resource("kubernetes:core/v1:ConfigMap", "settings",
    { metadata: { name: "settings", namespace: "fraud", labels }, data: { mode: "batch" } });
const privilegedPod = resource("kubernetes:core/v1:Pod", "debug", {
    metadata: { name: "debug", namespace: "fraud", labels },
    spec: { containers: [{ name: "shell", image: "busybox", securityContext: { privileged: true } }] },
});
// At preview the bucket's name is computed by the provider: the engine's unknown sentinel stands in for it.
const unencryptedBucket = resource("aws:s3/bucket:Bucket", "data", { bucket: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", tags: {} });

const byPolicy = (diagnostics, id) => diagnostics.filter(d => d.policyName === id);

describe("the supplychain CrossGuard pack, with the CLI built from this repository", () => {
    let pack;
    before(async () => { pack = await startPack(engineEnv); });
    after(() => pack.stop());

    test("serves the stack policy under the pack name the engine lists", async () => {
        const info = await analyzerInfo(pack.client);
        assert.equal(info.name, "supplychain");
        assert.deepEqual(info.policies, ["supplychain-judge"]);
    });

    test("reports a privileged pod under CMP002, mandatory, against the pod's URN", async () => {
        const diagnostics = await analyzeStack(pack.client, [stackRoot, privilegedPod]);
        const privileged = byPolicy(diagnostics, "CMP002");
        assert.equal(privileged.length, 1, JSON.stringify(diagnostics, null, 1));
        assert.equal(privileged[0].enforcementLevel, "mandatory");
        assert.equal(privileged[0].urn, privilegedPod.urn);
        assert.equal(privileged[0].policyPackName, "supplychain");
        assert.match(privileged[0].message, /container 'shell' is privileged/);
        // An advisory supplychain policy stays advisory in CrossGuard.
        const writableRoot = byPolicy(diagnostics, "CMP005");
        assert.deepEqual(writableRoot.map(d => d.enforcementLevel), ["advisory"]);
        assert.ok(diagnostics.every(d => d.urn === privilegedPod.urn), "every finding names the pod");
    });

    test("reports an S3 bucket without encryption under CMP017, mandatory, with the bucket's URN", async () => {
        const diagnostics = await analyzeStack(pack.client, [stackRoot, unencryptedBucket]);
        const encryption = byPolicy(diagnostics, "CMP017");
        assert.equal(encryption.length, 1, JSON.stringify(diagnostics, null, 1));
        assert.equal(encryption[0].enforcementLevel, "mandatory");
        assert.equal(encryption[0].urn, unencryptedBucket.urn);
        assert.match(encryption[0].message, /no default server-side encryption/);
        assert.ok(!diagnostics.some(d => d.policyName === "supplychain-judge"), "the CLI ran");
    });

    test("reports nothing for a clean set of resources", async () => {
        const diagnostics = await analyzeStack(pack.client, [stackRoot, configMap]);
        assert.deepEqual(diagnostics, []);
    });
});

describe("the supplychain CrossGuard pack without its CLI", () => {
    let pack;
    before(async () => { pack = await startPack({ ...engineEnv, SUPPLYCHAIN_CLI: "/nonexistent/supplychain policy-cli" }); });
    after(() => pack.stop());

    test("reports one mandatory violation naming the missing CLI instead of passing", async () => {
        const diagnostics = await analyzeStack(pack.client, [stackRoot, privilegedPod]);
        assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics, null, 1));
        assert.equal(diagnostics[0].policyName, "supplychain-judge");
        assert.equal(diagnostics[0].enforcementLevel, "mandatory");
        assert.match(diagnostics[0].message, /cannot run the supplychain CLI '\/nonexistent\/supplychain policy-cli' \(ENOENT\)/);
    });
});

describe("the supplychain CrossGuard pack with a stack the project does not have", () => {
    let pack;
    before(async () => { pack = await startPack({ ...engineEnv, PULUMI_STACK: "prod" }); });
    after(() => pack.stop());

    test("reports the CLI's configuration error as a mandatory violation", async () => {
        const diagnostics = await analyzeStack(pack.client, [stackRoot, configMap]);
        assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics, null, 1));
        assert.equal(diagnostics[0].policyName, "supplychain-judge");
        assert.equal(diagnostics[0].enforcementLevel, "mandatory");
        assert.match(diagnostics[0].message, /exited 2: .*Pulumi\.prod\.yaml.*existing stacks: ci/);
    });
});

describe("the supplychain CrossGuard pack inside this repository, with nothing configured", () => {
    let pack;
    // Only what the engine sets: the project is the repository holding the pack, the CLI its `dotnet run --no-build`.
    before(async () => { pack = await startPack({ PULUMI_STACK: "dev", PULUMI_PROJECT: "supplychain", SUPPLYCHAIN_PROJECT_DIR: "", SUPPLYCHAIN_CLI: "", SUPPLYCHAIN_STACK: "" }); });
    after(() => pack.stop());

    test("judges with the repository's dev stack through the default CLI", async () => {
        const diagnostics = await analyzeStack(pack.client, [stackRoot, privilegedPod]);
        assert.ok(!diagnostics.some(d => d.policyName === "supplychain-judge"), JSON.stringify(diagnostics, null, 1));
        assert.deepEqual(byPolicy(diagnostics, "CMP002").map(d => [d.enforcementLevel, d.urn]), [["mandatory", privilegedPod.urn]]);
    });
});
