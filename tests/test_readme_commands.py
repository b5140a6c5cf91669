"""Every shell command README.md shows (indented blocks and ```sh/```bash fences), run as
written from the root of a scratch copy of the checkout, or listed below by its exact text
with what proves it instead. A command README gains that is in neither list fails
`test_every_readme_command_is_classified`: adding one is a line in COMMANDS."""
from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO, SHELL, Block, readme_blocks, run


@dataclass(frozen=True)
class Run:
    """Run as written (bash -c, from the root of a scratch copy of the checkout): its exit
    status, text its output must hold, the output README shows after it (exactly), the files
    it must leave (a folder: with that many files). needs="node": the pinned npm tools."""
    status: int = 0
    shows: str = ""
    as_shown: bool = False
    makes: tuple[tuple[str, int], ...] = ()
    needs: str = ""
    setup: Callable[[Path, Block], None] | None = None


@dataclass(frozen=True)
class Background:
    """A server the block starts with `&`: started (without the `&`), waited for on its
    port, stopped when the block's other commands have run."""
    port: int
    needs: str = ""


@dataclass(frozen=True)
class Proved:
    """Not run here: the named test runs its equivalent (checked to exist)."""
    test: str
    why: str


@dataclass(frozen=True)
class NotRun:
    why: str


@dataclass(frozen=True)
class Synopsis:
    """A usage line: every --option in it is one `sagemaker-schema SUB --help` lists."""


def _bad_json(workdir: Path, block: Block) -> None:
    """The response README's `validate bad.json` reports: the example with a status that
    does not exist and EndTime misspelt (moved to the end, as an editor's rename leaves it)."""
    doc = json.loads((workdir / "examples" / "tabular-completed.json").read_text())
    bad = {k: v for k, v in doc.items() if k != "EndTime"} | {"AutoMLJobStatus": "Done", "EndTme": doc["EndTime"]}
    (workdir / "bad.json").write_text(json.dumps(bad, indent=2) + "\n")


def _accepted_drift(workdir: Path, block: Block) -> None:
    # the file as README's `cat drift-accepted.json` shows it
    (workdir / "drift-accepted.json").write_text(dict(block.session)["cat drift-accepted.json"])


NODE_NOTE = "ajv, Redocly and Prism from the pinned npm packages (scripts/check_other_tools.py installs them once)"
COMMANDS: dict[str, Run | Background | Proved | NotRun | Synopsis] = {
    # install and test
    "pip install . && sagemaker-schema validate examples/tabular-completed.json":
        Proved("tests/test_install.py::test_wheel_in_fresh_venv_validates_from_elsewhere", "a wheel of this checkout into a fresh venv, then validate"),
    "pip install '.[test]' && python -m pytest":
        Proved("tests/test_install.py::test_readme_gives_the_two_commands_and_ci_runs_the_test_one", "CI's .ci/run runs exactly this line"),
    "HYPOTHESIS_PROFILE=random python -m pytest":
        NotRun("the whole suite with new draws: a separate CI job, not a test of the suite it belongs to"),
    "pip install 'sagemaker-schema[live]'":
        NotRun("needs PyPI, where no release is published yet; the extras from a wheel: tests/test_install.py"),
    # command line
    "sagemaker-schema validate [--operation OPERATION] [--format text|json|junit|github|sarif] [--allow-unknown | --strict] [--allow-unknown-members] [--fail-on error|warning] [--input-format json|yaml] [--max-violations N] [--jsonl [--jobs N [--force-jobs]] | --transcript] FILE...": Synopsis(),
    "sagemaker-schema rules [RULE] [--format text|json|markdown]": Synopsis(),
    "sagemaker-schema drift [--format text|json] [--verbose] [--explained FILE]...": Synopsis(),
    "sagemaker-schema --version": Run(shows="sagemaker-schema "),
    "sagemaker-schema generate [--operation OP] [--count N] [--seed S] [--out DIR [--force]] [--problem-type T] [--status S] [--form F] [--invalid [RULE]]": Synopsis(),
    "sagemaker-schema generate --lifecycle [--seed S] [--problem-type T] [--outcome O] [--out DIR [--force]]": Synopsis(),
    "sagemaker-schema bundle [--out DIR | --form schema|openapi|openapi-mock] [--operation OP]": Synopsis(),
    "sagemaker-schema serve [--host 127.0.0.1] [--port 0] [--seed S] [--scenario FILE] [--transcript FILE] [--advance describe|clock|manual] [--break RULE]... [--newer KIND]...": Synopsis(),
    "sagemaker-schema validate bad.json": Run(status=1, as_shown=True, setup=_bad_json),
    # drift
    "AWS_DATA_PATH=newer sagemaker-schema drift":
        Proved("tests/test_drift.py::test_changed_model_exit_1_names_each_of_the_four", "a changed model under AWS_DATA_PATH, the four kinds shown"),
    "cat drift-accepted.json": NotRun("shows the file the next command reads; the test writes it from this output"),
    "sagemaker-schema drift --explained drift-accepted.json": Run(shows="matches no difference (stale?)", setup=_accepted_drift),
    # generating
    "sagemaker-schema generate --count 200 --seed 1 --out tests/fixtures/generated": Run(makes=(("tests/fixtures/generated", 200),)),
    "sagemaker-schema generate --count 5 --problem-type Tabular --status Failed --form boto3 --out fx": Run(makes=(("fx", 5),)),
    "sagemaker-schema generate --invalid --count 90 --out tests/fixtures/broken   # every error rule in turn": Run(makes=(("tests/fixtures/broken", 90),)),
    "sagemaker-schema generate --invalid forecast-frequency --count 3               # JSON lines on stdout": Run(shows='{"rule": "forecast-frequency", "response": {'),
    "sagemaker-schema generate --operation create-auto-ml-job-v2 --count 5 --problem-type Tabular --out requests": Run(makes=(("requests", 5),)),
    "sagemaker-schema generate --operation create-auto-ml-job-v2 --invalid --count 43 --out broken-requests": Run(makes=(("broken-requests", 43),)),
    "sagemaker-schema generate --operation list-candidates-for-auto-ml-job --count 3 --form boto3": Run(shows='"ResponseMetadata": {'),
    "sagemaker-schema generate --operation list-auto-ml-jobs --count 3          # also stop-auto-ml-job, *-request": Run(shows='{"AutoMLJobSummaries": ['),
    # one job's lifecycle: its calls as lines (then checked as a transcript), or a file per document
    "sagemaker-schema generate --lifecycle --seed 1 --problem-type Tabular --outcome Stopped > job.jsonl": Run(makes=(("job.jsonl", 0),)),
    "sagemaker-schema validate --transcript job.jsonl": Run(shows="job.jsonl:1 CreateAutoMLJobV2 request: valid"),
    "sagemaker-schema generate --lifecycle --seed 1 --outcome Failed --out lifecycle": Run(makes=(("lifecycle", 5),)),
    # the local endpoint: started in the background, then a boto3 client against it
    "sagemaker-schema serve --port 8765 --seed 1 --scenario docs/serve-scenario.yaml --transcript calls.jsonl &": Background(port=8765),
    "python -c \"import boto3; c = boto3.client('sagemaker', region_name='us-east-1', endpoint_url='http://127.0.0.1:8765', aws_access_key_id='x', aws_secret_access_key='x'); print(c.list_auto_ml_jobs()['AutoMLJobSummaries'])\"":
        Run(shows="[]", makes=(("calls.jsonl", 0),)),
    # other tools
    "datamodel-codegen --input schemas/bundled/create-auto-ml-job-v2-request.json --input-file-type jsonschema --output-model-type pydantic_v2.BaseModel --class-name CreateAutoMLJobV2Request --output request_models.py":
        Run(makes=(("request_models.py", 0),)),
    "npx -y -p ajv-cli@5.0.0 -p ajv-formats@3.0.1 ajv validate --spec=draft2020 -c ajv-formats -s schemas/describe-auto-ml-job-v2-response.json -r 'schemas/!(*-request|*-response).json' -d examples/tabular-completed.json":
        Run(shows="examples/tabular-completed.json valid", needs="node"),
    "check-jsonschema --schemafile schemas/describe-auto-ml-job-v2-response.json examples/tabular-completed.json": Run(shows="ok -- validation done"),
    "npx -y @redocly/cli@2.77.0 lint schemas/openapi.yaml": Run(shows="Your API description is valid", needs="node"),
    "npx -y @stoplight/prism-cli@5.14.2 mock -h 127.0.0.1 schemas/bundled/openapi-mock.yaml &": Background(port=4010, needs="node"),
    "curl -s -X POST http://127.0.0.1:4010/ -H 'Content-Type: application/json' -H 'X-Amz-Target: SageMaker.DescribeAutoMLJobV2' -H 'Authorization: AWS4-HMAC-SHA256 Credential=x' -d '{\"AutoMLJobName\": \"my-job\"}' | sagemaker-schema validate -":
        Run(shows="<stdin>: valid", needs="node"),
    # contract testing in CI
    "sagemaker-schema validate --format junit examples/*.json > sagemaker-schema.xml": Run(makes=(("sagemaker-schema.xml", 0),)),
    "sagemaker-schema validate --format github examples/*.json": Run(),
    "sagemaker-schema validate --format sarif examples/*.json > sagemaker-schema.sarif": Run(makes=(("sagemaker-schema.sarif", 0),)),
    "pre-commit try-repo PATH-OR-URL-OF-THIS-REPOSITORY sagemaker-schema-validate --files tests/fixtures/sagemaker/*.json":
        Proved("tests/test_pre_commit.py::test_hooks_file_installs_and_runs_with_try_repo", "the placeholder is this checkout there, in a user's scratch repository"),
    # live check, moto, schemathesis
    "sagemaker-schema validate --job-name my-job --region us-east-1": NotRun("calls AWS with the caller's credentials; the same path against moto: the next command"),
    "sagemaker-schema validate --job-name my-job --endpoint-url http://127.0.0.1:5000 --region us-east-1":
        Proved("tests/test_moto_server.py::test_live_check_reports_exactly_the_listed_rules", "against moto on a free port of 127.0.0.1"),
    "job:my-job: error: no AutoML job named 'my-job' (ResourceNotFound: Could not find AutoML job with name my-job.)":
        Proved("tests/test_moto_server.py::test_live_check_job_that_does_not_exist", "output shown, not a command: this line, for a job moto does not have"),
    "SCHEMATHESIS_HOOKS=tests/schemathesis_hooks.py st run schemas/openapi.yaml --url http://127.0.0.1:5000 -H 'Authorization: AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=0' --max-examples 20 --continue-on-failure":
        Proved("tests/test_moto_server.py::test_schemathesis_against_moto", "the same st run against moto on a free port"),
}

SHELL_BLOCKS = [block for block in readme_blocks() if block.language in SHELL]
RUN_BLOCKS = [block for block in SHELL_BLOCKS if any(isinstance(COMMANDS.get(c), (Run, Background)) for c in block.commands)]


def test_every_readme_command_is_classified():
    shown = [command for block in SHELL_BLOCKS for command in block.commands]
    new = [command for command in shown if command not in COMMANDS]
    assert new == [], f"README shows commands this test neither runs nor lists: add each to COMMANDS in {Path(__file__).name}"
    stale = [command for command in COMMANDS if command not in shown]
    assert stale == [], "COMMANDS lists commands README no longer shows"
    assert len(RUN_BLOCKS) >= 8 and sum(isinstance(COMMANDS[c], Run) for c in shown) >= 15  # most of them run


@pytest.mark.parametrize("command", [c for c, kind in COMMANDS.items() if isinstance(kind, Proved)])
def test_what_proves_a_command_not_run_here_exists(command):
    path, _, name = COMMANDS[command].test.partition("::")
    assert re.search(rf"^def {name}\(", (REPO / path).read_text(encoding="utf-8"), re.M), COMMANDS[command].test


@pytest.mark.parametrize("command", [c for c, kind in COMMANDS.items() if isinstance(kind, Synopsis)])
def test_synopsis_names_only_options_the_command_has(command):
    sub = command.split()[1]
    shown = run([sys.executable, "-m", "sagemaker_schema", sub, "--help"], text=True, check=True).stdout
    options = set(re.findall(r"--[a-z][a-z-]*", command))
    assert options and {option for option in options if not re.search(rf"{option}\b", shown)} == set(), shown


@pytest.fixture(scope="module")
def node_tools():
    """The folder holding the pinned npm packages' node_modules, installed once."""
    if not (shutil.which("node") and shutil.which("npm")):
        pytest.skip("node and npm are not installed: " + NODE_NOTE)
    import runpy

    script = runpy.run_path(str(REPO / "scripts" / "check_other_tools.py"))
    default = os.environ.get("SAGEMAKER_SCHEMA_NODE_TOOLS") or Path.home() / ".cache" / "sagemaker-schema" / "node-tools"
    return script["install"](Path(default)).parent.parent, script["QUIET"]


def _copy(tmp_path: Path) -> Path:
    workdir = tmp_path / "checkout"
    shutil.copytree(REPO, workdir, ignore=shutil.ignore_patterns(".git", ".ci", "node_modules", "__pycache__", ".*_cache", "*.egg-info"))
    return workdir


def _environment(workdir: Path, block: Block, request) -> dict:
    env = {"PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}  # sagemaker-schema, check-jsonschema
    if any(getattr(COMMANDS.get(c), "needs", "") == "node" for c in block.commands):
        tools, quiet = request.getfixturevalue("node_tools")
        # npx finds the pinned packages in the project's node_modules: nothing is downloaded
        for name in ("package.json", "package-lock.json"):
            shutil.copy(tools / name, workdir / name)
        (workdir / "node_modules").symlink_to(tools / "node_modules")
        env |= {**quiet, "npm_config_offline": "true"}
    return env


def _start(command: str, port: int, workdir: Path, env: dict) -> subprocess.Popen:
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            pytest.skip(f"port {port}, which README's commands name, is in use on this machine")
    server = subprocess.Popen(["bash", "-c", command.removesuffix("&").strip()], cwd=workdir, env={**os.environ, **env},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 90  # a hang guard: Prism starts in about 5 s
    while time.monotonic() < deadline and server.poll() is None:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return server
        time.sleep(0.3)
    _stop(server)
    raise AssertionError(f"{command!r} did not listen on {port} (exit status {server.poll()})")


def _stop(server: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)  # the process group _start made
    server.wait(timeout=30)


@pytest.mark.parametrize("block", RUN_BLOCKS, ids=lambda block: f"README.md:{block.line}")
def test_readme_block_runs_as_written(block, tmp_path, request):
    workdir = _copy(tmp_path)
    env = _environment(workdir, block, request)
    servers = []
    try:
        for command, output in block.session:
            kind = COMMANDS[command]
            if isinstance(kind, Background):
                servers.append(_start(command, kind.port, workdir, env))
            if not isinstance(kind, Run):
                continue
            if kind.setup:
                kind.setup(workdir, block)
            result = run(["bash", "-c", command], cwd=workdir, env=env, text=True, timeout=120)
            said = f"{command}\nexit {result.returncode}\nstdout: {result.stdout[-2000:]}\nstderr: {result.stderr[-2000:]}"
            assert result.returncode == kind.status, said
            assert kind.shows in result.stdout + result.stderr, said
            if kind.as_shown:
                assert result.stdout == output, said
            for name, count in kind.makes:
                made = workdir / name
                assert made.exists(), said
                if count:
                    assert len(list(made.iterdir())) == count, said
    finally:
        for server in servers:
            _stop(server)

