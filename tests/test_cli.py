"""The real CLI, run as a subprocess."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, RULES, boto3_json, invalid_case, run, run_cli

FULL = EXAMPLES / "tabular-completed.json"
LINE = re.compile(r"^(?P<file>[^:]+)(?::[0-9]+:[0-9]+)?: (?P<path>/\S*|\(document\)): \[(?P<rule>[a-z0-9-]+)(?: \(warning\))?\] .+$")


def test_valid_file_exit_0():
    result = run_cli("validate", FULL)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().strip() == f"{FULL}: valid"


def test_invalid_file_one_line_per_violation_exit_1(tmp_path):
    doc, _ = invalid_case(RULES / "enum" / "invalid" / "job-status.json")
    doc["EndTme"] = doc.pop("EndTime")
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    result = run_cli("validate", path)
    assert result.returncode == 1
    lines = result.stdout.decode().splitlines()
    assert len(lines) == 2 and all(LINE.match(line) for line in lines), lines
    # FILE:LINE:COLUMN: the member's name in the source text (one line of compact JSON here)
    status_at, typo_at = (path.read_text().index(f'"{name}"') + 1 for name in ("AutoMLJobStatus", "EndTme"))
    assert lines[0] == f'{path}:1:{status_at}: /AutoMLJobStatus: [enum] "Done" is not one of: Completed, InProgress, Failed, Stopped, Stopping'
    assert lines[1] == f"{path}:1:{typo_at}: /EndTme: [unknown-member] unknown member 'EndTme' (did you mean 'EndTime'?)"


def test_json_format(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**json.loads(FULL.read_text()), "RoleArn": "arn:aws:iam::123:role/short-account-id"}))
    result = run_cli("validate", "--format", "json", FULL, bad)
    assert result.returncode == 1
    body = json.loads(result.stdout)
    assert [d["valid"] for d in body["documents"]] == [True, False]
    (violation,) = body["documents"][1]["violations"]
    assert violation["rule"] == "pattern" and violation["path"] == "/RoleArn" and violation["severity"] == "error"
    assert violation["doc"].startswith("The ARN of the Identity and Access Management role")
    assert body["summary"] == {"documents": 2, "valid": 1, "invalid": 1, "unreadable": 0, "errors": 1, "warnings": 0}


def test_stdin_and_yaml(tmp_path):
    import yaml

    assert run_cli("validate", "-", stdin=FULL.read_bytes()).returncode == 0
    as_yaml = tmp_path / "response.yaml"
    as_yaml.write_text(yaml.safe_dump(json.loads(boto3_json(EXAMPLES / "tabular-completed.json"))))
    result = run_cli("validate", as_yaml)
    assert result.returncode == 0, result.stdout
    # YAML reads unquoted timestamps as datetimes: they are accepted too
    as_yaml.write_text(as_yaml.read_text().replace("'2024-04-12 15:39:34.760000+00:00'", "2024-04-12 15:39:34.760000+00:00"))
    assert run_cli("validate", as_yaml).returncode == 0


def test_allow_unknown_members_makes_them_warnings(tmp_path):
    path = tmp_path / "newer.json"
    path.write_text(json.dumps({**json.loads(FULL.read_text()), "ShinyNewMember": True}))
    assert run_cli("validate", path).returncode == 1
    relaxed = run_cli("validate", "--allow-unknown-members", path)
    assert relaxed.returncode == 0
    assert "[unknown-member (warning)]" in relaxed.stdout.decode()


BAD_INPUTS = {
    "empty.json": (b"", "empty input"),
    "blank.json": (b"  \n\t ", "empty input"),
    "truncated.json": (FULL.read_bytes()[:300], "invalid JSON"),
    "array.json": (b"[1, 2, 3]", "a list, not a structure"),
    "string.json": (b'"hello"', "a string, not a structure"),
    "null.json": (b"null", "null, not a structure"),
    "binary.json": (bytes(range(256)), "not UTF-8"),
    "latin1.json": ('{"AutoMLJobName": "caf\xe9"}'.encode("latin-1"), "not UTF-8"),
    "nan.json": (b'{"x": NaN}', "NaN is not a JSON value"),
    "bad.yaml": (b"a: [1, 2\nb: }", "invalid YAML"),
    "list.yaml": (b"- 1\n- 2\n", "a list, not a structure"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_one_line_exit_2(tmp_path, name):
    content, expected = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(content)
    result = run_cli("validate", path)
    assert result.returncode == 2
    out = result.stdout.decode()
    assert out.count("\n") == 1 and out.startswith(f"{path}: error: ") and expected in out, out
    assert b"Traceback" not in result.stderr


def test_missing_file_and_directory_exit_2(tmp_path):
    result = run_cli("validate", tmp_path / "nope.json", tmp_path, FULL)
    assert result.returncode == 2
    lines = result.stdout.decode().splitlines()
    assert lines == [f"{tmp_path / 'nope.json'}: error: no such file", f"{tmp_path}: error: is a directory", f"{FULL}: valid"]
    assert b"Traceback" not in result.stderr


def test_usage_error_exit_2():
    result = run_cli("validate")
    assert result.returncode == 2 and b"usage:" in result.stderr
    assert run_cli("frobnicate").returncode == 2


def test_rules_command_lists_every_rule():
    from sagemaker_schema.catalogue import rules

    text = run_cli("rules")
    assert text.returncode == 0
    ids = [line.split()[0] for line in text.stdout.decode().splitlines()]
    assert ids == list(rules())
    listed = json.loads(run_cli("rules", "--format", "json").stdout)
    assert [r["id"] for r in listed] == list(rules())
    assert all(r["severity"] in ("error", "warning") and r["statement"] for r in listed)
    assert [line.split()[2] for line in text.stdout.decode().splitlines()] == [r["source"] for r in listed]


def test_the_installed_console_script_works(tmp_path):
    # the `sagemaker-schema` command that pip installed beside this interpreter, run from
    # another directory: it answers as `python -m sagemaker_schema` does
    script = Path(sys.executable).parent / "sagemaker-schema"
    assert script.is_file(), "the package is installed without its console script"
    version = run([script, "--version"], cwd=tmp_path)
    assert version.returncode == 0 and version.stdout == run_cli("--version").stdout != b""
    ok = run([script, "validate", FULL], cwd=tmp_path)
    assert (ok.returncode, ok.stdout) == (0, f"{FULL}: valid\n".encode())
    bad = tmp_path / "bad.json"
    bad.write_text(FULL.read_text().replace('"Completed"', '"Done"', 1))
    failed = run([script, "validate", "bad.json"], cwd=tmp_path)
    assert failed.returncode == 1 and failed.stdout.startswith(b"bad.json:") and b"[enum]" in failed.stdout
