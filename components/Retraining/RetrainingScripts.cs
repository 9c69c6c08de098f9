namespace Supplychain.Components.Retraining;

/// <summary>
/// The small glue steps of the workflows, as Python (standard library only) run by <see cref="RetrainingScripts.Image"/>.
/// Each reads its inputs from files and environment variables the template sets, and writes outputs to files Argo
/// collects; none prints a credential.
/// </summary>
public static class RetrainingScripts
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
    /// Edits a model's declaration in place, line by line on the block style the stack and catalog files use (two-space
    /// indents, one key per line), so comments and the rest of the file stay as reviewers know them: the entry
    /// <c>- name: MODEL</c> of <c>supplychain:models</c> in <c>Pulumi.STACK.yaml</c>, or <c>releases.RELEASE</c> of a catalog
    /// file. Sets version, artifact, the lineage's dataset digest (the one the evaluation record measured, which LIN015
    /// compares), dataset version, training run, metrics (declared ones and gated ones, from the record), cites the record
    /// (<c>lineage.evaluation</c>) and resets approval to pending. What it cannot find or edit raises <c>EditError</c>
    /// instead of guessing. Kept apart from <see cref="Propose"/> so tests run it on the real files.
    /// </summary>
    public const string ReleaseEditor = """
        import json, re

        class EditError(Exception):
            pass

        KEY = re.compile(r"^(\s*)(- )?([^\s#'\"{}\[\],-][^#]*?):(?:[ \t]+(.*?))?[ \t]*$")

        def _content(line):
            s = line.strip()
            return bool(s) and not s.startswith("#")

        def _indent(line):
            return len(line) - len(line.lstrip(" "))

        def _end(lines, i, indent):
            # After the last content line of the block under line i (content lines deeper than indent); trailing comments stay outside.
            last, j = i, i + 1
            while j < len(lines):
                if _content(lines[j]):
                    if _indent(lines[j]) <= indent:
                        break
                    last = j
                j += 1
            return last + 1

        def _node(lines, i, own):
            # A mapping opened at line i whose key (or list dash) sits at column own: (line, column of its keys, end).
            end = _end(lines, i, own)
            column = next((_indent(lines[j]) for j in range(i + 1, end) if _content(lines[j])), own + 2)
            return (i, column, end)

        def _find(lines, node, key):
            i, column, end = node
            for j in range(i + 1, end):
                if _content(lines[j]) and _indent(lines[j]) == column:
                    m = KEY.match(lines[j])
                    if m and not m.group(2) and m.group(3) == key:
                        return j
            return None

        def _unquote(text):
            text = (text or "").strip()
            return text[1:-1] if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"" else text

        def _child(lines, node, key, where):
            j = _find(lines, node, key)
            if j is None:
                return None
            value = KEY.match(lines[j]).group(4)
            if value:
                raise EditError(where + "." + key + " is written inline (" + value.strip()[:40] + "); expected a block mapping, one key per line")
            return _node(lines, j, _indent(lines[j]))

        def _root(lines, path, model, release):
            top = (-1, 0, len(lines))
            if release:
                releases = _child(lines, top, "releases", path)
                entry = releases and _child(lines, releases, release, path + ": releases")
                if entry is None:
                    raise EditError(path + ": no release '" + release + "' under releases:")
                return entry
            config = _child(lines, top, "config", path)
            models = config and _child(lines, config, "supplychain:models", path + ": config")
            if models is None:
                raise EditError(path + ": no config: supplychain:models: block")
            i, column, end = models
            for j in range(i + 1, end):
                m = KEY.match(lines[j])
                if m and m.group(2) and _indent(lines[j]) == column and m.group(3) == "name" and _unquote(m.group(4)) == model:
                    return (j, column + 2, _end(lines, j, column))
            raise EditError(path + ": no model entry '- name: " + model + "' in supplychain:models")

        PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_./@:+=-]*$")

        def _scalar(text):
            # Plain when YAML reads it back as this very string; quoted (JSON is valid YAML) when it would read as a number, boolean, null or date.
            try:
                float(text)
                return json.dumps(text)
            except ValueError:
                pass
            if PLAIN.match(text) and text.lower() not in ("true", "false", "yes", "no", "on", "off", "null", "y", "n") and not re.match(r"^\d{4}-\d\d-\d\d", text):
                return text
            return json.dumps(text)

        def _render(key, value, column):
            pad = " " * column
            if isinstance(value, dict):
                out = [pad + key + ":"]
                for k, v in value.items():
                    out += _render(k, v, column + 2)
                return out
            if isinstance(value, str):
                return [pad + key + ": " + _scalar(value)]
            return [pad + key + ": " + repr(value)]

        def _set(lines, path, model, release, keys, value):
            node, where = _root(lines, path, model, release), path
            for key in keys[:-1]:
                child = _child(lines, node, key, where)
                if child is None:
                    lines[node[2]:node[2]] = _render(key, {}, node[1])
                    child = _child(lines, node, key, where)
                node, where = child, where + "." + key
            j = _find(lines, node, keys[-1])
            new = _render(keys[-1], value, node[1])
            if j is None:
                lines[node[2]:node[2]] = new
            else:
                lines[j:_end(lines, j, _indent(lines[j]))] = new

        def _keys(lines, path, model, release, keys):
            node, where = _root(lines, path, model, release), path
            for key in keys:
                node = _child(lines, node, key, where)
                if node is None:
                    return []
                where += "." + key
            i, column, end = node
            return [KEY.match(lines[j]).group(3) for j in range(i + 1, end)
                    if _content(lines[j]) and _indent(lines[j]) == column and KEY.match(lines[j])]

        # Where the pull request commits the evaluation record, and the sha256 of its exact bytes (what LIN014 verifies).
        def cite(model, version, record_bytes):
            import hashlib
            return {"uri": "evaluations/" + model + "/" + version + ".json", "digest": "sha256:" + hashlib.sha256(record_bytes).hexdigest()}

        # The model's entry (Pulumi.STACK.yaml, release "") or release (a catalog file) with the retrained version, artifact and lineage:
        # declared metrics and the gated ones take the record's values, the record is cited, and approval is reset to pending.
        def edit_release(text, path, model, release, version, artifact_uri, model_digest, dataset_version, run_id, record, evaluation):
            lines = text.split("\n")
            metrics = {k: v for k, v in record.get("metrics", {}).items() if isinstance(v, (int, float)) and v == v and abs(v) != float("inf")}
            declared = _keys(lines, path, model, release, ["lineage", "metrics"])
            gated = list(record.get("thresholds", {}).get("minimum", {}))
            changes = [(["version"], version), (["artifact", "uri"], artifact_uri), (["artifact", "digest"], model_digest),
                       (["lineage", "datasetDigest"], record["dataset"]["digest"]), (["lineage", "datasetVersion"], dataset_version),
                       (["lineage", "trainingRun"], run_id)]
            changes += [(["lineage", "metrics", k], round(float(metrics[k]), 6)) for k in declared + [g for g in gated if g not in declared] if k in metrics]
            changes += [(["lineage", "evaluation"], {"uri": evaluation["uri"], "digest": evaluation["digest"]}),
                        (["lineage", "approval"], {"status": "pending"})]
            for keys, value in changes:
                _set(lines, path, model, release, keys, value)
            return "\n".join(lines)
        """;

    /// <summary>
    /// Opens the pull request (GitHub REST API): one commit on a new branch holding the model's edited declaration
    /// (<c>MODEL_FILE</c>: <c>Pulumi.STACK.yaml</c>, or the catalog file with <c>RELEASE</c> the release key) and the evaluation
    /// record it cites, committed under <c>evaluations/MODEL/VERSION.json</c> with its exact bytes (the digest the lineage declares).
    /// </summary>
    public const string Propose = ReleaseEditor + "\n" + """
        import base64, json, os, urllib.parse, urllib.request
        repo, base, name = os.environ["REPOSITORY"], os.environ["BASE_BRANCH"], os.environ["MODEL_NAME"]
        path, release, version = os.environ["MODEL_FILE"], os.environ["RELEASE"], os.environ["NEW_VERSION"]
        token = open("/var/run/github/token").read().strip()
        def call(method, route, body=None):
            req = urllib.request.Request("https://api.github.com/repos/" + repo + route, method=method,
                                         data=None if body is None else json.dumps(body).encode(),
                                         headers={"Authorization": "Bearer " + token, "Accept": "application/vnd.github+json"})
            with urllib.request.urlopen(req, timeout=30) as r:
                return json.load(r)
        record_bytes = open("/work/evaluation/evaluation.json", "rb").read()
        record = json.loads(record_bytes)
        if record.get("verdict") != "passed":
            raise SystemExit("evaluation verdict is " + str(record.get("verdict")) + ", not passed: nothing to propose")
        evaluation = cite(name, version, record_bytes)
        current = call("GET", "/contents/" + urllib.parse.quote(path) + "?ref=" + urllib.parse.quote(base))
        text = base64.b64decode(current["content"]).decode()
        try:
            edited = edit_release(text, path, name, release, version, os.environ["ARTIFACT_URI"], os.environ["MODEL_DIGEST"],
                                  os.environ["DATASET_VERSION"], os.environ["RUN_ID"], record, evaluation)
        except EditError as e:
            raise SystemExit(str(e))
        # One commit holds the edited config and the record it cites, so the pull request is reviewed (and LIN014 checks it) as a whole.
        head = call("GET", "/git/ref/heads/" + base)["object"]["sha"]
        tree = call("POST", "/git/trees", {"base_tree": call("GET", "/git/commits/" + head)["tree"]["sha"], "tree": [
            {"path": path, "mode": "100644", "type": "blob", "content": edited},
            {"path": evaluation["uri"], "mode": "100644", "type": "blob", "content": record_bytes.decode()}]})["sha"]
        commit = call("POST", "/git/commits", {"message": "Retrain " + name + " " + version, "tree": tree, "parents": [head]})["sha"]
        branch = "retrain/" + name + "-" + version
        call("POST", "/git/refs", {"ref": "refs/heads/" + branch, "sha": commit})
        where = path + (" (release " + release + ")" if release else "")
        pr = call("POST", "/pulls", {"title": "Retrain " + name + " -> " + version, "head": branch, "base": base,
                                     "body": "Retrained by workflow " + os.environ["WORKFLOW_NAME"] + " (" + os.environ["TRIGGER"] + ").\n\n"
                                             + "Updates " + where + " and adds the evaluation record " + evaluation["uri"] + " (" + evaluation["digest"] + ").\n"
                                             + "Evaluation verdict: " + str(record.get("verdict")) + ". MLflow run " + os.environ["RUN_ID"]
                                             + "; training dataset snapshot " + os.environ["TRAINING_DATASET_DIGEST"] + ".\n"
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
