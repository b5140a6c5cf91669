"""Do the common tools load the schema files unmodified, and agree with our validator?

On one set of generated responses (`sagemaker-schema generate`: valid ones in the wire and
boto3-json forms, and `--invalid` ones breaking every error rule in turn), side by side:
- ajv-cli with ajv-formats (`--spec=draft2020`, ajv's default strict mode) on the split
  files (`-r` each referenced file) and on the bundled schema;
- check-jsonschema (PyPI, from the test extras) on the split files and on the bundle;
each must call a document invalid exactly when our validator reports a schema-layer rule
(the Python-layer rules live outside the schema files, so those documents are valid to
them). The same for the other entry points, from their root files and their bundles:
generated CreateAutoMLJobV2 requests (valid and `--invalid`) and ListCandidatesForAutoMLJob
pages (valid, and a few broken by hand). Then:
- Redocly CLI lint of schemas/openapi.yaml and of both bundled OpenAPI documents: 0 errors;
- Prism's mock server on schemas/bundled/openapi-mock.yaml: the response it serves passes
  our validator, and Prism's own check of its response finds no violation; on
  schemas/openapi.yaml it starts (every $ref resolved) and answers that it cannot
  serialise application/x-amz-json-1.1, the reason for the mock variant; CreateAutoMLJobV2,
  at its own path item (reached with the fragment escaped, `/%23X-Amz-Target=...`: a real
  client's POST / goes to DescribeAutoMLJobV2), takes a generated valid request and refuses
  one that breaks a request rule.

The npm packages are installed pinned (PINS) into a cache folder outside the repository,
once: --tools DIR, default $SAGEMAKER_SCHEMA_NODE_TOOLS or ~/.cache/sagemaker-schema/node-tools.
Nothing but the npm registry is contacted (telemetry and update checks are switched off),
and the mock server listens on 127.0.0.1 only.

Prints a JSON report. Exit status: 0 every tool loads the files and agrees, 1 a tool
disagrees or reports an error, 2 node/npm missing or the install failed.
Run: python scripts/check_other_tools.py [--tools DIR] [--count N]
"""
from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = REPO / "schemas"
ROOT = "describe-auto-ml-job-v2-response.json"
# @stoplight/prism-cli 5.15+ needs node 24; 5.14.2 is the newest that runs on node 20
PINS = {"ajv-cli": "5.0.0", "ajv-formats": "3.0.1", "@redocly/cli": "2.77.0", "@stoplight/prism-cli": "5.14.2"}
QUIET = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true", "NO_UPDATE_NOTIFIER": "1",
         "SCARF_ANALYTICS": "false", "DO_NOT_TRACK": "1", "NPM_CONFIG_UPDATE_NOTIFIER": "false"}


class Missing(Exception):
    """node/npm absent, or the pinned packages could not be installed."""


def _env() -> dict:
    return {**os.environ, **QUIET}


def install(tools: Path) -> Path:
    """The pinned npm packages in tools/node_modules (installed once; a lock makes
    concurrent runs wait for each other). Returns the folder of their commands."""
    if not (shutil.which("node") and shutil.which("npm")):
        raise Missing("node and npm are needed (https://nodejs.org)")
    tools.mkdir(parents=True, exist_ok=True)
    stamp, bin_dir = tools / "pins.json", tools / "node_modules" / ".bin"
    with open(tools / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        wanted = json.dumps(PINS, sort_keys=True)
        if stamp.exists() and stamp.read_text() == wanted and all((bin_dir / b).exists() for b in ("ajv", "redocly", "prism")):
            return bin_dir
        specs = [f"{name}@{version}" for name, version in PINS.items()]
        # --ignore-scripts: no install script is needed, and one of them phones home
        run = subprocess.run(["npm", "install", "--prefix", str(tools), "--no-audit", "--no-fund", "--ignore-scripts", *specs],
                             capture_output=True, text=True, env=_env(), timeout=600)
        if run.returncode != 0:
            raise Missing(f"npm install failed: {run.stderr.strip().splitlines()[-1:]}")
        stamp.write_text(wanted)
    return bin_dir


def versions(bin_dir: Path) -> dict:
    found = {"node": subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()}
    for name in PINS:
        found[name] = json.loads((bin_dir.parent / name / "package.json").read_text())["version"]
    found["ajv"] = json.loads((bin_dir.parent / "ajv" / "package.json").read_text())["version"]
    found["check-jsonschema"] = _check_jsonschema_version()
    return found


def _check_jsonschema_version() -> str | None:
    try:
        from importlib.metadata import version

        return version("check-jsonschema")
    except Exception:
        return None


def generate(folder: Path, count: int) -> list[Path]:
    """Generated documents, as files: valid wire, valid boto3-json, and invalid ones."""
    cli = [sys.executable, "-m", "sagemaker_schema", "generate"]
    rules = json.loads(subprocess.run([sys.executable, "-m", "sagemaker_schema", "rules", "--format", "json"],
                                      capture_output=True, text=True, check=True).stdout)
    errors = sum(r["severity"] == "error" for r in rules)
    runs = [
        ("valid", ["--count", str(count), "--seed", "1"]),
        ("boto3", ["--count", str(max(count // 3, 1)), "--seed", "2", "--form", "boto3-json"]),
        ("invalid", ["--invalid", "--count", str(2 * errors), "--seed", "3"]),
    ]
    for name, args in runs:
        subprocess.run([*cli, *args, "--out", str(folder / name)], capture_output=True, check=True, timeout=300)
    return sorted(folder.glob("*/*.json"))


# The other operations' documents (their roots are entry points too): valid ones, and
# requests that break each error rule in turn (a candidate list has no --invalid)
OTHER_OPERATIONS = {"create-auto-ml-job-v2": ("create-auto-ml-job-v2-request.json", True),
                    "list-candidates-for-auto-ml-job": ("list-candidates-for-auto-ml-job-response.json", False)}


def generate_other(folder: Path, operation: str, count: int, invalid: bool) -> list[Path]:
    cli = [sys.executable, "-m", "sagemaker_schema", "generate", "--operation", operation, "--seed", "4"]
    runs = [("valid", ["--count", str(count)])] + ([("invalid", ["--invalid", "--count", str(2 * count)])] if invalid else [])
    for name, args in runs:
        subprocess.run([*cli, *args, "--out", str(folder / name)], capture_output=True, check=True, timeout=300)
    if not invalid:  # no generator of broken ones: an unknown member, and a status that does not exist
        valid = sorted((folder / "valid").glob("*.json"))
        (folder / "invalid").mkdir()
        for i, path in enumerate(valid[:10]):
            doc = json.loads(path.read_text())
            if i % 2 == 0 or not doc.get("Candidates"):
                doc["Unknown"] = i
            else:
                doc["Candidates"][0]["CandidateStatus"] = "Done"
            (folder / "invalid" / path.name).write_text(json.dumps(doc))
    return sorted(folder.glob("*/*.json"))


def our_verdicts(files: list[Path], operation: str = "describe-auto-ml-job-v2") -> dict[str, bool]:
    """file -> True when our validator finds a schema-layer violation (what a plain JSON
    Schema validator over the files must find too)."""
    from sagemaker_schema import validate
    from sagemaker_schema.catalogue import rules

    layer = {r.id: r.layer for r in rules().values()}
    return {str(f): any(layer[v.rule] == "schema" for v in validate(f.read_bytes(), operation=operation)) for f in files}


def ajv(bin_dir: Path, schema: Path, refs: list[Path], folder: Path) -> tuple[dict[str, bool], dict]:
    command = [str(bin_dir / "ajv"), "validate", "--spec=draft2020", "-c", "ajv-formats", "-s", str(schema)]
    for ref in refs:
        command += ["-r", str(ref)]
    command += ["-d", str(folder / "*" / "*.json")]
    run = subprocess.run(command, capture_output=True, text=True, env=_env(), timeout=300)
    verdicts = {}
    for line in (run.stdout + run.stderr).splitlines():
        match = re.fullmatch(r"(\S+\.json) (valid|invalid)", line)
        if match:
            verdicts[match[1]] = match[2] == "invalid"
    notes = {"exit": run.returncode, "strict-mode log lines": sum("strict mode:" in line for line in run.stderr.splitlines())}
    if not verdicts:
        notes["output"] = (run.stdout + run.stderr).strip().splitlines()[:5]
    return verdicts, notes


def check_jsonschema(schema: Path, files: list[Path]) -> tuple[dict[str, bool], dict]:
    run = subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), "-o", "json", *map(str, files)],
                         capture_output=True, text=True, timeout=300, cwd="/")  # any working directory works
    try:
        report = json.loads(run.stdout)
    except ValueError:
        return {}, {"exit": run.returncode, "output": (run.stdout + run.stderr).strip().splitlines()[:5]}
    failing = {error["filename"] for error in report["errors"]}
    return {str(f): str(f) in failing for f in files}, {"exit": run.returncode, "parse errors": len(report.get("parse_errors", []))}


def redocly(bin_dir: Path, document: Path) -> dict:
    # --max-problems: it lists only the first 100 by default, which hides whole rules
    run = subprocess.run([str(bin_dir / "redocly"), "lint", str(document), "--format=json", "--max-problems=100000"],
                         capture_output=True, text=True, env=_env(), timeout=300)
    try:
        report = json.loads(run.stdout)
    except ValueError:
        return {"errors": None, "output": (run.stdout + run.stderr).strip().splitlines()[-5:]}
    problems = report["problems"]
    return {
        "errors": report["totals"]["errors"],
        "warnings": report["totals"]["warnings"],
        "error messages": sorted({f"{p['ruleId']}: {p['message']}" for p in problems if p["severity"] == "error"})[:10],
        "warning rules": dict(sorted(Counter(p["ruleId"] for p in problems if p["severity"] == "warn").items())),
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/sagemaker/aws4_request"


def _prism_session(bin_dir: Path, document: Path, calls: list[tuple[str, str, bytes, str]]) -> list[dict] | dict:
    """Start Prism's mock on 127.0.0.1 and make each call (path, X-Amz-Target, body, media
    type) in turn: [{status, content type, body, Prism's own VALIDATOR errors for it}], or
    {served: None, ...} when it never answered."""
    port = _free_port()
    log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115  read on every way out; gone when collected
    server = subprocess.Popen([str(bin_dir / "prism"), "mock", "-h", "127.0.0.1", "-p", str(port), str(document)],
                              stdout=log, stderr=subprocess.STDOUT, env=_env(), start_new_session=True)
    answers: list[dict] = []
    try:
        deadline = time.monotonic() + 90  # a hang guard: it starts in about 5 s
        for path, target, data, media_type in calls:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}", data=data, method="POST",
                headers={"Content-Type": media_type, "X-Amz-Target": target, "Authorization": AUTHORIZATION},
            )
            seen = log.tell()
            while True:
                try:
                    with urllib.request.urlopen(request, timeout=30) as response:
                        status, served_type, body = response.status, response.headers.get("Content-Type"), response.read()
                    break
                except urllib.error.HTTPError as exc:  # it answered: the document loaded
                    status, served_type, body = exc.code, exc.headers.get("Content-Type"), exc.read()
                    break
                except (urllib.error.URLError, ConnectionError) as exc:
                    if server.poll() is not None or time.monotonic() > deadline:
                        log.seek(0)
                        return {"served": None, "error": str(exc), "output": log.read().strip().splitlines()[-5:]}
                    time.sleep(0.5)
            time.sleep(0.3)  # Prism logs its check of the call after answering
            log.seek(seen)
            own = [line.split("✖", 1)[-1].strip() for line in log.read().splitlines() if "[VALIDATOR]" in line and "error" in line]
            log.seek(0, os.SEEK_END)
            answers.append({"status": status, "content type": served_type, "body": json.loads(body), "own check": own})
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)  # the process group this function started
        server.wait(timeout=30)
    return answers


def prism(bin_dir: Path, document: Path, media_type: str = "application/json") -> dict:
    """Start Prism's mock on 127.0.0.1, ask it for the DescribeAutoMLJobV2 response, and
    check what it serves with our validator."""
    from sagemaker_schema import validate

    answers = _prism_session(bin_dir, document, [("/", "SageMaker.DescribeAutoMLJobV2", b'{"AutoMLJobName": "my-job"}', media_type)])
    if isinstance(answers, dict):
        return answers
    (answer,) = answers
    document_ = answer["body"]
    if answer["status"] != 200:
        return {"served": answer["status"], "content type": answer["content type"], "problem": document_.get("title")}
    return {
        "served": answer["status"],
        "content type": answer["content type"],
        "our violations": [f"{v.rule} {v.path}" for v in validate(document_)],
        "prism's own check of its response": answer["own check"],
        "job name served": document_.get("AutoMLJobName"),
    }


def prism_create(bin_dir: Path, document: Path) -> dict:
    """The CreateAutoMLJobV2 operation in Prism (mock variant). Its path item is
    `/#X-Amz-Target=SageMaker.CreateAutoMLJobV2`: a client sends POST / (the fragment is
    not sent), which Prism routes to `/`, DescribeAutoMLJobV2, whatever the header says;
    Prism reaches the operation only when the fragment is sent escaped in the path (%23).
    There: a generated valid request passes Prism's check and gets the example ARN, and
    a request breaking a schema rule of the request is refused by Prism's check."""
    from sagemaker_schema import generate, validate

    valid = generate.request(generate.RandomDraw("prism"), "Tabular")
    broken = generate.invalid_request(generate.RandomDraw("prism"), "data-split-not-for-time-series")
    escaped = "/%23X-Amz-Target=SageMaker.CreateAutoMLJobV2"
    calls = [(escaped, "SageMaker.CreateAutoMLJobV2", json.dumps(body).encode(), "application/json") for body in (valid, broken)]
    calls.append(("/", "SageMaker.CreateAutoMLJobV2", json.dumps(valid).encode(), "application/json"))
    answers = _prism_session(bin_dir, document, calls)
    if isinstance(answers, dict):
        return answers
    served, refused, plain = answers
    return {
        "valid request at %23": {"status": served["status"], "prism's own check": served["own check"],
                                 "our violations of the request": [v.rule for v in validate(valid, operation="create-auto-ml-job-v2")],
                                 "AutoMLJobArn served": served["body"].get("AutoMLJobArn")},
        "data-split-not-for-time-series request at %23": {"status": refused["status"], "prism's own check": refused["own check"]},
        "valid request at / (routed to DescribeAutoMLJobV2)": {"status": plain["status"], "prism's own check": plain["own check"][:3]},
    }


def compare(name: str, theirs: dict[str, bool], ours: dict[str, bool], notes: dict) -> dict:
    disagree = sorted(f for f in ours if theirs.get(f) != ours[f])
    return {**notes, "documents": len(theirs), "invalid": sum(theirs.values()),
            "disagreements": [f"{Path(f).parent.name}/{Path(f).name}: ours {'invalid' if ours[f] else 'valid'}, "
                              f"{name} {'missing' if f not in theirs else 'invalid' if theirs[f] else 'valid'}" for f in disagree]}


def _create_ok(create: dict) -> bool:
    if "valid request at %23" not in create:
        return False
    served, refused = create["valid request at %23"], create["data-split-not-for-time-series request at %23"]
    return (served["status"] == 200 and not served["prism's own check"] and not served["our violations of the request"]
            and bool(served["AutoMLJobArn served"]) and refused["status"] >= 400 and bool(refused["prism's own check"]))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = os.environ.get("SAGEMAKER_SCHEMA_NODE_TOOLS") or Path.home() / ".cache" / "sagemaker-schema" / "node-tools"
    parser.add_argument("--tools", type=Path, default=Path(default), help="where the pinned npm packages are installed")
    parser.add_argument("--count", type=int, default=30, help="valid wire responses to generate (default 30)")
    args = parser.parse_args(argv)
    seconds: dict[str, float] = {}
    started = time.monotonic()
    try:
        bin_dir = install(args.tools)
    except (Missing, subprocess.TimeoutExpired, OSError) as exc:
        print(f"check_other_tools: {exc}", file=sys.stderr)
        return 2
    seconds["install"] = round(time.monotonic() - started, 1)
    report: dict = {"versions": versions(bin_dir), "validators": {}, "lint": {}, "seconds": seconds}
    # ajv registers each -r file under its $id: the files others reference have one; the
    # entry points (this root, the request, the candidate list) have none and are not -r
    refs = sorted(p for p in SCHEMAS.glob("*.json") if "$id" in json.loads(p.read_text(encoding="utf-8")))
    bundled = SCHEMAS / "bundled"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        mark = time.monotonic()
        files = generate(folder, args.count)
        ours = our_verdicts(files)
        seconds["generate and our verdicts"] = round(time.monotonic() - mark, 1)
        report["documents"] = {"total": len(files), "schema-layer invalid (ours)": sum(ours.values()),
                               "by folder": {d.name: len(list(d.glob("*.json"))) for d in sorted(folder.iterdir())}}
        runs = {
            "ajv split files": lambda: ajv(bin_dir, SCHEMAS / ROOT, refs, folder),
            "ajv bundle": lambda: ajv(bin_dir, bundled / ROOT, [], folder),
            "check-jsonschema split files": lambda: check_jsonschema(SCHEMAS / ROOT, files),
            "check-jsonschema bundle": lambda: check_jsonschema(bundled / ROOT, files),
        }
        for name, run in runs.items():
            mark = time.monotonic()
            theirs, notes = run()
            report["validators"][name] = compare(name.split()[0], theirs, ours, notes)
            seconds[name] = round(time.monotonic() - mark, 1)
    for operation, (root, invalid) in OTHER_OPERATIONS.items():
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            mark = time.monotonic()
            files = generate_other(folder, operation, 20, invalid)
            ours = our_verdicts(files, operation)
            report["documents"][operation] = {"total": len(files), "schema-layer invalid (ours)": sum(ours.values())}
            verdicts = {
                f"ajv split files {operation}": ajv(bin_dir, SCHEMAS / root, refs, folder),
                f"ajv bundle {operation}": ajv(bin_dir, bundled / root, [], folder),
                f"check-jsonschema split files {operation}": check_jsonschema(SCHEMAS / root, files),
                f"check-jsonschema bundle {operation}": check_jsonschema(bundled / root, files),
            }
            for name, (theirs, notes) in verdicts.items():
                report["validators"][name] = compare(name.split()[0], theirs, ours, notes)
            seconds[operation] = round(time.monotonic() - mark, 1)
    for document in (SCHEMAS / "openapi.yaml", bundled / "openapi.yaml", bundled / "openapi-mock.yaml"):
        mark, name = time.monotonic(), f"redocly {document.relative_to(SCHEMAS).as_posix()}"
        report["lint"][name] = redocly(bin_dir, document)
        seconds[name] = round(time.monotonic() - mark, 1)
    mark = time.monotonic()
    report["prism mock bundled/openapi-mock.yaml"] = prism(bin_dir, bundled / "openapi-mock.yaml")
    # the real document loads too ($refs resolved), but Prism cannot serialise its media type
    report["prism mock openapi.yaml"] = prism(bin_dir, SCHEMAS / "openapi.yaml", "application/x-amz-json-1.1")
    report["prism mock bundled/openapi-mock.yaml CreateAutoMLJobV2"] = prism_create(bin_dir, bundled / "openapi-mock.yaml")
    seconds["prism"] = round(time.monotonic() - mark, 1)
    seconds["total"] = round(time.monotonic() - started, 1)
    json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
    print()
    served = report["prism mock bundled/openapi-mock.yaml"]
    ok = (all(v["documents"] > 0 and not v["disagreements"] for v in report["validators"].values())
          and all(lint["errors"] == 0 for lint in report["lint"].values())
          and served.get("served") == 200 and not served["our violations"] and not served["prism's own check of its response"]
          and report["prism mock openapi.yaml"].get("problem") == "Cannot find serializer for application/x-amz-json-1.1"
          and _create_ok(report["prism mock bundled/openapi-mock.yaml CreateAutoMLJobV2"]))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
