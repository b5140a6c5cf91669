"""Hostile input through the real CLI, run as a subprocess: each case gets one clear
line and its documented exit status, with no traceback, never hanging (a 30 s guard) and
under a memory cap. The README's table "Bad input" lists the same cases."""
from __future__ import annotations

import ctypes
import json
import os
import random
import re
import socket
import subprocess
import sys
import time

import pytest
import yaml

from conftest import EXAMPLES, FIXTURES, cap_memory, run_cli

FULL = EXAMPLES / "tabular-completed.json"
VALID_TEXT = FULL.read_text(encoding="utf-8")
SECONDS = 30  # a hang guard, not a speed check (a CLI start is ~0.2 s; speed is in scripts/bench_*.py)
# the memory cap (conftest.MEMORY, 1 GiB): a 50 MB string needs about 250 MB

def run_guarded(*args, stdin=None, stdout=subprocess.PIPE, preexec=None, buffered=True):
    """The CLI under a memory cap; returns (result, seconds)."""
    # stdout to a pipe is block-buffered for users; some CI sets PYTHONUNBUFFERED
    env = {"PYTHONUNBUFFERED": None if buffered else "1"}

    def before():
        cap_memory()
        if preexec:
            preexec()

    start = time.perf_counter()
    result = run_cli(*args, stdin=stdin, stdout=stdout, env=env, preexec_fn=before)
    return result, time.perf_counter() - start


def assert_one_line(result, seconds, name, status, expected):
    out = result.stdout.decode("utf-8", "replace")
    assert b"Traceback" not in result.stderr, result.stderr.decode()
    assert result.stderr == b"", result.stderr.decode()
    # FILE: or, for a violation, FILE:LINE:COLUMN:
    assert out.count("\n") == 1 and re.match(re.escape(str(name)) + r"(:[0-9]+:[0-9]+)?: ", out), out[:500]
    assert expected in out, out[:500]
    assert len(out) < 300, "one short line, not the input echoed back"
    assert result.returncode == status, out
    assert seconds < SECONDS, f"took {seconds:.1f} s"


def _doc_with(**members) -> str:
    return json.dumps({**json.loads(VALID_TEXT), **members}, ensure_ascii=False)


def _nested(depth: int, opening: str, closing: str) -> str:
    return opening * depth + closing * depth


def _alias_bomb() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):  # 9**10 values, expanded
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


# name -> (file content or a function making it, exit status, text in the one line)
CASES = {
    "empty.json": (b"", 2, "error: empty input"),
    "whitespace.json": (b" \n\t\r\n ", 2, "error: empty input"),
    "truncated.json": (VALID_TEXT[:1000].encode(), 2, "error: invalid JSON: "),
    "top-level-array.json": (b"[{}]", 2, "error: the document is a list, not a structure"),
    "top-level-string.json": (b'"AutoMLJobName"', 2, "error: the document is a string, not a structure"),
    "top-level-null.json": (b"null", 2, "error: the document is null, not a structure"),
    "random-binary.json": (random.Random(8).randbytes(4096), 2, "error: not UTF-8 text: byte 0x"),
    "latin-1.json": (_doc_with(FailureReason="café").encode("latin-1"), 2, "error: not UTF-8 text: byte 0xe9"),
    "utf-16.json": (VALID_TEXT.encode("utf-16"), 2, "error: not UTF-8 text: byte 0xff at offset 0"),
    # a byte-order mark is accepted: an editor's artefact, not content (RFC 8259 allows ignoring it)
    "bom.json": (b"\xef\xbb\xbf" + VALID_TEXT.encode(), 0, "bom.json: valid"),
    "bom-invalid.json": (b"\xef\xbb\xbf" + _doc_with(AutoMLJobStatus="Done").encode(), 1, "[enum]"),
    "nan.json": (VALID_TEXT.replace('"MaxCandidates": 250', '"MaxCandidates": NaN').encode(), 2, "error: invalid JSON: NaN is not a JSON value"),
    "infinity.json": (b'{"AutoMLJobName": Infinity}', 2, "error: invalid JSON: Infinity is not a JSON value"),
    "minus-infinity.json": (b'{"AutoMLJobName": -Infinity}', 2, "error: invalid JSON: -Infinity is not a JSON value"),
    "float-too-large.json": (b'{"DataSplitConfig": {"ValidationFraction": 1e400}}', 2, "error: invalid JSON: the number 1e400 is too large for a double"),
    "int-too-large.json": (b'{"CreationTime": 1' + b"0" * 400 + b"}", 2, "is too large for a double"),
    "int-5000-digits.json": (b'{"CreationTime": 1' + b"0" * 5000 + b"}", 2, "is too large for a double"),
    "duplicate-member.json": (VALID_TEXT.replace('"AutoMLJobName": "', '"AutoMLJobName": "x", "AutoMLJobName": "', 1).encode(), 2,
                              'error: duplicate member name "AutoMLJobName" (AWS never sends one; most parsers silently keep the last)'),
    "duplicate-nested.json": (VALID_TEXT.replace('"S3OutputPath"', '"S3OutputPath": "s3://a/b", "S3OutputPath"', 1).encode(), 2, 'duplicate member name "S3OutputPath"'),
    "deep-arrays.json": (_nested(100_000, "[", "]").encode(), 2, "error: invalid JSON: nested too deeply"),
    "deep-objects.json": (("{\"a\":" * 100_000 + "1" + "}" * 100_000).encode(), 2, "error: invalid JSON: nested too deeply"),
    "deep-member.json": (_doc_with(AutoMLJobName=None).replace("null", _nested(100_000, "[", "]")).encode(), 2, "nested too deeply"),
    # 50 MB strings: a length violation, one line, the value cut short; the adversarial
    # one would backtrack for minutes under a quadratic pattern
    "string-50mb.json": (lambda: _doc_with(FailureReason="x" * 50_000_000).encode(), 1, "/FailureReason: [length] length 50000000 is not at most 1024"),
    "s3-path-50mb.json": (lambda: _doc_with(OutputDataConfig={"S3OutputPath": "s3://" + "a" * 50_000_000 + "/\n\n"}).encode(), 1,
                          "/OutputDataConfig/S3OutputPath: [length]"),
    "alias-bomb.yaml": (_alias_bomb().encode(), 2, "error: invalid YAML: aliases expand the document past 1,000,000 values"),
    "self-alias.yaml": (b"a: &a [1, *a]\n", 2, "error: invalid YAML: an alias refers to a node that contains it"),
    "duplicate-key.yaml": (b"AutoMLJobName: a\nAutoMLJobName: b\n", 2, 'error: duplicate member name "AutoMLJobName"'),
    "nan.yaml": (b"DataSplitConfig:\n  ValidationFraction: .nan\n", 2, "error: invalid YAML: .nan is not a JSON value (JSON numbers are finite) at line 2 column 23"),
    "infinity.yaml": (b"DataSplitConfig:\n  ValidationFraction: .inf\n", 2, "error: invalid YAML: .inf is not a JSON value"),
    "int-5000-digits.yaml": (b"CreationTime: 1" + b"0" * 5000 + b"\n", 2, "error: invalid YAML: the number 1000"),
    "bad-date.yaml": (b"CreationTime: 2024-13-45\n", 2, "error: invalid YAML: month must be in 1..12"),
    # one set of value rules with JSON: numbers a double holds, member names that are strings
    "int-too-large.yaml": (b"CreationTime: 1" + b"0" * 400 + b"\n", 2, "error: invalid YAML: the number 1000"),
    "float-too-large.yaml": (b"DataSplitConfig:\n  ValidationFraction: 1e400\n", 2,
                             "error: invalid YAML: the number 1e400 is too large for a double at line 2 column 23"),
    "integer-name.yaml": (b"1: a\ntrue: b\n", 2, 'error: invalid YAML: the member name 1 is an integer, not a string (quote it: "1") at line 1 column 1'),
    "date-name.yaml": (b"AutoMLJobName: x\n2024-01-01: x\n", 2, "error: invalid YAML: the member name 2024-01-01 is a timestamp, not a string"),
    "bad-timestamp.yaml": (b"CreationTime: !!timestamp nope\n", 2, 'error: invalid YAML: "nope" is not a timestamp (!!timestamp) at line 1 column 15'),
    "bad-bool.yaml": (b"ModelDeployConfig:\n  AutoGenerateEndpointName: !!bool yes\n", 2, 'error: invalid YAML: "yes" is not a boolean (!!bool)'),
    "binary-tag.yaml": (b"AutoMLJobName: !!binary aGVsbG8=\n", 2, "error: invalid YAML: a !!binary value has no JSON form at line 1 column 16"),
    "deep.yaml": (_nested(100_000, "[", "]").encode(), 2, "error: invalid YAML: nested too deeply"),
    "binary.yaml": (random.Random(8).randbytes(4096), 2, "error: not UTF-8 text"),
    "bom.yaml": (b"\xef\xbb\xbf" + yaml.safe_dump(json.loads(VALID_TEXT)).encode(), 0, "bom.yaml: valid"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_gets_one_line(tmp_path, name):
    content, status, expected = CASES[name]
    path = tmp_path / name
    path.write_bytes(content() if callable(content) else content)
    result, seconds = run_guarded("validate", path)
    assert_one_line(result, seconds, path, status, expected)


def test_yaml_merge_keys_are_not_duplicates(tmp_path):
    # '<<' overrides keys on purpose; the result is checked like any document
    path = tmp_path / "merge.yaml"
    path.write_text("base: &base {S3OutputPath: 's3://a/b'}\nOutputDataConfig:\n  <<: *base\n  S3OutputPath: 's3://c/d'\n")
    result, _ = run_guarded("validate", path)
    assert result.returncode == 1 and b"duplicate" not in result.stdout and b"[required]" in result.stdout


PAYLOADS = [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/apply:subprocess.check_call [['touch', '{marker}']]",
    "!!python/object/new:tuple [!!python/object/new:map [!!python/name:eval , [\"__import__('os').system('touch {marker}')\"]]]",
]


@pytest.mark.parametrize("payload", PAYLOADS, ids=["os.system", "subprocess.check_call", "map-eval"])
@pytest.mark.parametrize("where", ["document", "value", "key"])
def test_yaml_python_tags_never_run(tmp_path, payload, where):
    marker = tmp_path / "ran"
    tagged = payload.format(marker=marker)
    text = {"document": tagged, "value": f"AutoMLJobName: {tagged}", "key": f"? {tagged}\n: 1"}[where] + "\n"
    # the payload is live: a loader that constructs Python objects runs it
    yaml.unsafe_load(text)
    assert marker.exists()
    marker.unlink()

    path = tmp_path / "evil.yaml"
    path.write_text(text)
    result, seconds = run_guarded("validate", path)
    assert_one_line(result, seconds, path, 2, "error: invalid YAML: could not determine a constructor for the tag 'tag:yaml.org,2002:python/")
    assert not marker.exists()


def test_directory(tmp_path):
    folder = tmp_path / "response.json"  # a name that looks like a file
    folder.mkdir()
    result, seconds = run_guarded("validate", folder)
    assert_one_line(result, seconds, folder, 2, "error: is a directory")


def test_missing_file(tmp_path):
    result, seconds = run_guarded("validate", tmp_path / "nope.json")
    assert_one_line(result, seconds, tmp_path / "nope.json", 2, "error: no such file")


def _drop_root_file_access():
    # root reads any file: drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the
    # bounding set (PR_CAPBSET_DROP), so after exec file modes apply to root too
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_unreadable_file_permission_denied(tmp_path):
    path = tmp_path / "locked.json"
    path.write_text(VALID_TEXT)
    path.chmod(0)
    preexec = _drop_root_file_access if os.geteuid() == 0 else None
    if preexec and not sys.platform.startswith("linux"):
        pytest.skip("dropping root's file access needs Linux capabilities; the other unreadable cases still run")
    try:
        result, seconds = run_guarded("validate", path, preexec=preexec)
    except subprocess.SubprocessError as exc:  # no CAP_SETPCAP in this container
        pytest.skip(f"cannot drop root's file access here ({exc}); the in-process test below still runs")
    assert_one_line(result, seconds, path, 2, "error: permission denied")


def test_unreadable_file_in_process(tmp_path, monkeypatch, capsys):
    # the same answer when the operating system refuses, simulated for any user
    from pathlib import Path

    from sagemaker_schema.cli import main

    path = tmp_path / "locked.json"
    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    path.write_text(VALID_TEXT)
    monkeypatch.setattr(Path, "open", refuse)
    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().out == f"{path}: error: permission denied\n"


def test_unreadable_file_for_everyone(tmp_path):
    # a socket cannot be opened, not even by root
    path = tmp_path / "socket.json"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        result, seconds = run_guarded("validate", path)
    finally:
        server.close()
    assert_one_line(result, seconds, path, 2, "error: No such device or address")


@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="Linux /proc")
def test_file_that_fails_to_read():
    # open succeeds, read fails (EIO), for root too
    result, seconds = run_guarded("validate", "/proc/self/mem")
    assert_one_line(result, seconds, "/proc/self/mem", 2, "error: Input/output error")


def test_path_through_a_file(tmp_path):
    result, seconds = run_guarded("validate", f"{FULL}/x.json")
    assert_one_line(result, seconds, f"{FULL}/x.json", 2, "error: Not a directory")


@pytest.mark.parametrize("source", ["/dev/zero", "stdin"])
def test_endless_input_is_cut_off(source):
    if source == "stdin":
        with open("/dev/zero", "rb") as zeros:
            result, seconds = run_guarded("validate", "-", stdin=zeros)
        name = "<stdin>"
    else:
        result, seconds = run_guarded("validate", source)
        name = source
    assert_one_line(result, seconds, name, 2, "error: larger than 64 MiB: not a response")


def test_closed_stdin():
    result, seconds = run_guarded("validate", "-", preexec=lambda: os.close(0))
    assert_one_line(result, seconds, "<stdin>", 2, "error: standard input is closed")


def test_file_name_with_a_line_break(tmp_path):
    path = tmp_path / "two\nlines.json"
    result, seconds = run_guarded("validate", path)
    assert_one_line(result, seconds, tmp_path / "two?lines.json", 2, "error: no such file")


@pytest.fixture(scope="module")
def invalid_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("closed") / "invalid.json"
    doc = json.loads(VALID_TEXT)
    doc.update({f"Unknown{i}": i for i in range(2000)})  # more output than a pipe buffer holds
    path.write_text(json.dumps(doc))
    return path


@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize("case, status", [("valid", 0), ("invalid", 1), ("unreadable", 2), ("rules", 0), ("jsonl", 0)])
def test_closed_stdout_keeps_the_exit_status(invalid_file, buffered, case, status):
    # `sagemaker-schema validate f.json | head -0`: the reader is gone before the first write
    args = {
        "valid": ("validate", FULL),
        "invalid": ("validate", invalid_file),
        "unreadable": ("validate", FULL, invalid_file.parent / "nope.json"),
        "rules": ("rules",),
        "jsonl": ("validate", "--jsonl", invalid_file),  # a stream stops at the closed stdout
    }[case]
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result, seconds = run_guarded(*args, stdout=write_end, buffered=buffered)
    finally:
        os.close(write_end)
    assert result.returncode == status
    assert b"Traceback" not in result.stderr and b"Exception ignored" not in result.stderr, result.stderr.decode()
    assert seconds < SECONDS


def test_jsonl_endless_line_is_cut_off():
    result, seconds = run_guarded("validate", "--jsonl", "/dev/zero")
    assert result.returncode == 2 and seconds < SECONDS and b"Traceback" not in result.stderr
    assert result.stdout.decode() == "/dev/zero:1: error: larger than 64 MiB: not a response (the rest is not read)\n"


def test_jsonl_hostile_lines_one_line_each(tmp_path):
    path = tmp_path / "mixed.jsonl"
    lines = [b'{"a": 1, "a": 2}', b"\xef\xbb\xbf" + VALID_TEXT.replace("\n", "").encode(), b'{"x": NaN}', b"[1]", b"\xff\xfe", b'{"x": 1e400}', b"[" * 100_000]
    path.write_bytes(b"\n".join(lines) + b"\n")
    result, seconds = run_guarded("validate", "--jsonl", path)
    assert result.returncode == 2 and seconds < SECONDS and b"Traceback" not in result.stderr
    assert result.stdout.decode().splitlines() == [
        f'{path}:1: error: duplicate member name "a" (AWS never sends one; most parsers silently keep the last)',
        f"{path}:3: error: invalid JSON: NaN is not a JSON value",
        f"{path}:4: error: the line is a list, not a structure (a JSON object)",
        f"{path}:5: error: not UTF-8 text: byte 0xff at offset 0",
        f"{path}:6: error: invalid JSON: the number 1e400 is too large for a double",
        f"{path}:7: error: invalid JSON: nested too deeply",
    ]


def test_a_digit_only_map_key_is_reported_at_its_own_path(tmp_path):
    # jsonschema-rs writes the key "1" as the integer 1 in its paths: once an input error
    path = tmp_path / "digit-key.json"
    doc = json.loads((FIXTURES / "valid" / "image-classification-completed.json").read_text(encoding="utf-8"))
    doc["BestCandidate"]["InferenceContainerDefinitions"] = {"1": [{"Image": "x", "ModelDataUrl": "s3://b/k", "Bogus": 1}]}
    path.write_text(json.dumps(doc))
    result = run_cli("validate", path)
    lines = result.stdout.decode().splitlines()
    assert result.returncode == 1 and result.stderr == b"", result.stderr.decode()
    assert [line.split(": ", 1)[1] for line in lines] == [
        '/BestCandidate/InferenceContainerDefinitions/1: [map-key] key: "1" is not one of: CPU, GPU',
        "/BestCandidate/InferenceContainerDefinitions/1/0/Bogus: [unknown-member] unknown member 'Bogus'",
    ], lines


@pytest.mark.parametrize("operation, document", [
    ("describe-auto-ml-job-v2", lambda big: {big: 1}),  # nine required members missing around it
    ("describe-auto-ml-job-v2", lambda big: {"FailureReason": big}),
    ("list-candidates-for-auto-ml-job", lambda big: {"Candidates": [{big: 1}]}),
], ids=["name-at-root", "value-at-root", "name-in-a-candidate"])
def test_a_50mb_name_in_an_object_with_many_faults_is_reported_under_the_cap(tmp_path, operation, document):
    # jsonschema-rs copied the object into each of its errors: a MemoryError, a Rust panic, a hang
    path = tmp_path / "big.json"
    path.write_text(json.dumps(document("N" * 50_000_000)))
    result, seconds = run_guarded("validate", "--operation", operation, path)
    lines = result.stdout.decode().splitlines()
    assert result.returncode == 1 and b"Traceback" not in result.stderr and b"panicked" not in result.stderr, result.stderr[-2000:]
    assert 1 <= len(lines) <= 12 and all(len(line) < 1300 for line in lines) and seconds < SECONDS


def test_out_of_memory_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    # whatever a memory limit stops: the file's one line, or the run's, never a traceback
    from sagemaker_schema import Validator
    from sagemaker_schema.cli import main

    def exhausted(self, document):
        raise MemoryError

    monkeypatch.setattr(Validator, "validate", exhausted)
    assert main(["validate", str(FULL)]) == 2
    assert capsys.readouterr().out == f"{FULL}: error: too large to hold in memory\n"
    from sagemaker_schema.report import FORMATS

    monkeypatch.setitem(FORMATS, "text", lambda *args, **options: exhausted(None, None))
    assert main(["validate", str(FULL)]) == 2
    assert capsys.readouterr().err == "sagemaker-schema: error: out of memory (a memory limit such as ulimit -v was reached)\n"
