"""Words and habits: what the command says when it is used a little wrong (a flag that
goes with another, standard input twice, an output that cannot be written, an echoed
argument), each held to one line and the documented exit status."""
from __future__ import annotations

import json

from conftest import FIXTURES, run_cli
from sagemaker_schema import cli

VALID = FIXTURES / "valid" / "tabular-inprogress.json"


def test_jobs_without_jsonl_is_a_usage_error():
    for flags in (["--jobs", "2"], ["--jobs", "1"], ["--force-jobs"]):
        out = run_cli("validate", *flags, VALID)
        assert out.returncode == 2, flags
        assert out.stdout == b""
        assert out.stderr.decode().splitlines()[-1] == "sagemaker-schema validate: error: --jobs and --force-jobs go with --jsonl"


def test_standard_input_twice_is_said_so_not_empty_input():
    out = run_cli("validate", "-", "-", stdin=VALID.read_bytes())
    assert out.returncode == 2
    assert out.stdout.decode().splitlines() == ["<stdin>: valid", "<stdin>: error: standard input is given twice (it can be read once)"]


def test_jsonl_refuses_around_a_line_what_a_file_refuses(tmp_path):
    line = json.dumps(json.loads(VALID.read_text())).encode()
    for space in (b"\x0b", b"\x0c"):
        (tmp_path / "one.json").write_bytes(space + line + space)
        alone = run_cli("validate", tmp_path / "one.json")
        assert alone.returncode == 2 and b"error: invalid JSON" in alone.stdout
        stream = run_cli("validate", "--jsonl", "-", stdin=space + line + space + b"\n" + space + b"\n")
        assert stream.returncode == 2
        lines = stream.stdout.decode().splitlines()
        assert lines == ["<stdin>:1: error: invalid JSON: Expecting value at line 1 column 1",
                         "<stdin>:2: error: invalid JSON: Expecting value at line 1 column 1"]
    # JSON's own whitespace around a line, and blank lines, stay fine
    ok = run_cli("validate", "--jsonl", "-", stdin=b" \t" + line + b"\r\n \t\r\n")
    assert ok.returncode == 0 and ok.stdout == b"" and ok.stderr.startswith(b"1 documents: 1 valid")


def test_bundle_prints_the_out_path_on_one_line(tmp_path, capsys):
    out = tmp_path / "a\x1b[2Jb\nc"
    assert cli.main(["bundle", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "\x1b" not in printed and len(printed.splitlines()) == 3
    assert all(line.startswith(str(tmp_path)) and "a?[2Jb?c" in line for line in printed.splitlines())


def test_version_and_help_to_a_full_disk_exit_2():
    for args in (["--version"], ["--help"], ["validate", "--help"]):
        with open("/dev/full", "w") as full:
            out = run_cli(*args, stdout=full)
        assert out.returncode == 2, args
        assert out.stderr.decode() == "sagemaker-schema: error: cannot write the report: No space left on device\n"


def test_an_unknown_rule_name_is_cut_not_echoed():
    out = run_cli("rules", "x" * 100_000)
    assert out.returncode == 2
    err = out.stderr.decode()
    assert len(err) < 200 and err.count("\n") == 1
    assert err.startswith("sagemaker-schema rules: error: no rule 'xxxx") and "…" in err


REQUEST = FIXTURES.parent / "requests" / "valid" / "tabular-auto.json"
CANDIDATES = sorted((FIXTURES.parent / "list-candidates").rglob("*.json"))


def _broken(tmp_path, source, name="broken.json"):
    document = json.loads(source.read_text())
    document["Unknown"] = 1
    (tmp_path / name).write_text(json.dumps(document))
    return tmp_path / name


def test_junit_and_github_name_the_contract_applied(tmp_path, capsys):
    cases = [("create-auto-ml-job-v2", REQUEST, "CreateAutoMLJobV2 request"),
             ("list-candidates-for-auto-ml-job", CANDIDATES[0], "ListCandidatesForAutoMLJob response"),
             ("describe-auto-ml-job-v2", VALID, "DescribeAutoMLJobV2")]
    for operation, source, named in cases:
        broken = _broken(tmp_path, source)
        assert cli.main(["validate", "--operation", operation, "--format", "junit", str(broken)]) == 1
        junit = capsys.readouterr().out
        assert f'message="1 violation(s) of the {named} contract"' in junit, operation
        assert cli.main(["validate", "--operation", operation, "--format", "github", str(broken)]) == 1
        github = capsys.readouterr().out
        # the describe response, the default, is named by nothing (as before); the others in the title
        title = "title=sagemaker-schema unknown-member" + ("" if operation == "describe-auto-ml-job-v2" else f" ({named})")
        assert f"{title}::" in github, operation
