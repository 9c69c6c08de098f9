// Plays the Pulumi engine's side of a CrossGuard run, without the engine: starts the pack the way
// `pulumi-analyzer-policy` does (node @pulumi/pulumi/cmd/run-policy-pack <engine> <pack dir>, cwd = the pack, the stack
// in PULUMI_STACK), reads the port it prints, and calls the analyzer gRPC service with @pulumi/pulumi's own protobufs.
"use strict";
const path = require("path");
const { spawn } = require("child_process");
const grpc = require("@grpc/grpc-js");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const analyzerproto = require("@pulumi/pulumi/proto/analyzer_pb");
const analyzerrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");

const packDirectory = path.resolve(__dirname, "..");
const ENFORCEMENT = Object.fromEntries(Object.entries(analyzerproto.EnforcementLevel).map(([k, v]) => [v, k.toLowerCase()]));

/** Starts the pack; resolves once it serves, with a client and a stop function. */
function startPack(env) {
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDirectory] });
    const child = spawn(process.execPath, [runner, "127.0.0.1:0", "."], {
        cwd: packDirectory, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", d => { stderr += d; });
    return new Promise((resolve, reject) => {
        let stdout = "";
        const onData = d => {
            stdout += d;
            const match = /^(\d+)\s*$/m.exec(stdout);
            if (!match) return;
            child.stdout.off("data", onData);
            const client = new analyzerrpc.AnalyzerClient(`127.0.0.1:${match[1]}`, grpc.credentials.createInsecure());
            resolve({
                client,
                stop: () => { client.close(); child.kill(); },
            });
        };
        child.stdout.on("data", onData);
        child.on("exit", code => reject(new Error(`the policy pack exited ${code} before serving: ${stderr}`)));
    });
}

function call(client, method, request) {
    return new Promise((resolve, reject) => client[method](request, (err, response) => (err ? reject(err) : resolve(response))));
}

/** AnalyzeStack, as the engine sends it at the end of a preview or update: each resource with its URN, type, name, properties and options. */
async function analyzeStack(client, resources) {
    const request = new analyzerproto.AnalyzeStackRequest();
    for (const r of resources) {
        const resource = new analyzerproto.AnalyzerResource();
        resource.setUrn(r.urn);
        resource.setType(r.type);
        resource.setName(r.name);
        resource.setProperties(Struct.fromJavaScript(r.props));
        resource.setOptions(new analyzerproto.AnalyzerResourceOptions());
        request.addResources(resource);
    }
    const response = await call(client, "analyzeStack", request);
    return response.getDiagnosticsList().map(d => ({
        policyName: d.getPolicyname(),
        policyPackName: d.getPolicypackname(),
        enforcementLevel: ENFORCEMENT[d.getEnforcementlevel()],
        urn: d.getUrn(),
        message: d.getMessage(),
    }));
}

async function analyzerInfo(client) {
    const { Empty } = require("google-protobuf/google/protobuf/empty_pb");
    const info = await call(client, "getAnalyzerInfo", new Empty());
    return { name: info.getName(), policies: info.getPoliciesList().map(p => p.getName()) };
}

module.exports = { startPack, analyzeStack, analyzerInfo, packDirectory };
