namespace Supplychain.Components.Retraining;

/// <summary>
/// The small glue steps of the workflows, as Python (standard library only) run by <see cref="RetrainingScripts.Image"/>.
/// Each reads its inputs from files and environment variables the template sets, and writes outputs to files Argo
/// collects; none prints a credential.
/// </summary>
internal static class RetrainingScripts
{
    /// <summary>Python's slim image: the standard library is all the scripts use.</summary>
    public const string Image = "docker.io/library/python:3.12.11-slim";

    /// <summary>Freezes the dataset: copies it to the run's own key (the output artifact) and records its sha256.</summary>
    public const string Snapshot = """
        import hashlib, shutil
        h = hashlib.sha256()
        with open("/work/in/dataset", "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        shutil.copyfile("/work/in/dataset", "/work/out/dataset")
        with open("/work/out/digest", "w") as f:
            f.write("sha256:" + h.hexdigest())
        print("dataset sha256:" + h.hexdigest())
        """;

    /// <summary>
    /// Records the run in MLflow (REST API): experiment per model, parameters, the evaluation record's metrics and the
    /// digests as tags; writes the run id and the model artifact's digest.
    /// </summary>
    public const string Register = """
        import hashlib, json, os, time, urllib.request, urllib.parse
        base = os.environ["MLFLOW_TRACKING_URI"].rstrip("/") + "/api/2.0/mlflow/"
        def call(path, body=None, query=None):
            url = base + path + ("?" + urllib.parse.urlencode(query) if query else "")
            data = None if body is None else json.dumps(body).encode()
            req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(req, timeout=30) as r:
                return json.load(r)
        h = hashlib.sha256()
        with open("/work/model/model.onnx", "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        model_digest = "sha256:" + h.hexdigest()
        record = json.load(open("/work/evaluation/evaluation.json"))
        name = os.environ["MODEL_NAME"]
        try:
            experiment = call("experiments/get-by-name", query={"experiment_name": name})["experiment"]["experiment_id"]
        except urllib.error.HTTPError:
            experiment = call("experiments/create", {"name": name})["experiment_id"]
        now = int(time.time() * 1000)
        run = call("runs/create", {"experiment_id": experiment, "start_time": now, "run_name": os.environ["WORKFLOW_NAME"]})["run"]["info"]["run_id"]
        tags = {"supplychain.model": name, "supplychain.version": os.environ["MODEL_VERSION"], "supplychain.trigger": os.environ["TRIGGER"],
                "supplychain.dataset_digest": os.environ["DATASET_DIGEST"], "supplychain.model_digest": model_digest,
                "supplychain.verdict": str(record.get("verdict", ""))}
        metrics = [{"key": k, "value": float(v), "timestamp": now, "step": 0} for k, v in sorted(record.get("metrics", {}).items())
                   if isinstance(v, (int, float))]
        call("runs/log-batch", {"run_id": run, "metrics": metrics,
                                "tags": [{"key": k, "value": v} for k, v in tags.items()],
                                "params": [{"key": "dataset", "value": os.environ["DATASET_KEY"]}]})
        call("runs/update", {"run_id": run, "status": "FINISHED", "end_time": int(time.time() * 1000)})
        open("/work/out/run-id", "w").write(run)
        open("/work/out/model-digest", "w").write(model_digest)
        print("mlflow run " + run)
        """;

    /// <summary>
    /// Opens the pull request (GitHub REST API): edits the model's entry in <c>Pulumi.STACK.yaml</c> — version, artifact,
    /// dataset digest and version, training run, metrics, approval reset to pending — on a new branch. The edit is
    /// line-based on the block style the stack files use (<c>- name: MODEL</c>, two-space indents), so comments and the
    /// rest of the file stay as reviewers know them; an entry it cannot find fails the step instead of guessing.
    /// </summary>
    public const string Propose = """
        import base64, json, os, re, urllib.request
        repo, base, stack, name = os.environ["REPOSITORY"], os.environ["BASE_BRANCH"], os.environ["STACK"], os.environ["MODEL_NAME"]
        token = open("/var/run/github/token").read().strip()
        def call(method, path, body=None):
            req = urllib.request.Request("https://api.github.com/repos/" + repo + path, method=method,
                                         data=None if body is None else json.dumps(body).encode(),
                                         headers={"Authorization": "Bearer " + token, "Accept": "application/vnd.github+json"})
            with urllib.request.urlopen(req, timeout=30) as r:
                return json.load(r)
        path = "Pulumi." + stack + ".yaml"
        current = call("GET", "/contents/" + path + "?ref=" + base)
        lines = base64.b64decode(current["content"]).decode().split("\n")
        record = json.load(open("/work/evaluation/evaluation.json"))
        version = os.environ["NEW_VERSION"]
        values = {"version": version, "uri": os.environ["ARTIFACT_URI"], "digest": os.environ["MODEL_DIGEST"],
                  "datasetDigest": os.environ["DATASET_DIGEST"], "datasetVersion": os.environ["DATASET_VERSION"],
                  "trainingRun": os.environ["RUN_ID"], "status": "pending"}
        start = next((i for i, l in enumerate(lines) if re.fullmatch(r"\s*- name: " + re.escape(name) + r"\s*", l)), None)
        if start is None:
            raise SystemExit(path + ": no model entry '- name: " + name + "'")
        indent = len(lines[start]) - len(lines[start].lstrip()) + 2
        end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() and len(lines[i]) - len(lines[i].lstrip()) < indent), len(lines))
        section, metrics = None, record.get("metrics", {})
        for i in range(start + 1, end):
            m = re.match(r"^(\s*)([A-Za-z]+):(\s*)(.*)$", lines[i])
            if not m:
                continue
            key = m.group(2)
            depth = (len(m.group(1)) - indent) // 2
            if depth == 1 and not m.group(4):
                section = key
            if depth == 0:
                section = None
            if key in ("version",) and depth == 0 or key in ("uri", "digest") and section == "artifact" \
               or key in ("datasetDigest", "datasetVersion", "trainingRun") and section == "lineage" or key == "status" and depth == 2:
                lines[i] = m.group(1) + key + ": " + values[key]
            elif section == "metrics" and depth == 2 and key in metrics:
                lines[i] = m.group(1) + key + ": " + repr(round(float(metrics[key]), 6))
        branch = "retrain/" + name + "-" + version
        head = call("GET", "/git/ref/heads/" + base)["object"]["sha"]
        call("POST", "/git/refs", {"ref": "refs/heads/" + branch, "sha": head})
        call("PUT", "/contents/" + path, {"message": "Retrain " + name + " " + version, "branch": branch, "sha": current["sha"],
                                          "content": base64.b64encode("\n".join(lines).encode()).decode()})
        pr = call("POST", "/pulls", {"title": "Retrain " + name + " -> " + version, "head": branch, "base": base,
                                     "body": "Retrained by workflow " + os.environ["WORKFLOW_NAME"] + " (" + os.environ["TRIGGER"] + ").\n\n"
                                             + "Evaluation verdict: " + str(record.get("verdict")) + ". MLflow run " + os.environ["RUN_ID"] + ".\n"
                                             + "Approval is reset to pending: the lineage and policy gates run on this PR."})
        print("pull request " + pr["html_url"])
        """;

    /// <summary>Publishes the drift verb's Prometheus exposition to the Pushgateway, grouped by namespace, model and version.</summary>
    public const string Publish = """
        import os, urllib.request
        url = "/".join([os.environ["PUSHGATEWAY_URL"], "metrics/job/model-drift/namespace", os.environ["NAMESPACE"],
                        "model", os.environ["MODEL_NAME"], "version", os.environ["MODEL_VERSION"]])
        body = open("/work/out/drift.prom", "rb").read()
        req = urllib.request.Request(url, data=body, method="PUT", headers={"Content-Type": "text/plain; version=0.0.4"})
        urllib.request.urlopen(req, timeout=30).close()
        print("published drift scores for " + os.environ["MODEL_NAME"])
        """;
}
