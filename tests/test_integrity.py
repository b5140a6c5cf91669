"""Never lose a report: whatever a document holds, every format prints valid UTF-8 that
its own parser reads, one violation per line where the format has lines; the work stays
in proportion to the input; writing the report can fail only with one line and exit 2.
Every case runs the real command as a subprocess."""
from __future__ import annotations

import datetime
import json
import math
import os
import random
import re
import sys
from xml.etree import ElementTree as ET

import pytest

from conftest import EXAMPLES, cap_memory, run_cli

FULL = json.loads((EXAMPLES / "tabular-completed.json").read_text())

# what member names and values may hold that a report must not print raw
HOSTILE = ["\n", "\r", "\r\n", "\x1b[2J", "\x1b]0;x\x07", "\x01", "\x00", "\x7f", "\x85", "\x9b", "\u202e", "\u2066", "\u200f",
           "\u2028", "\u2029", "\ud800", "\udc80", "\udfff", "\ufffe", "\uffff", "%", "%0A", ":", ",", "::", "~", "/", '"', "\\",
           "<", ">", "&", "]]>", "'", "\t", " ", "é", "😀", "\u0000\u001f"]
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufffe\uffff]")


def fuzzed_names(seed: int, count: int) -> list[str]:
    draw = random.Random(seed)
    names = set()
    while len(names) < count:
        names.add("".join(draw.choice(HOSTILE + ["A", "b", "9"]) for _ in range(draw.randint(1, 6))))
    return sorted(names)


def hostile_document(names: list[str]) -> dict:
    doc = json.loads(json.dumps(FULL))
    for name in names:
        doc[name] = 1  # an unknown member
    doc["AutoMLJobName"] = "".join(names[:3])  # a pattern violation that quotes the value
    doc["BestCandidate"]["InferenceContainers"][0]["Environment"] = {names[0]: "v"}  # a bad map key
    return doc


def _clean(out: bytes) -> str:
    text = out.decode("utf-8")  # strict: every byte printed is UTF-8
    assert not RAW.search(text.replace("\n", "")), [m.group() for m in RAW.finditer(text.replace("\n", ""))][:5]
    return text


ENVIRONMENTS = {"utf-8": {}, "LANG=C": {"LANG": "C", "LC_ALL": "C"}, "PYTHONIOENCODING=latin-1": {"PYTHONIOENCODING": "latin-1"},
                "PYTHONIOENCODING=ascii": {"PYTHONIOENCODING": "ascii:strict", "LC_ALL": "C"}}


@pytest.mark.parametrize("environment", sorted(ENVIRONMENTS))
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fuzzed_member_names_parse_in_all_five_formats(tmp_path, seed, environment):
    names = fuzzed_names(seed, 40)
    path = tmp_path / "hostile\u202e\x1b.json"
    path.write_text(json.dumps(hostile_document(names)), encoding="utf-8")  # ASCII escapes: "\ud800" as written by JSON tools
    env = ENVIRONMENTS[environment]
    unknown = len(names)

    out = run_cli("validate", "--format", "json", path, env=env)
    assert out.returncode == 1 and out.stderr == b"", out.stderr.decode()
    (document,) = json.loads(_clean(out.stdout))["documents"]
    paths = [v["path"] for v in document["violations"] if v["rule"] == "unknown-member"]
    assert len(paths) == unknown
    # the path names the member exactly, but for lone surrogates (U+FFFD): JSON text cannot hold them
    assert sorted(paths) == sorted("/" + re.sub("[\ud800-\udfff]", "\ufffd", n).replace("~", "~0").replace("/", "~1") for n in names)
    assert any(v["rule"] == "map-key" for v in document["violations"])
    total = len(document["violations"])

    out = run_cli("validate", path, env=env)
    lines = _clean(out.stdout).splitlines()
    assert out.returncode == 1 and len(lines) == total  # one line per violation
    where = re.compile(re.escape(f"{tmp_path}/hostile??.json") + r"(:[0-9]+:[0-9]+)?: /")  # line and column where found
    assert all(where.match(line) for line in lines), lines[:3]

    out = run_cli("validate", "--format", "junit", path, env=env)
    suite = ET.fromstring(_clean(out.stdout).encode()).find("testsuite")
    assert suite.get("failures") == "1" and len(suite.find("testcase/failure").text.splitlines()) == total

    out = run_cli("validate", "--format", "github", path, env=env)
    annotations = _clean(out.stdout).splitlines()
    grammar = re.compile(r"^::(error|warning|notice) file=[^,:\r\n]*(,line=[0-9]+,col=[0-9]+)?,title=[^:,\r\n]*::[^\r\n]*$")
    assert len(annotations) == total and all(grammar.match(line) for line in annotations), annotations[:3]

    out = run_cli("validate", "--format", "sarif", path, env=env)
    log = json.loads(_clean(out.stdout))
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    ids = {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    assert len(run["results"]) == total
    for result in run["results"]:
        assert result["ruleId"] in ids and result["level"] in ("error", "warning") and result["message"]["text"]
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]
        assert location["physicalLocation"]["artifactLocation"]["uri"] and location["logicalLocations"][0]["fullyQualifiedName"]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_fuzzed_member_names_in_a_stream(tmp_path, fmt):
    docs = [hostile_document(fuzzed_names(seed, 10)) for seed in range(20)]
    path = tmp_path / "bad\nname\x1b.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in docs))
    for jobs in ("1", "2"):
        out = run_cli("validate", "--jsonl", "--jobs", jobs, "--format", fmt, path, env={"LC_ALL": "C"})
        assert out.returncode == 1 and b"Traceback" not in out.stderr
        text = _clean(out.stdout)
        if fmt == "json":
            records = [json.loads(line) for line in text.splitlines()]
            assert [r["line"] for r in records] == list(range(1, 21)) and all(r["file"] == f"{tmp_path}/bad?name?.jsonl" for r in records)
        else:
            assert all(line.startswith(f"{tmp_path}/bad?name?.jsonl:") for line in text.splitlines())


def test_library_messages_and_paths_are_utf8():
    from sagemaker_schema import validate

    found = validate(hostile_document(fuzzed_names(7, 30)))
    assert found
    for v in found:
        (v.path + v.message + v.doc).encode("utf-8")  # no lone surrogate left


# --- bounded cost -----------------------------------------------------------------------

def _with_metrics(items) -> dict:
    doc = json.loads(json.dumps(FULL))
    doc["BestCandidate"]["CandidateProperties"]["CandidateMetrics"] = items
    return doc


def test_a_list_past_its_limit_is_reported_once(tmp_path):
    path = tmp_path / "metrics.json"
    path.write_text(json.dumps(_with_metrics([1] * 200_000)))  # a list of at most 40 structures
    out = run_cli("validate", "--format", "json", path)
    (document,) = json.loads(out.stdout)["documents"]
    assert out.returncode == 1
    assert [(v["rule"], v["path"]) for v in document["violations"]] == [("size", "/BestCandidate/CandidateProperties/CandidateMetrics")]
    assert "200,000 items, expected at most 40" in document["violations"][0]["message"]
    # at the limit, each item is still checked
    assert any(v.rule == "type" for v in __import__("sagemaker_schema").validate(_with_metrics([1] * 40)))


def test_line_and_column_only_for_inputs_up_to_1_mib(tmp_path):
    small, large = tmp_path / "small.json", tmp_path / "large.json"
    small.write_text(json.dumps(_with_metrics([1] * 41)))
    large.write_text(json.dumps(_with_metrics([1] * 600_000)))  # 1.8 MB
    (line,) = run_cli("validate", small).stdout.decode().splitlines()
    assert re.match(re.escape(str(small)) + r":1:[0-9]+: /BestCandidate/CandidateProperties/CandidateMetrics: \[size\]", line), line
    (line,) = run_cli("validate", large).stdout.decode().splitlines()
    assert line.startswith(f"{large}: /BestCandidate/CandidateProperties/CandidateMetrics: [size] 600,000 items"), line


def test_a_map_past_its_limit_is_reported_once_with_its_keys_cut(tmp_path):
    doc = json.loads(json.dumps(FULL))
    doc["BestCandidate"]["InferenceContainers"][0]["Environment"] = {f"bad key {i}" + "k" * 500: 1 for i in range(100_000)}
    path = tmp_path / "environment.json"
    path.write_text(json.dumps(doc))
    out = run_cli("validate", path)
    assert out.returncode == 1
    (line,) = out.stdout.decode().splitlines()
    assert "[size] 100,000 members, expected at most 100" in line and "… 99,990 more" in line and len(line) < 1000


def test_at_most_n_violations_then_one_line_counting_the_rest(tmp_path):
    path = tmp_path / "many.json"
    path.write_text(json.dumps({**FULL, **{f"Extra{i}": 1 for i in range(1500)}}))
    out = run_cli("validate", path)
    lines = out.stdout.decode().splitlines()
    assert out.returncode == 1 and len(lines) == 1001
    assert lines[-1] == f"{path}: … and 500 more violations (--max-violations N shows more)"
    assert len(run_cli("validate", "--max-violations", "0", path).stdout.decode().splitlines()) == 1500
    assert len(run_cli("validate", "--max-violations", "10", path).stdout.decode().splitlines()) == 11
    (document,) = json.loads(run_cli("validate", "--format", "json", "--max-violations", "7", path).stdout)["documents"]
    assert len(document["violations"]) == 7 and document["omitted"] == 1493 and not document["valid"]
    # a document whose only errors are past the limit is still invalid
    warned = tmp_path / "warned.json"
    doc = {**FULL, **{f"Extra{i}": 1 for i in range(5)}}
    doc["AutoMLJobStatus"] = "Done"
    warned.write_text(json.dumps(doc))
    out = run_cli("validate", "--allow-unknown-members", "--max-violations", "2", "--format", "junit", warned)
    assert out.returncode == 1 and ET.fromstring(out.stdout).find("testsuite").get("failures") == "1"
    assert run_cli("validate", "--max-violations", "-1", path).returncode == 2


def test_did_you_mean_only_for_the_first_unknown_members(tmp_path):
    path = tmp_path / "typos.json"
    path.write_text(json.dumps({**FULL, **{f"EndTme{i:03d}": 1 for i in range(200)}, "x" * 5000: 1}))
    out = run_cli("validate", "--max-violations", "0", path)
    text = out.stdout.decode()
    assert text.count("did you mean") == 20 and text.count("\n") == 201


def test_unknown_members_are_not_walked_and_nan_is_refused_under_them(tmp_path):
    from sagemaker_schema import InputError, validate

    nested = tmp_path / "nested.json"
    nested.write_text(json.dumps({**FULL, "Extra": [[[]] * 3] * 200_000}))  # 2.6 MB: no line and column
    out = run_cli("validate", nested)
    (line,) = out.stdout.decode().splitlines()
    assert out.returncode == 1 and re.fullmatch(re.escape(str(nested)) + r": /Extra: \[unknown-member\] unknown member 'Extra'", line), line
    for allow in (False, True):
        with pytest.raises(InputError, match="NaN or an infinity"):
            validate({**FULL, "Extra": {"x": [float("nan")]}}, allow_unknown_members=allow)
        with pytest.raises(InputError, match="NaN or an infinity"):
            validate({**FULL, "Extra": float("-inf")}, allow_unknown_members=allow)
    yaml_nan = tmp_path / "nan.yaml"
    yaml_nan.write_text("AutoMLJobName: x\nExtra: {a: [.nan]}\n")
    out = run_cli("validate", "--allow-unknown-members", yaml_nan)
    # YAML: refused as it is read, wherever it is
    assert out.returncode == 2 and out.stdout.decode() == f"{yaml_nan}: error: invalid YAML: .nan is not a JSON value (JSON numbers are finite) at line 2 column 13\n"


def test_more_values_than_a_response_holds_is_one_line(tmp_path):
    path = tmp_path / "huge.json"
    path.write_text(json.dumps({**FULL, "Extra": [[]] * 2_100_000}))
    out = run_cli("validate", path, FULL_PATH)
    assert out.returncode == 2 and b"Traceback" not in out.stderr
    assert out.stdout.decode().splitlines() == [
        f"{path}: error: more than 2,000,000 values: not a response (a response holds a few thousand)", f"{FULL_PATH}: valid"]


FULL_PATH = EXAMPLES / "tabular-completed.json"


def test_long_member_names_and_seeds_are_cut(tmp_path):
    path = tmp_path / "long.json"
    path.write_text(json.dumps({**FULL, "N" * 10_000_000: 1}))
    out = run_cli("validate", path)
    (line,) = out.stdout.decode().splitlines()
    assert out.returncode == 1 and len(line) < 1300 and "unknown member 'NNN" in line and line.count("…") == 2  # path and message cut
    out = run_cli("generate", "--seed", "9" * 5000)
    assert out.returncode == 2 and out.stdout == b"" and len(out.stderr) < 300 and out.stderr.count(b"\n") == 1


# --- the library raises only InputError ---------------------------------------------------

class _Raising(str):
    def __eq__(self, other):
        raise RuntimeError("eq")

    def __hash__(self):
        return str.__hash__(self)

    def __repr__(self):
        raise RuntimeError("repr")

    def __str__(self):
        raise RuntimeError("str")


class _Opaque:
    def __repr__(self):
        raise RuntimeError("repr")

    def __str__(self):
        raise RuntimeError("str")

    def __eq__(self, other):
        raise RuntimeError("eq")

    __hash__ = object.__hash__


@pytest.mark.parametrize("value", [_Raising("x"), _Opaque()], ids=["str-subclass", "object"])
@pytest.mark.parametrize("where", ["member", "key", "enum", "list"])
def test_a_value_whose_methods_raise_is_an_input_error_or_a_violation(value, where):
    from sagemaker_schema import InputError, validate

    doc = json.loads(json.dumps(FULL))
    if where == "member":
        doc["FailureReason"] = value
    elif where == "key":
        doc[value] = 1
    elif where == "enum":
        doc["AutoMLJobStatus"] = value
    else:
        doc["PartialFailureReasons"] = [value, value]
    try:
        found = validate(doc)  # the caller's RuntimeError never escapes
    except InputError as exc:
        assert "RuntimeError" in str(exc)
        return
    assert all(isinstance(v.message, str) for v in found)
    if where in ("key", "list") or isinstance(value, _Opaque):
        assert found  # an unknown member, a list of non-strings, not a string


# --- engines agree on empty keys -------------------------------------------------------------

def test_engines_agree_on_paths_under_generated_keys():
    from hypothesis import HealthCheck, given, settings, strategies as st

    from sagemaker_schema import Validator

    fast, reference = Validator(), Validator(reference=True)
    # "007" and "+1" are integers in jsonschema-rs's paths; "-1", " 1" are not
    keys = st.one_of(st.just(""), st.text(max_size=3), st.sampled_from(["a/b", "~", "", "x", "1", "007", "+1", "-1", "01", " 1"]))

    @settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(headers=st.dictionaries(keys, st.one_of(st.integers(), st.text(max_size=2)), max_size=4),
           environment=st.dictionaries(keys, st.one_of(st.integers(), st.just("v")), max_size=4),
           extra=st.dictionaries(keys, st.integers(), max_size=2))
    def check(headers, environment, extra):
        doc = json.loads(json.dumps(FULL))
        doc["ResponseMetadata"] = {"RequestId": "r", "HTTPStatusCode": 200, "HTTPHeaders": headers, "RetryAttempts": 0}
        doc["BestCandidate"]["InferenceContainers"][0]["Environment"] = environment
        doc.update({k: v for k, v in extra.items() if k not in doc})
        assert fast.validate(doc) == reference.validate(doc)

    check()
    empty = json.loads(json.dumps(FULL))
    empty["ResponseMetadata"] = {"RequestId": "r", "HTTPStatusCode": 200, "HTTPHeaders": {"": 1}, "RetryAttempts": 0}
    assert [v.path for v in fast.validate(empty)] == ["/ResponseMetadata/HTTPHeaders/"]


# --- writing the report fails ------------------------------------------------------------------

COMMANDS = {
    "validate-valid": ("validate", FULL_PATH),
    "validate-json": ("validate", "--format", "json", FULL_PATH),
    "validate-jsonl": ("validate", "--jsonl", FULL_PATH),
    "rules": ("rules",),
    "generate": ("generate", "--count", "3"),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("stdout", ["/dev/full", "closed"])
def test_a_report_that_cannot_be_written_is_one_line_and_exit_2(command, stdout):
    args = COMMANDS[command]
    if command == "validate-jsonl":  # enough lines that the writes reach the device before the end
        args = ("validate", "--jsonl", "-")
    stdin = (json.dumps({**FULL, "AutoMLJobStatus": "Done"}) + "\n").encode() * 500 if command == "validate-jsonl" else None
    if stdout == "/dev/full":
        with open("/dev/full", "w") as full:
            result = run_cli(*args, stdin=stdin, stdout=full)
    else:  # `>&-`: the command starts with no standard output at all
        result = run_cli(*args, stdin=stdin, stdout=None, preexec_fn=lambda: os.close(1))
    err = result.stderr.decode()
    assert result.returncode == 2 and "Traceback" not in err and "Exception ignored" not in err, err
    assert [line for line in err.splitlines() if "documents:" not in line] == [
        "sagemaker-schema: error: cannot write the report: No space left on device" if stdout == "/dev/full"
        else "sagemaker-schema: error: standard output is closed: nowhere to write the report"]


# --- generate --out ------------------------------------------------------------------------------

def test_generate_refuses_to_overwrite_and_writes_atomically(tmp_path):
    out = tmp_path / "fx"
    assert run_cli("generate", "--count", "3", "--out", out).returncode == 0
    names = sorted(p.name for p in out.iterdir())
    edited = out / names[1]
    edited.write_text("hand-edited\n")
    again = run_cli("generate", "--count", "3", "--out", out)
    assert again.returncode == 2 and again.stderr.decode().count("\n") == 1
    assert f"'{names[0]}' and 2 more already exist in '{out}': --force overwrites them" in again.stderr.decode()
    assert edited.read_text() == "hand-edited\n"
    forced = run_cli("generate", "--count", "3", "--out", out, "--force")
    assert forced.returncode == 0 and json.loads(edited.read_text())["AutoMLJobName"]
    assert sorted(p.name for p in out.iterdir()) == names  # no temporary file left behind


def _read_only(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    return folder


def _dangling(tmp_path):
    link = tmp_path / "dangling"
    link.symlink_to(tmp_path / "nowhere" / "deeper")
    return link


def _through_a_file(tmp_path):
    (tmp_path / "file").write_text("x")
    return tmp_path / "file" / "sub"


OUT_FAILURES = {
    "read-only": (_read_only, "Permission denied"),
    "through-a-file": (_through_a_file, "Not a directory"),
    "proc": (lambda tmp_path: "/proc/sagemaker-schema-test", "No such file or directory"),
    "dangling-symlink": (_dangling, "File exists"),
    "sysfs": (lambda tmp_path: "/sys/sagemaker-schema-test", "Operation not permitted"),  # refuses root too
}


@pytest.mark.parametrize("case", sorted(OUT_FAILURES))
def test_generate_out_file_system_errors_are_one_line(tmp_path, case):
    if case == "read-only" and os.geteuid() == 0:
        pytest.skip("root writes into a read-only directory; the sysfs case covers a refusal as root")
    make, reason = OUT_FAILURES[case]
    result = run_cli("generate", "--count", "2", "--out", make(tmp_path))
    err = result.stderr.decode()
    assert result.returncode == 2 and "Traceback" not in err and err.count("\n") == 1, err
    assert err.startswith("sagemaker-schema generate: error: ") and reason in err, err


def test_generate_a_name_too_long_is_one_line(tmp_path):
    result = run_cli("generate", "--seed", "9" * 300, "--out", tmp_path / "fx")
    err = result.stderr.decode()
    assert result.returncode == 2 and "Traceback" not in err and err.count("\n") == 1 and "File name too long" in err, err
    assert list((tmp_path / "fx").iterdir()) == []  # nothing half-written


# --- YAML: 1.2, standard input, limits ------------------------------------------------------------

YAML_DOC = None


def _aws_cli_yaml(**members) -> str:
    """The example as the AWS CLI v2 prints it with --output yaml (YAML 1.2, block style)."""
    import yaml

    return yaml.safe_dump({**FULL, **members}, sort_keys=False)


def test_yaml_12_on_off_yes_no_are_strings(tmp_path):
    doc = json.loads(json.dumps(FULL))
    doc["AutoMLJobInputDataConfig"][0]["ContentType"] = "text/csv;header=present"
    tabular = doc["AutoMLProblemTypeConfig"]["TabularJobConfig"]
    tabular["TargetAttributeName"] = "on"
    import yaml

    text = yaml.safe_dump(doc, sort_keys=False).replace("TargetAttributeName: 'on'", "TargetAttributeName: on")
    assert "TargetAttributeName: on\n" in text and yaml.safe_load(text)["AutoMLProblemTypeConfig"]["TabularJobConfig"]["TargetAttributeName"] is True
    path = tmp_path / "aws-cli.yaml"
    path.write_text(text)
    result = run_cli("validate", path)
    assert result.returncode == 0 and result.stdout.decode() == f"{path}: valid\n", result.stdout.decode()
    from sagemaker_schema.inputs import _yaml

    assert _yaml(b"a: [on, off, yes, no, y, n, true, FALSE, 0777, 0o17, 0x1F, 1_000, 1:20, .5, 1e3, 0b1, ~, null]\n") == {
        "a": ["on", "off", "yes", "no", "y", "n", True, False, 777, 15, 31, "1_000", "1:20", 0.5, 1000.0, "0b1", None, None]}


def test_yaml_and_json_on_standard_input(tmp_path):
    text = _aws_cli_yaml().encode()
    result = run_cli("validate", "-", stdin=text)
    assert result.returncode == 0 and result.stdout == b"<stdin>: valid\n", result.stdout
    bad = _aws_cli_yaml(AutoMLJobStatus="Done").encode()
    result = run_cli("validate", "-", stdin=bad)
    assert result.returncode == 1 and re.match(rb"<stdin>:[0-9]+:1: /AutoMLJobStatus: \[enum\]", result.stdout), result.stdout
    assert run_cli("validate", "-", stdin=b"\xef\xbb\xbf\n  " + json.dumps(FULL).encode()).stdout == b"<stdin>: valid\n"
    # forced: YAML read as JSON fails as JSON, JSON read as YAML passes (JSON is YAML)
    forced = run_cli("validate", "--input-format", "json", "-", stdin=text)
    assert forced.returncode == 2 and forced.stdout.startswith(b"<stdin>: error: invalid JSON")
    as_yaml = tmp_path / "response.txt"
    as_yaml.write_bytes(text)
    assert run_cli("validate", "--input-format", "yaml", as_yaml).returncode == 0
    assert run_cli("validate", as_yaml).stdout.startswith(f"{as_yaml}: error: invalid JSON".encode())
    assert run_cli("validate", "--input-format", "yaml", FULL_PATH).returncode == 0
    assert run_cli("validate", "--jsonl", "--input-format", "yaml", FULL_PATH).returncode == 2


NUMBERS = ["1" + "0" * 400, "-" + "9" * 400, "1e400", "-1e400", "1e308", "0.5", str(int(sys.float_info.max)), str(int(sys.float_info.max) + 1)]


@pytest.mark.parametrize("number", NUMBERS, ids=lambda n: n if len(n) < 12 else f"{len(n)}-chars")
def test_json_and_yaml_hold_numbers_to_one_rule(tmp_path, number):
    from sagemaker_schema.inputs import load

    loaded = []
    for suffix, text in ((".json", f'{{"a": {number}}}'), (".yaml", f"a: {number}\n")):
        path = tmp_path / f"n{suffix}"
        path.write_text(text)
        loaded.append(load(str(path)))
    as_json, as_yaml = loaded
    assert (as_json.error is None) == (as_yaml.error is None), (as_json.error, as_yaml.error)
    if as_json.error:
        assert "is too large for a double" in as_json.error and "is too large for a double" in as_yaml.error
    else:
        assert as_json.document == as_yaml.document


def test_yaml_member_names_are_strings_and_never_merge():
    from sagemaker_schema.errors import InputError
    from sagemaker_schema.inputs import _yaml

    # unquoted, 1 and true are one Python key and 007 would become 7: refused, never renamed
    for text in (b"1: a\ntrue: b\n", b"007: a\n", b"~: a\n", b"1.5: a\n", b"? [a]\n: b\n"):
        with pytest.raises(InputError, match=r"member name .* not a string"):
            _yaml(text)
    assert _yaml(b'"1": a\n"true": b\n"007": c\n!!str 8: d\n') == {"1": "a", "true": "b", "007": "c", "8": "d"}
    with pytest.raises(InputError, match='duplicate member name "1"'):
        _yaml(b'"1": a\n!!str 1: b\n')


def test_yaml_keeps_nel_ls_and_ps_as_json_does():
    # line breaks in YAML 1.1 (a quoted NEL was folded to a space), characters in YAML 1.2
    from sagemaker_schema.inputs import _yaml

    text = 'k1: "x\x85y"\nk2: \'x\u2028y\'\nk3: x\u2029y\n"k\x85": "\ue000\x85"\nk4: "a\x85\n  b"\n'
    expected = {"k1": "x\x85y", "k2": "x\u2028y", "k3": "x\u2029y", "k\x85": "\ue000\x85", "k4": "a\x85 b"}
    assert _yaml(text.encode()) == expected
    assert _yaml(json.dumps(expected, ensure_ascii=False).encode()) == expected


def test_a_yaml_file_that_fails_to_construct_never_stops_the_run(tmp_path):
    # `!!timestamp nope` once raised AttributeError out of the loader: a traceback, and
    # the files after it were never reported
    bad = tmp_path / "bad.yaml"
    bad.write_text("CreationTime: !!timestamp nope\n")
    worse = tmp_path / "worse.yaml"
    worse.write_text("AutoMLJobName: !!int x\n")
    result = run_cli("validate", bad, FULL_PATH, worse)
    assert result.stderr.count(b"Traceback") == 0, result.stderr.decode()
    assert result.returncode == 2 and result.stdout.decode().splitlines() == [
        f'{bad}: error: invalid YAML: "nope" is not a timestamp (!!timestamp) at line 1 column 15',
        f"{FULL_PATH}: valid",
        f'{worse}: error: invalid YAML: "x" is not an integer (!!int) at line 1 column 16',
    ]


YAML_TOKENS = ["a", ": ", "\n", "  ", "- ", "? ", "&x ", "*x", "<<: ", "[", "]", "{", "}", ", ", '"', "1", "007", "true", "~", "2024-01-01",
               ".nan", "1e400", "\x85", "\u2028", "\ue000", "#c", "---", "0x1F", "!!timestamp ", "!!int ", "!!float ", "!!bool ", "!!null ",
               "!!str ", "!!map ", "!!seq ", "!!binary ", "!!set ", "!!omap ", "!!pairs ", "!foo "]


def test_yaml_from_hostile_tokens_is_a_document_or_one_input_error():
    from hypothesis import given, settings, strategies as st

    from sagemaker_schema.errors import InputError
    from sagemaker_schema.inputs import _yaml

    def json_like(value) -> bool:  # what JSON text could hold, and the timestamps YAML resolves
        if isinstance(value, dict):
            return all(isinstance(k, str) and json_like(v) for k, v in value.items())
        if isinstance(value, list):
            return all(map(json_like, value))
        if isinstance(value, float):
            return math.isfinite(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return abs(value) <= sys.float_info.max
        return value is None or isinstance(value, (str, bool, datetime.date))

    @settings(max_examples=400, deadline=None, database=None)
    @given(st.lists(st.sampled_from(YAML_TOKENS), min_size=1, max_size=25))
    def check(tokens):
        # anything but an InputError (AttributeError from `!!timestamp 1`, ...) ends the run with a traceback
        try:
            document = _yaml("".join(tokens).encode())
        except InputError:
            return
        assert json_like(document), document

    check()


def test_leading_whitespace_never_changes_a_verdict_on_standard_input():
    # the sniffing once looked at the first 4 KiB only: past it, JSON with NaN was read
    # as YAML (where NaN is a string) and passed
    nan = b'{"AutoMLJobName": NaN}'
    valid = json.dumps(FULL).encode()
    for padding in (b"", b"\n" * 4096, b" \r\n\t" * 5000):
        refused = run_cli("validate", "-", stdin=padding + nan)
        assert (refused.returncode, refused.stdout) == (2, b"<stdin>: error: invalid JSON: NaN is not a JSON value\n"), len(padding)
        accepted = run_cli("validate", "-", stdin=b"\xef\xbb\xbf" + padding + valid)
        assert (accepted.returncode, accepted.stdout) == (0, b"<stdin>: valid\n"), len(padding)


@pytest.mark.parametrize("case", ["bytes", "values"])
def test_yaml_is_capped_long_before_it_costs(tmp_path, case):
    path = tmp_path / f"{case}.yaml"
    if case == "bytes":
        path.write_text("FailureReason: " + "x" * (5 * 1024 * 1024) + "\n")
        expected = "error: YAML larger than 4 MiB: not a response (a response is a few KB)"
    else:
        path.write_text("Extra: [" + ",".join(["1"] * 150_000) + "]\n")
        expected = "error: invalid YAML: more than 100,000 values: not a response (a response holds a few thousand)"
    result = run_cli("validate", path)
    assert result.returncode == 2 and result.stdout.decode() == f"{path}: {expected}\n"


class _Mutating(dict):
    """A dict another thread changes while it is read: iterating it raises RuntimeError."""

    def items(self):
        raise RuntimeError("dictionary changed size during iteration")

    def __iter__(self):
        raise RuntimeError("dictionary changed size during iteration")


def test_a_dict_changed_while_it_is_read_is_an_input_error():
    from sagemaker_schema import InputError, validate

    doc = json.loads(json.dumps(FULL))
    doc["BestCandidate"] = _Mutating(doc["BestCandidate"])
    doc["Extra"] = _Mutating({"a": 1})
    with pytest.raises(InputError, match="RuntimeError"):
        validate(doc)


def test_a_crowded_map_without_a_limit_is_counted_past_the_listed_violations(tmp_path):
    # HTTPHeaders has no size limit: each wrong value is a violation (the reference engine
    # answers here, linear where the compiled engine's error path is quadratic)
    headers = {f"h{i:05d}": i for i in range(30_000)}
    path = tmp_path / "headers.json"
    path.write_text(json.dumps({**FULL, "ResponseMetadata": {"RequestId": "r", "HTTPStatusCode": 200, "RetryAttempts": 0, "HTTPHeaders": headers}}))
    out = run_cli("validate", path)
    lines = out.stdout.decode().splitlines()
    assert out.returncode == 1 and len(lines) == 1001
    assert re.fullmatch(re.escape(str(path)) + r"(:1:[0-9]+)?: /ResponseMetadata/HTTPHeaders/h00000: \[type\] expected string, found an integer 0", lines[0]), lines[0]
    assert lines[-1] == f"{path}: … and 29,000 more violations (--max-violations N shows more)"


# --- line and column: one pass over the text, and every reported path resolves ------------

def _positioned(path, *args) -> dict[str, str]:
    """path -> "LINE:COLUMN" of each violation the text format reports (under a 1 GiB cap)."""
    out = run_cli("validate", "--max-violations", "0", *args, path, preexec_fn=cap_memory)
    assert out.returncode == 1 and b"Traceback" not in out.stderr, out.stderr.decode()[-2000:]
    found = {}
    for line in out.stdout.decode().splitlines():
        match = re.match(re.escape(str(path)) + r"(?::([0-9]+:[0-9]+))?: (\S*): ", line)
        assert match, line[:300]
        found[match.group(2)] = match.group(1)
    return found


def test_a_long_member_name_over_a_long_list_costs_one_pass(tmp_path):
    # every item under the name once had a pointer of its own: 256 KiB took 8.4 GB
    path = tmp_path / "long-name.json"
    name = "A" * 131_072
    path.write_text('{"AutoMLJobName": "x",\n "' + name + '": [' + ",".join(["0"] * 65_536) + "]}")
    found = _positioned(path)
    assert found["/" + name[:1023] + "…"] == "2:2" and found["/RoleArn"] == "1:1"  # missing: at its owner


def test_every_reported_path_resolves_to_its_member(tmp_path):
    long_name, surrogate = "N" * 2000, "k\ud800"
    path = tmp_path / "odd-names.json"
    path.write_text(json.dumps({"AutoMLJobName": "x", long_name: 1, surrogate: 2}, indent=1))  # ASCII escapes: "\ud800"
    found = _positioned(path)
    assert found["/" + long_name[:1023] + "…"] == "3:2" and found["/k\ufffd"] == "4:2"
    # YAML keys that would read as a number or null unquoted (unquoted, they are an input
    # error: test_yaml_member_names_are_strings_and_never_merge) are at their own text
    path = tmp_path / "keys.yaml"
    path.write_text("AutoMLJobName: x\n'0x1F': 1\n\"~\": 2\n")
    found = _positioned(path)
    assert found["/0x1F"] == "2:1" and found["/~0"] == "3:1"


def test_members_through_yaml_aliases_and_merge_keys_are_at_their_own_text(tmp_path):
    path = tmp_path / "aliases.yaml"
    path.write_text("AutoMLJobName: x\nbase: &b {Foo: 1, S3OutputPath: 3}\nOutputDataConfig: *b\n"
                    "DataSplitConfig:\n  <<: *b\n  ValidationFraction: 0.2\n")
    found = _positioned(path)
    assert found["/OutputDataConfig/Foo"] == found["/DataSplitConfig/Foo"] == "2:11"
    assert found["/OutputDataConfig/S3OutputPath"] == "2:19"


@pytest.mark.parametrize("end", ["\r", "\r\n", "\n"], ids=["CR", "CRLF", "LF"])
def test_json_and_yaml_count_lines_as_editors_do(tmp_path, end):
    # a line ends at LF, CR LF or a bare CR; U+2028 and U+0085 inside a value are characters
    json_path, yaml_path = tmp_path / "lines.json", tmp_path / "lines.yaml"
    json_path.write_text('{"AutoMLJobName": "\u2028\x85x",' + end + ' "Bad": 1}', newline="")
    yaml_path.write_text('AutoMLJobName: "\u2028\x85x"' + end + "Bad: 1" + end, newline="")
    assert _positioned(json_path)["/Bad"] == "2:2" and _positioned(yaml_path)["/Bad"] == "2:1"
    assert _positioned(json_path)["/AutoMLJobName"] == _positioned(yaml_path)["/AutoMLJobName"].replace("1:1", "1:2")


# --- past --max-violations: counted, never built -------------------------------------------

LIST = "list-candidates-for-auto-ml-job"


def _candidates(count: int) -> dict:
    # each candidate: three required members missing (schema layer), times out of order (rules layer)
    return {"Candidates": [{"CandidateName": f"c{i}", "CreationTime": 2, "LastModifiedTime": 1} for i in range(count)]}


def test_past_the_cap_violations_are_counted_exactly_in_both_layers():
    from sagemaker_schema import Validator

    document = _candidates(1_500)  # crowded: the reference engine's lazy path
    every = Validator(operation=LIST).validate(document)
    capped = Validator(operation=LIST, max_violations=10).validate(document)
    assert {v.rule for v in every} == {"required", "timestamps-in-order"} and len(every) == 6_000
    assert capped == every[:10] and capped.omitted == 5_990 and capped.omitted_errors == 5_990


def test_a_page_of_many_broken_candidates_stays_within_memory(tmp_path):
    # 30,000 empty candidates, 180,000 violations: each was built (six times over) before the
    # first 1,000 were kept, 426 MB for 120 KB; past the cap they are now only counted
    path = tmp_path / "page.json"
    path.write_text(json.dumps({"Candidates": [{}] * 30_000}, separators=(",", ":")))
    out = run_cli("validate", "--operation", LIST, path, preexec_fn=lambda: cap_memory(256 << 20))
    lines = out.stdout.decode().splitlines()
    assert out.returncode == 1 and b"Traceback" not in out.stderr and len(lines) == 1001, out.stderr.decode()[-2000:]
    assert lines[-1] == f"{path}: … and 179,000 more violations (--max-violations N shows more)"
    assert "180000 errors" in out.stderr.decode()


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_and_sarif_hold_one_document_at_a_time(tmp_path, fmt):
    # 100 files of 1,000 violations: the whole run was held, then written (SARIF 8.9 KB a
    # violation); now each document's results are written as made, so the cap holds
    doc = {**FULL, **{f"Extra{i:04d}": i for i in range(1000)}}
    files = []
    for n in range(100):
        files.append(tmp_path / f"many{n:03d}.json")
        files[-1].write_text(json.dumps(doc))
    report = tmp_path / f"report.{fmt}"
    with report.open("wb") as out:
        result = run_cli("validate", "--format", fmt, *files, stdout=out, preexec_fn=lambda: cap_memory(256 << 20))
    assert result.returncode == 1 and result.stderr == b"", result.stderr.decode()[-2000:]
    text = report.read_bytes()
    if fmt == "json":
        assert text.count(b'"rule": "unknown-member"') == 100_000 and text.count(b'"file": ') == 100
        assert text.endswith(b'"summary": {\n    "documents": 100,\n    "valid": 0,\n    "invalid": 100,\n    "unreadable": 0,\n'
                             b'    "errors": 100000,\n    "warnings": 0\n  }\n}\n')
    else:
        assert text.count(b'"ruleId": "unknown-member"') == 100_000 and text.count(b"/many0") == 100 * 1000 + 100  # each result's artifact, then the artifacts
        assert text.endswith(b'\n      ],\n      "properties": {\n        "contract": "describe-auto-ml-job-v2"\n      }\n    }\n  ]\n}\n')


def test_streamed_json_and_sarif_parse_whatever_the_run_holds(tmp_path):
    # the head, each document's part and the tail make one document: none, one, an unreadable one
    valid, broken = tmp_path / "valid.json", tmp_path / "broken.json"
    valid.write_text(json.dumps(FULL))
    broken.write_text(json.dumps({**FULL, "Extra": 1}))
    for files in ([valid], [broken], [valid, tmp_path / "missing.json", broken]):
        body = json.loads(run_cli("validate", "--format", "json", *files).stdout)
        assert [d["file"] for d in body["documents"]] == [str(f) for f in files] and body["summary"]["documents"] == len(files)
        log = json.loads(run_cli("validate", "--format", "sarif", *files).stdout)
        assert len(log["runs"][0]["results"]) == (broken in files) and len(log["runs"][0]["artifacts"]) == len(files)
