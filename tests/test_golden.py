"""Golden output: every fixture through every output of the package, byte for byte.

Every CLI format, --allow-unknown, --jsonl, the library's violations and messages, the pytest
plugin's wording, `generate` for fixed seeds in every form and `rules`: recorded once in
tests/golden/*.json and compared on every run, so a restructure that changes one byte of
what users see fails here. A document's key is its file name and the hash of its content,
not its folder, so moving fixtures between folders changes nothing.

When an output is meant to change, rewrite the records and review the diff in git:
    SAGEMAKER_SCHEMA_GOLDEN=update python -m pytest tests/test_golden.py
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO, VALID_FOLDERS, apply_patch, base_document, boto3_json, run_cli
from sagemaker_schema import cli, inputs
from sagemaker_schema.pytest_plugin import format_violations
from sagemaker_schema.validator import InvalidResponse, Validator, assert_valid

GOLDEN = REPO / "tests" / "golden"
UPDATE = os.environ.get("SAGEMAKER_SCHEMA_GOLDEN") == "update"
FORMATS = ("text", "json", "junit", "github", "sarif")
SUFFIXES = (".json", ".yaml", ".yml")
# inputs no fixture holds: the one-line errors of each kind of bad input
HOSTILE = {
    "not-an-object.json": b"[1, 2]\n",
    "broken.json": b'{"AutoMLJobName": \n',
    "empty.json": b"",
    "scalar.yaml": b"3\n",
    "duplicate-key.json": b'{"AutoMLJobName": "a", "AutoMLJobName": "b"}\n',
    "not-utf8.json": b'{"AutoMLJobName": "\xff"}\n',
    "nan.json": b'{"AutoMLJobName": NaN}\n',
}


def _fixture_files() -> list[Path]:
    folders = [REPO / "tests" / "fixtures", REPO / "tests" / "rules", EXAMPLES]
    found = [p for f in folders if f.is_dir() for p in f.rglob("*") if p.is_file() and p.suffix in SUFFIXES]
    # request cases (tests/rules/<id>/request-invalid/) are not responses: test_other_operations
    # takes them through `validate --operation create-auto-ml-job-v2`
    found = [p for p in found if "request-invalid" not in p.parts]
    return sorted(found)


def _materialise(path: Path) -> bytes:
    """A JSON Patch case becomes the document it describes; any other file is taken as it is."""
    data = path.read_bytes()
    if path.suffix == ".json":
        try:
            case = json.loads(data)
        except ValueError:
            return data
        if isinstance(case, dict) and set(case) >= {"base", "patch"}:
            document = apply_patch(base_document(case["base"]), case["patch"])
            return json.dumps(document, indent=2, ensure_ascii=False).encode() + b"\n"
    return data


def _name(stem: str, suffix: str, data: bytes) -> str:
    return f"{stem}--{hashlib.sha256(data).hexdigest()[:10]}{suffix}"


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> Path:
    """Every fixture materialised under its key, plus the boto3-JSON form of every valid
    wire document as the package makes it, plus the hostile inputs."""
    out = tmp_path_factory.mktemp("golden")
    for path in _fixture_files():
        data = _materialise(path)
        (out / _name(path.stem, path.suffix, data)).write_bytes(data)
    for path in sorted((REPO / "tests" / "fixtures" / "valid").glob("*.json")) + sorted(EXAMPLES.glob("*.json")):
        # the boto3 form through botocore's parser, saved as JSON: byte for byte the files once
        # kept in tests/fixtures/valid-boto3/, under the same keys
        data = boto3_json(path).encode()
        (out / _name(path.stem, ".json", data)).write_bytes(data)
    for name, data in HOSTILE.items():
        (out / name).write_bytes(data)
    return out


def _cli(args: list[str], cwd: Path | None = None) -> str:
    """The CLI in this process: exit status, standard output, standard error."""
    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    try:
        if cwd:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = cli.main(args)
    finally:
        os.chdir(here)
    text = f"exit {status}\n{out.getvalue()}"
    return text + (f"--- stderr ---\n{err.getvalue()}" if err.getvalue() else "")


def _check(view: str, produced: dict[str, str]) -> None:
    path = GOLDEN / f"{view}.json"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(json.dumps(produced, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
        return
    assert path.exists(), f"no golden record {path.name}: run with SAGEMAKER_SCHEMA_GOLDEN=update"
    recorded = json.loads(path.read_text(encoding="utf-8"))
    missing, added = sorted(set(recorded) - set(produced)), sorted(set(produced) - set(recorded))
    assert not missing and not added, (
        f"{view}: inputs removed {missing[:5]} (of {len(missing)}), added {added[:5]} (of {len(added)}); "
        "if intended, rewrite with SAGEMAKER_SCHEMA_GOLDEN=update and review the diff"
    )
    changed = [key for key in recorded if recorded[key] != produced[key]]
    if changed:
        key = changed[0]
        import difflib

        diff = "".join(difflib.unified_diff(
            recorded[key].splitlines(True), produced[key].splitlines(True), "recorded", "now", n=2))
        pytest.fail(f"{view}: {len(changed)} of {len(recorded)} outputs changed; first, {key}:\n{diff[:4000]}")


def _inputs(documents: Path) -> list[str]:
    return sorted(p.name for p in documents.iterdir() if p.suffix in SUFFIXES)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_fixture_in_every_format(documents, fmt):
    produced = {name: _cli(["validate", "--format", fmt, name], documents) for name in _inputs(documents)}
    if fmt == "sarif":
        produced = _one_tool_section(produced)
    _check(f"validate-{fmt}", produced)


TOOL = re.compile(r'(?ms)^      "tool": \{\n.*?^      \},\n')


def _one_tool_section(produced: dict[str, str]) -> dict[str, str]:
    """SARIF repeats its 40 KB rule catalogue in every report: kept once, under its own key,
    and every report must carry exactly that one."""
    sections = {m.group(0) for text in produced.values() for m in [TOOL.search(text)] if m}
    assert len(sections) == 1, f"{len(sections)} different SARIF tool sections"
    out = {name: TOOL.sub('      "tool": (the tool section),\n', text, count=1) for name, text in produced.items()}
    return {**out, "(the tool section)": sections.pop()}


@pytest.mark.parametrize("flags", [["--allow-unknown"], ["--max-violations", "1"], ["--fail-on", "warning"]])
def test_every_fixture_with_each_policy(documents, flags):
    produced = {name: _cli(["validate", *flags, name], documents) for name in _inputs(documents)}
    _check("validate" + "".join(flags).replace("--", "-"), produced)


def test_several_files_in_one_run(documents):
    names = _inputs(documents)
    _check("validate-many", {fmt: _cli(["validate", "--format", fmt, *names], documents) for fmt in FORMATS})


def test_jsonl(documents, tmp_path):
    lines = []
    for name in _inputs(documents):
        if name.endswith(".json"):
            with contextlib.suppress(ValueError):
                lines.append(json.dumps(json.loads((documents / name).read_bytes()), ensure_ascii=False))
    lines += ["", "not json", "[1]", '{"AutoMLJobName": 1}']
    stream = tmp_path / "responses.jsonl"
    stream.write_text("\n".join(lines) + "\n", encoding="utf-8")
    produced = {}
    for fmt in ("text", "json"):
        done = run_cli("validate", "--jsonl", "--format", fmt, "responses.jsonl", cwd=tmp_path, timeout=120)
        assert done.stdout, done.stderr.decode()  # a report, not a failure to start
        produced[fmt] = f"exit {done.returncode}\n{done.stdout.decode()}--- stderr ---\n{done.stderr.decode()}"
    _check("validate-jsonl", produced)


def _library(document) -> str:
    lines = []
    for options in ({}, {"allow_unknown": True}):
        found = Validator(**options).validate(document)
        lines.append(json.dumps([v.as_dict() for v in found], ensure_ascii=False, indent=0))
        lines.append(format_violations(found) if found else "(none)")
        try:
            assert_valid(document, **options)
            lines.append("assert_valid: passed")
        except InvalidResponse as exc:
            lines.append(f"assert_valid: {exc}")
    return "\n".join(lines)


def test_library_views(documents):
    produced = {}
    for name in _inputs(documents):
        data = (documents / name).read_bytes()
        if not name.endswith(".json"):
            continue
        try:
            produced[name] = _library(json.loads(data))
        except Exception as exc:  # what the library says of a text it cannot take
            produced[name] = f"{type(exc).__name__}: {exc}"
        try:
            produced[name + " (text)"] = _library(data.decode("utf-8"))
        except Exception as exc:
            produced[name + " (text)"] = f"{type(exc).__name__}: {exc}"
    _check("library", produced)


def test_boto3_dict_form(documents):
    """Responses as boto3 returns them (datetimes), through botocore's parser."""
    produced = {}
    for path in sorted((REPO / "tests" / "fixtures" / "valid").glob("*.json")) + sorted(EXAMPLES.glob("*.json")):
        produced[path.name] = _library(inputs.to_boto3(json.loads(path.read_bytes())))
    _check("library-boto3", produced)


def test_generate():
    produced = {}
    for form in ("wire", "boto3-json"):
        for seed in (0, 11):
            produced[f"{form} seed {seed}"] = _cli(["generate", "--count", "12", "--seed", str(seed), "--form", form])
        produced[f"{form} invalid"] = _cli(["generate", "--invalid", "--seed", "5", "--form", form])
    for problem in ("Tabular", "TimeSeriesForecasting", "TextGeneration", "ImageClassification", "TextClassification"):
        produced[f"problem {problem}"] = _cli(["generate", "--count", "3", "--seed", "2", "--problem-type", problem])
    for status in ("Completed", "Failed", "InProgress", "Stopped", "Stopping"):
        produced[f"status {status}"] = _cli(["generate", "--count", "3", "--seed", "4", "--status", status])
    _check("generate", produced)


# every other operation's valid documents, and the request cases
OTHER_OPERATIONS = {operation: (f"tests/{folder}/valid",) + (("tests/rules/*/request-invalid",) if operation == "create-auto-ml-job-v2" else ())
                    for operation, folder in VALID_FOLDERS.items()}


def test_other_operations(tmp_path):
    """Requests and candidate lists through `validate --operation`, text and json: every valid
    one, every request case (materialised on its base request), and each held to the other contract."""
    produced = {}
    for operation, folders in OTHER_OPERATIONS.items():
        for folder in folders:
            for path in sorted(REPO.glob(f"{folder}/*.json")):
                data = path.read_bytes()
                case = json.loads(data)
                if "request-invalid" in path.parts:
                    base = json.loads((REPO / "tests" / "requests" / "valid" / f"{case['base']}.json").read_bytes())
                    data = json.dumps(apply_patch(base, case["patch"]), indent=2, ensure_ascii=False).encode() + b"\n"
                name = _name(f"{path.parent.parent.name}-{path.stem}" if "request-invalid" in path.parts else path.stem, ".json", data)
                (tmp_path / name).write_bytes(data)
                for fmt in ("text", "json"):
                    produced[f"{operation} {fmt} {name}"] = _cli(["validate", "--operation", operation, "--format", fmt, name], tmp_path)
    # one of each held to each contract: what a user sees who gives the wrong --operation
    for operation in ("describe-auto-ml-job-v2", *OTHER_OPERATIONS):
        for name in ("tabular-auto.json", "real-candidates.json"):
            path = next(REPO.glob(f"tests/*/valid/{name}"))
            relative = str(path.relative_to(REPO))
            produced[f"{operation} text {path.parent.parent.name}/{name}"] = _cli(["validate", "--operation", operation, relative], REPO)
    _check("validate-operations", produced)


def test_rules_listing():
    _check("rules", {fmt: _cli(["rules", "--format", fmt]) for fmt in ("text", "json", "markdown")})
