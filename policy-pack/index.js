// The CrossGuard entry point: Pulumi's `pulumi-analyzer-policy` plugin runs this file with node, and the PolicyPack
// serves the engine's analyzer gRPC calls. One stack policy hands every resource to the supplychain CLI.
"use strict";
const { PolicyPack } = require("@pulumi/policy");
const { supplychainPolicy } = require("./judge");

new PolicyPack("supplychain", { policies: [supplychainPolicy] });
