"""Words and habits: what the command says when it is used a little wrong (a flag that
goes with another, standard input twice, an output that cannot be written, an echoed
argument), each held to one line and the documented exit status."""
from __future__ import annotations

import json
import re
from itertools import pairwise

import pytest

from conftest import FIXTURES, run_cli
from sagemaker_schema import cli, validate

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
    assert "\x1b" not in printed and len(printed.splitlines()) == len(list(out.iterdir()))
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


def test_operation_takes_the_boto3_and_api_names(tmp_path, capsys):
    from sagemaker_schema.schema import operation_named

    broken = _broken(tmp_path, REQUEST)
    for name in ("create-auto-ml-job-v2", "create_auto_ml_job_v2", "CreateAutoMLJobV2"):
        assert operation_named(name) == "create-auto-ml-job-v2"
        assert cli.main(["validate", "--operation", name, "--format", "json", str(broken)]) == 1
        report = json.loads(capsys.readouterr().out)
        assert report["contract"] == "create-auto-ml-job-v2"
        assert [v["rule"] for v in report["documents"][0]["violations"]] == ["unknown-member"]
        assert cli.main(["generate", "--operation", name]) == 0
        assert set(json.loads(capsys.readouterr().out)) >= {"AutoMLProblemTypeConfig", "RoleArn"}
    assert operation_named("ListCandidatesForAutoMLJob") == "list-candidates-for-auto-ml-job"
    assert operation_named("describe_auto_ml_job_v2") == "describe-auto-ml-job-v2"
    out = run_cli("validate", "--operation", "CreateAutoMLJob", broken)
    assert out.returncode == 2 and out.stderr.decode().splitlines()[-1].endswith(
        "argument --operation: invalid choice: 'CreateAutoMLJob' (choose from describe-auto-ml-job-v2, create-auto-ml-job-v2, "
        "list-candidates-for-auto-ml-job, stop-auto-ml-job, list-auto-ml-jobs, list-auto-ml-jobs-request, "
        "list-candidates-for-auto-ml-job-request, or boto3's or the API's name of one) (did you mean 'CreateAutoMLJobV2'?)")
    for name, meant in (("describe-auto-ml-job", "describe-auto-ml-job-v2"), ("list-candidates", "list-candidates-for-auto-ml-job"),
                        ("stop_automl_job", "stop_auto_ml_job")):
        out = run_cli("generate", "--operation", name)
        assert out.returncode == 2 and out.stderr.decode().splitlines()[-1].endswith(f" (did you mean {meant!r}?)"), out.stderr
        with pytest.raises(ValueError, match=re.escape(f" (did you mean {meant!r}?)")):
            validate({}, operation=name)
    out = run_cli("validate", "--operation", "bogus", broken)  # nothing close: no guess
    assert out.returncode == 2 and out.stderr.decode().splitlines()[-1].endswith("name of one)")


def test_a_document_of_another_operation_gets_a_hint_naming_it(tmp_path):
    request = tmp_path / "request.json"
    request.write_text(json.dumps({**json.loads(REQUEST.read_text()), "AutoMLJobName": "not_a_name"}))
    out = run_cli("validate", request, VALID)
    assert out.returncode == 1
    hints = [line for line in out.stderr.decode().splitlines() if "hint" in line]
    assert hints == [f"sagemaker-schema: hint: {request} holds the members of a CreateAutoMLJobV2 request, not of a "
                     "DescribeAutoMLJobV2 response: validate it with --operation create-auto-ml-job-v2"]
    out = run_cli("validate", "--operation", "create-auto-ml-job-v2", "--format", "json", VALID, CANDIDATES[0])
    assert out.returncode == 1
    json.loads(out.stdout)  # the report itself is unchanged: hints go to standard error
    assert out.stderr.decode().splitlines() == [
        f"sagemaker-schema: hint: {VALID} holds the members of a DescribeAutoMLJobV2 response, not of a "
        "CreateAutoMLJobV2 request: validate it with --operation describe-auto-ml-job-v2",
        f"sagemaker-schema: hint: {CANDIDATES[0]} holds the members of a ListCandidatesForAutoMLJob response, not "
        "of a CreateAutoMLJobV2 request: validate it with --operation list-candidates-for-auto-ml-job"]
    # a document of its own operation, even a broken one, gets none
    out = run_cli("validate", _broken(tmp_path, VALID, "response.json"))
    assert out.returncode == 1 and b"hint" not in out.stderr


def test_generate_invalid_with_another_operations_rule_names_the_operation(capsys):
    from sagemaker_schema.errors import UsageError
    from sagemaker_schema.generate import error_rules, request_error_rules
    from sagemaker_schema.generate.documents import check_arguments

    request_only = sorted(set(request_error_rules()) - set(error_rules()))[0]
    response_only = sorted(set(error_rules()) - set(request_error_rules()))[0]
    assert cli.main(["generate", "--invalid", request_only]) == 2
    assert capsys.readouterr().err == (f"sagemaker-schema generate: error: --invalid {request_only!r} is a rule of "
                                       "create-auto-ml-job-v2 documents: add --operation create-auto-ml-job-v2\n")
    assert cli.main(["generate", "--operation", "CreateAutoMLJobV2", "--invalid", response_only]) == 2
    assert capsys.readouterr().err == (f"sagemaker-schema generate: error: --invalid {response_only!r} is a rule of "
                                       "describe-auto-ml-job-v2 documents: add --operation describe-auto-ml-job-v2\n")
    import pytest

    with pytest.raises(UsageError, match=r"add operation='create-auto-ml-job-v2'$"):
        check_arguments(None, None, "wire", request_only, names=("problem_type", "status", "form", "invalid", "operation"))


# --- drift: a summary when there is nothing to do; --explained under validate's input rules

def _drift(*args):
    return run_cli("drift", *args, env={"AWS_DATA_PATH": None})


def test_drift_with_nothing_to_do_prints_a_summary_and_verbose_lists_the_explained():
    quiet, verbose = _drift(), _drift("--verbose")
    assert quiet.returncode == verbose.returncode == 0
    (summary,) = quiet.stdout.decode().splitlines()
    listed = verbose.stdout.decode().splitlines()
    explained = len(listed) - 1
    assert explained > 1 and all("[explained: " in line for line in listed[:-1])
    assert summary.startswith(f"0 unexplained, {explained} explained difference(s) (--verbose lists them); model: ")
    assert listed[-1].startswith(f"0 unexplained, {explained} explained difference(s); model: ")


def test_drift_reasons_cite_nothing_the_wheel_does_not_ship():
    import re

    from sagemaker_schema import drift

    package = drift.EXPLAINED_FILE.parent
    cited = {m for reason in drift.explained().values() for m in re.findall(r"[\w.-]+/[\w./-]*\.(?:md|json|py|yaml|txt)\b", reason)}
    cited |= {m for reason in drift.explained().values() for m in re.findall(r"\b(?:docs|tests|scripts|examples)/", reason)}
    assert not [path for path in cited if not (package / path).exists()], cited


def test_drift_explained_file_follows_the_input_rules(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000)
    for path, says in ((deep, "invalid JSON: nested too deeply"), ("/dev/zero", "larger than 64 MiB"),
                       (tmp_path, "is a directory"), (tmp_path / "none.json", "no such file")):
        out = _drift("--explained", path)
        assert out.returncode == 2 and out.stdout == b""
        assert out.stderr.decode() == f"sagemaker-schema drift: error: {path}: {says}" + out.stderr.decode().split(says, 1)[1]
        assert out.stderr.count(b"\n") == 1 and b"Traceback" not in out.stderr
    named = tmp_path / "a\x1b[2J.json"
    named.write_text("[")
    out = _drift("--explained", named)
    assert out.returncode == 2 and b"\x1b" not in out.stderr and out.stderr.count(b"\n") == 1


def test_drift_shows_a_users_reasons_and_keys_safely(tmp_path):
    ours = tmp_path / "accepted.json"
    ours.write_text(json.dumps([
        {"difference": "member-removed ResponseMetadata", "reason": "ours\ud800 \x1b[2J\u202e done"},
        {"difference": "range-changed Nowhere\x1b[2J", "reason": "stale"},
    ]))
    out = _drift("--explained", ours, "--format", "json")
    assert out.returncode == 0
    body = json.loads(out.stdout)  # whole, not cut by an encoding error
    reasons = {f"{d['kind']} {d['path']}": d["reason"] for d in body["differences"]}
    assert reasons["member-removed ResponseMetadata"] == "ours\ufffd \x1b[2J\u202e done"
    assert b"\x1b" not in out.stdout and "\u202e".encode() not in out.stdout
    text = _drift("--explained", ours, "--verbose")
    assert text.returncode == 0
    assert b"\x1b" not in text.stdout + text.stderr and "\u202e".encode() not in text.stdout
    assert "[explained: ours\ufffd \\x1b[2J\\u202e done]" in text.stdout.decode()
    assert text.stderr.decode() == ("sagemaker-schema drift: note: --explained entry 'range-changed Nowhere\\x1b[2J' "
                                    "matches no difference (stale?)\n")


def test_help_speaks_of_all_three_documents():
    top = run_cli("--help").stdout.decode()
    validate = run_cli("validate", "--help").stdout.decode()
    generate = run_cli("generate", "--help").stdout.decode()
    flat = [" ".join(text.split()) for text in (top, validate, generate)]
    assert all(name in flat[0] for name in ("DescribeAutoMLJobV2", "CreateAutoMLJobV2", "ListCandidatesForAutoMLJob"))
    assert "validate response files" not in flat[0] and "write valid responses" not in flat[0]
    for text in flat[1:]:
        assert all(op in text for op in ("describe-auto-ml-job-v2", "create-auto-ml-job-v2", "list-candidates-for-auto-ml-job"))
    assert "a response document" not in flat[1]


# --- pattern messages in words

def _patterns() -> dict[str, list[str]]:
    """Each pattern of the schema files outside a rule's subschema -> where it is."""
    from sagemaker_schema import schema
    from sagemaker_schema.catalogue import rules

    known = set(rules())
    found: dict[str, list[str]] = {}
    for name, body in schema.load_files().items():
        for path, node in schema.nodes(body):
            in_rule = any(a == "$defs" and b in known for a, b in pairwise(path))
            if isinstance(node, dict) and isinstance(node.get("pattern"), str) and not in_rule:
                found.setdefault(node["pattern"], []).append(f"{name}#{'/'.join(map(str, path))}")
    return found


def test_every_pattern_outside_a_rule_has_its_meaning_and_every_meaning_a_pattern():
    from sagemaker_schema.patterns import MEANINGS

    found = _patterns()
    assert len(found) > 10
    assert {p: where for p, where in found.items() if p not in MEANINGS} == {}
    assert set(MEANINGS) - set(found) == set()


def test_pattern_messages_say_what_the_pattern_means(tmp_path, capsys):
    request = json.loads(REQUEST.read_text())
    request["Tags"] = [{"Key": "team!", "Value": "ok"}]
    request["AutoMLJobName"] = "loans_auto"
    (tmp_path / "request.json").write_text(json.dumps(request))
    assert cli.main(["validate", "--operation", "create-auto-ml-job-v2", "--format", "json", str(tmp_path / "request.json")]) == 1
    messages = {v["path"]: v["message"] for v in json.loads(capsys.readouterr().out)["documents"][0]["violations"]}
    assert messages == {
        "/AutoMLJobName": '"loans_auto" is not a name of letters and digits with hyphens between them, 1 to 32 characters',
        "/Tags/0/Key": '"team!" is not text of letters, digits, spaces and _.:/=+-@, 1 to 128 characters',
    }
    # a rule's pattern: its statement says what it means, and no raw expression follows
    from sagemaker_schema import validate

    document = json.loads((FIXTURES / "valid" / "text-generation-completed.json").read_text())
    config = document["AutoMLProblemTypeConfig"]["TextGenerationJobConfig"]
    config["TextGenerationHyperParameters"] = {"epochCount": "11"}
    (found,) = validate(document)
    assert found.message == 'epochCount is a string holding an integer from 1 to 10: "11" does not match the pattern'


def test_input_error_annotations_carry_line_and_column(tmp_path, capsys):
    (tmp_path / "broken.json").write_text('{\n  "AutoMLJobName": "a",\n  oops\n}\n')
    (tmp_path / "broken.yaml").write_text("AutoMLJobName: a\n b: [\n")
    (tmp_path / "list.json").write_text("[1]\n")  # no position: the whole document is wrong
    files = [str(tmp_path / name) for name in ("broken.json", "broken.yaml", "list.json")]
    assert cli.main(["validate", "--format", "github", *files]) == 2
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("::")[1].split(",title=")[0] for line in lines] == [
        f"error file={files[0]},line=3,col=3", f"error file={files[1]},line=2,col=3", f"error file={files[2]}"]
    assert cli.main(["validate", "--format", "sarif", *files]) == 2
    notes = json.loads(capsys.readouterr().out)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    regions = [note["locations"][0]["physicalLocation"].get("region") for note in notes]
    assert regions == [{"startLine": 3, "startColumn": 3}, {"startLine": 2, "startColumn": 3}, None]


def test_jsonl_gives_the_hint_once_for_a_stream_of_another_operation():
    request = json.loads(REQUEST.read_text())
    request["AutoMLJobName"] = "not_a_name"
    stream = (json.dumps(request) + "\n") * 3
    for jobs in ("1", "2"):
        out = run_cli("validate", "--jsonl", "--jobs", jobs, "--force-jobs", "-", stdin=stream.encode())
        assert out.returncode == 1
        hints = [line for line in out.stderr.decode().splitlines() if "hint" in line]
        assert hints == ["sagemaker-schema: hint: <stdin>:1 holds the members of a CreateAutoMLJobV2 request, not of a "
                         "DescribeAutoMLJobV2 response: validate it with --operation create-auto-ml-job-v2"], jobs
