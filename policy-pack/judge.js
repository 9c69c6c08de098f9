// The bridge between CrossGuard and the supplychain judge: the stack validation serialises the resources the engine
// resolved (inputs, and outputs where the engine knows them) and pipes them to `supplychain policy judge`, then reports
// each finding as a CrossGuard violation under the supplychain policy id, with its enforcement and message.
"use strict";
const fs = require("fs");
const path = require("path");
const { spawn } = require("child_process");
const proxy = require("@pulumi/policy/proxy");

/** The CrossGuard policy's name: the pack reports its own failures (CLI missing, unusable output) under it. */
const POLICY_NAME = "supplychain-judge";

/** The engine's sentinels for values not known until apply (one per value kind); the judge reads the string one. */
const UNKNOWN_STRING = proxy.unknownStringValue;
const UNKNOWN_SENTINELS = new Set([proxy.unknownBooleanValue, proxy.unknownNumberValue, proxy.unknownStringValue,
    proxy.unknownArrayValue, proxy.unknownAssetValue, proxy.unknownArchiveValue, proxy.unknownObjectValue]);

/** Resources that describe the deployment rather than infrastructure: the stack root and provider instances (whose props hold credentials). */
function isJudged(resource) {
    return resource.type !== "pulumi:pulumi:Stack" && !resource.type.startsWith("pulumi:providers:");
}

/** The plain value behind @pulumi/policy's unknown-checking proxy, unknowns as the string sentinel, assets as a marker. */
function plain(value) {
    if (value !== null && typeof value === "object" && value[proxy.isSpecialProxy]) value = value[proxy.getSpecialProxyTarget];
    if (typeof value === "string") return UNKNOWN_SENTINELS.has(value) ? UNKNOWN_STRING : value;
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map(plain);
    if (Object.getPrototypeOf(value) !== Object.prototype) return "[asset]";
    const out = {};
    for (const key of Object.keys(value)) out[key] = plain(value[key]);
    return out;
}

/** The judge's input: `{"resources": [{type, name, urn, props}]}`. */
function judgeInput(resources) {
    return JSON.stringify({
        resources: resources.filter(isJudged).map(r => ({ type: r.type, name: r.name, urn: r.urn, props: plain(r.props) })),
    });
}

/**
 * Where the judge runs, from the policy's config (`pulumi preview --policy-pack-config`, a Pulumi Cloud policy group),
 * then the environment, then defaults that hold when the pack sits in the supplychain repository (`<repo>/policy-pack`):
 * the project is the repository, the stack is the one Pulumi runs (PULUMI_STACK, set by the engine for policy packs),
 * and the CLI is the project's own build (`dotnet run --project <project>/stacks --no-build --`).
 */
function resolveSettings(config, env, packDirectory) {
    const repo = path.resolve(packDirectory, "..");
    const inRepo = fs.existsSync(path.join(repo, "Pulumi.yaml"));
    // A published pack runs from Pulumi's policy cache: the project is then where `pulumi` was started.
    const projectDir = config.projectDir || env.SUPPLYCHAIN_PROJECT_DIR || (inRepo ? repo : env.PWD);
    const stack = config.stack || env.SUPPLYCHAIN_STACK || env.PULUMI_STACK;
    const cliText = config.cli || env.SUPPLYCHAIN_CLI;
    const cli = cliText ? cliText.trim().split(/\s+/)
        : ["dotnet", "run", "--project", path.join(projectDir || repo, "stacks"), "--no-build", "--"];
    return { projectDir, stack, cli };
}

/** Runs the CLI with the resources on stdin; resolves with its exit code and both streams, or the spawn error. */
function runCli(cli, args, input, timeoutMs) {
    return new Promise(resolve => {
        let child;
        try {
            child = spawn(cli[0], [...cli.slice(1), ...args], { stdio: ["pipe", "pipe", "pipe"], timeout: timeoutMs });
        } catch (error) {
            resolve({ error });
            return;
        }
        const stdout = [];
        const stderr = [];
        child.stdout.on("data", d => stdout.push(d));
        child.stderr.on("data", d => stderr.push(d));
        child.on("error", error => resolve({ error }));
        child.on("close", (code, signal) => resolve({
            code, signal, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8"),
        }));
        child.stdin.on("error", () => { /* the child exited early; its exit code tells why */ });
        child.stdin.end(input);
    });
}

/** CrossGuard has two enforcement levels that report: a blocking (mandatory, not waived) finding stops the update. */
function enforcementOf(finding) {
    return finding.blocking || finding.enforcement === "mandatory" ? "mandatory" : "advisory";
}

function firstLine(text) {
    return (text || "").trim().split("\n").filter(Boolean).slice(-3).join(" / ");
}

/** The stack validation: judge every resource once, report every finding that is not waived. */
async function validateStack(args, reportViolation, env = process.env, packDirectory = __dirname) {
    const settings = resolveSettings(args.getConfig() || {}, env, packDirectory);
    const fail = message => reportViolation({ name: POLICY_NAME, message, enforcementLevel: "mandatory" });
    if (!settings.stack) {
        fail("supplychain: no stack to judge with: PULUMI_STACK is not set (set the policy config 'stack' or SUPPLYCHAIN_STACK)");
        return;
    }
    if (!settings.projectDir) {
        fail("supplychain: no project directory: set the policy config 'projectDir' or SUPPLYCHAIN_PROJECT_DIR");
        return;
    }
    const cliArgs = ["policy", "judge", "--input", "-", "--stack", settings.stack, "--project-dir", settings.projectDir];
    const timeoutMs = Number(env.SUPPLYCHAIN_JUDGE_TIMEOUT_MS) || 300000;
    const run = await runCli(settings.cli, cliArgs, judgeInput(args.resources), timeoutMs);
    const command = settings.cli.join(" ");
    if (run.error) {
        fail(`supplychain: cannot run the supplychain CLI '${command}' (${run.error.code || run.error.message}); ` +
            "build it (dotnet build) or point SUPPLYCHAIN_CLI (or the policy config 'cli') at it. Nothing was judged.");
        return;
    }
    if (run.code !== 0 && run.code !== 1) {
        const why = run.signal ? `was stopped by ${run.signal}` : `exited ${run.code}`;
        fail(`supplychain: '${command} ${cliArgs.slice(0, 2).join(" ")}' ${why}: ${firstLine(run.stderr) || "no message"}. Nothing was judged.`);
        return;
    }
    let result;
    try {
        result = JSON.parse(run.stdout);
        if (!Array.isArray(result.findings)) throw new Error("no 'findings' array");
    } catch (e) {
        fail(`supplychain: '${command}' printed no judgement JSON (${e.message}). Nothing was judged.`);
        return;
    }
    for (const finding of result.findings) {
        if (finding.waived) continue;
        reportViolation({
            name: finding.policyId,
            message: finding.message,
            description: finding.remediation || undefined,
            enforcementLevel: enforcementOf(finding),
            urn: finding.urn || undefined,
        });
    }
}

const supplychainPolicy = {
    name: POLICY_NAME,
    description: "Judges every resource with the supplychain policy packs (lineage, cost, compliance, custom); " +
        "each finding is reported under its supplychain policy id (LIN…, COST…, CMP…, custom ids).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            cli: { type: "string", description: "The supplychain CLI command line, split on spaces (default: SUPPLYCHAIN_CLI, else `dotnet run --project <projectDir>/stacks --no-build --`)." },
            projectDir: { type: "string", description: "The supplychain project directory (default: SUPPLYCHAIN_PROJECT_DIR, else the repository holding this pack)." },
            stack: { type: "string", description: "The stack whose config, waivers and custom policies judge (default: SUPPLYCHAIN_STACK, else the Pulumi stack)." },
        },
    },
    validateStack: (args, reportViolation) => validateStack(args, reportViolation),
};

module.exports = { supplychainPolicy, validateStack, resolveSettings, judgeInput, POLICY_NAME };
