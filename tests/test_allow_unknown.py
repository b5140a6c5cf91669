"""What a newer AWS adds: strict by default (a typo is an error), warnings that point at
`sagemaker-schema drift` with allow_unknown / --allow-unknown, the live check relaxed
unless --strict. Both engines give the same verdicts (tests/test_engines.py)."""
from __future__ import annotations

import copy
import json

import pytest

from conftest import EXAMPLES, FIXTURES, run_cli
from sagemaker_schema import Validator, is_valid, validate

FULL = EXAMPLES / "tabular-completed.json"
NEWER = "not in this schema (newer AWS?)"
ENGINES = {"fast": {}, "reference": {"reference": True}}


def _doc():
    return json.loads(FULL.read_text())


def _newer_aws() -> dict:
    """One of each thing a newer AWS could add."""
    doc = _doc()
    doc["ShinyNewMember"] = {"x": 1}  # a member
    doc["AutoMLJobStatus"] = "Paused"  # an enum value
    doc["AutoMLJobInputDataConfig"][1]["ChannelType"] = "test"  # an enum value in a list (the validation channel)
    doc["BestCandidate"]["FinalAutoMLJobObjectiveMetric"]["MetricName"] = "Gini"  # a metric name
    doc["BestCandidate"]["FinalAutoMLJobObjectiveMetric"].pop("StandardMetricName")
    # a union member, in the wire form
    doc["ResolvedAttributes"]["AutoMLProblemTypeResolvedAttributes"] = {"TabularV2ResolvedAttributes": {"ProblemType": "Ranking"}}
    return doc


ADDED = {
    ("unknown-member", "/ShinyNewMember"),
    ("enum", "/AutoMLJobStatus"),
    ("enum", "/AutoMLJobInputDataConfig/1/ChannelType"),
    ("final-metric-name", "/BestCandidate/FinalAutoMLJobObjectiveMetric/MetricName"),
    ("unknown-member", "/ResolvedAttributes/AutoMLProblemTypeResolvedAttributes/TabularV2ResolvedAttributes"),
}


@pytest.mark.parametrize("engine", ENGINES)
def test_strict_by_default_every_addition_is_an_error(engine):
    found = Validator(**ENGINES[engine]).validate(_newer_aws())
    assert {(v.rule, v.path) for v in found} == ADDED
    assert {v.severity for v in found} == {"error"}
    assert not any(NEWER in v.message for v in found)


@pytest.mark.parametrize("engine", ENGINES)
def test_allow_unknown_makes_every_addition_a_warning_pointing_at_drift(engine):
    found = Validator(allow_unknown=True, **ENGINES[engine]).validate(_newer_aws())
    assert {(v.rule, v.path) for v in found} == ADDED
    for v in found:
        assert v.severity == "warning" and NEWER in v.message and "sagemaker-schema drift" in v.message, v
    assert is_valid(_newer_aws(), allow_unknown=True) and not is_valid(_newer_aws())


@pytest.mark.parametrize("engine", ENGINES)
def test_allow_unknown_still_refuses_what_is_no_addition(engine):
    doc = _newer_aws()
    doc["AutoMLJobName"] = "bad_name"  # a pattern: a typo, not something AWS adds
    doc["OutputDataConfig"]["S3OutputPath"] = "s3://b/" + "k" * 600  # over the documented 512
    doc["AutoMLJobInputDataConfig"][0]["CompressionType"] = ""  # no enum value is empty
    found = Validator(allow_unknown=True, **ENGINES[engine]).validate(doc)
    errors = {(v.rule, v.path) for v in found if v.severity == "error"}
    assert errors == {("pattern", "/AutoMLJobName"), ("s3-output-path-max-512", "/OutputDataConfig/S3OutputPath"),
                      ("enum", "/AutoMLJobInputDataConfig/0/CompressionType")}


@pytest.mark.parametrize("engine", ENGINES)
def test_an_unknown_enum_map_key_is_an_addition(engine):
    doc = json.loads((FIXTURES / "valid" / "image-classification-completed.json").read_text())
    doc["BestCandidate"]["InferenceContainerDefinitions"] = {"NPU": []}
    assert [(v.rule, v.path, v.severity) for v in Validator(**ENGINES[engine]).validate(doc)] == [
        ("map-key", "/BestCandidate/InferenceContainerDefinitions/NPU", "error")]
    (relaxed,) = Validator(allow_unknown=True, **ENGINES[engine]).validate(doc)
    assert relaxed.severity == "warning" and NEWER in relaxed.message


def test_allow_unknown_members_keeps_its_narrower_meaning():
    found = validate(_newer_aws(), allow_unknown_members=True)
    by_path = {v.path: v for v in found}
    assert by_path["/ShinyNewMember"].severity == "warning"
    assert NEWER not in by_path["/ShinyNewMember"].message
    assert by_path["/AutoMLJobStatus"].severity == "error"  # enum values stay errors


def test_an_unknown_union_member_silences_the_union_rules():
    # a newer AWS adds a resolved member for an image classification job: not the
    # resolved-union rule's business (it knows the two members it knows)
    doc = json.loads((FIXTURES / "valid" / "image-classification-completed.json").read_text())
    doc.setdefault("ResolvedAttributes", {})["AutoMLProblemTypeResolvedAttributes"] = {"ImageClassificationResolvedAttributes": {}}
    strict = [(v.rule, v.severity) for v in validate(doc)]
    assert strict == [("unknown-member", "error")]
    assert [(v.rule, v.severity) for v in validate(doc, allow_unknown=True)] == [("unknown-member", "warning")]
    # a known member in the wrong place is still the rule's error
    doc["ResolvedAttributes"]["AutoMLProblemTypeResolvedAttributes"] = {"TabularResolvedAttributes": {}}
    assert [v.rule for v in validate(doc, allow_unknown=True)] == ["resolved-union-matches-problem-type"]


def test_cli_allow_unknown_and_strict(tmp_path):
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(_newer_aws()))
    strict = run_cli("validate", path)
    assert strict.returncode == 1 and NEWER not in strict.stdout.decode()
    relaxed = run_cli("validate", "--allow-unknown", path)
    out = relaxed.stdout.decode()
    assert relaxed.returncode == 0, out
    assert out.count(NEWER) == len(ADDED) and "(warning)]" in out
    both = run_cli("validate", "--allow-unknown", "--strict", path)
    assert both.returncode == 2 and b"not allowed with" in both.stderr
    jsonl = tmp_path / "newer.jsonl"
    jsonl.write_text(json.dumps(_newer_aws()) + "\n")
    assert run_cli("validate", "--jsonl", jsonl).returncode == 1
    assert run_cli("validate", "--jsonl", "--allow-unknown", jsonl).returncode == 0
    assert run_cli("validate", "--jsonl", "--jobs", "2", "--allow-unknown", jsonl).returncode == 0


@pytest.mark.parametrize("flags, status, severity", [((), 0, "warning"), (("--strict",), 1, "error"), (("--allow-unknown",), 0, "warning")])
def test_live_check_allows_unknown_unless_strict(monkeypatch, capsys, tmp_path, flags, status, severity):
    from sagemaker_schema import cli, live

    monkeypatch.setattr(live, "describe", lambda job, **_: copy.deepcopy(_newer_aws()))
    strict_file = tmp_path / "fixture.json"
    strict_file.write_text(json.dumps({**_doc(), "Typo": 1}))
    assert cli.main(["validate", "--format", "json", "--job-name", "newer-job", *flags]) == status
    (document,) = json.loads(capsys.readouterr().out)["documents"]
    assert {v["severity"] for v in document["violations"]} == {severity}
    # a file beside it stays strict (a hand-written fixture), unless --allow-unknown
    code = cli.main(["validate", "--format", "json", str(strict_file), "--job-name", "newer-job", *flags])
    files, job = json.loads(capsys.readouterr().out)["documents"]
    assert files["valid"] is ("--allow-unknown" in flags) and job["valid"] is (status == 0)
    assert code == (0 if "--allow-unknown" in flags else 1)


def test_pytest_plugin_helpers_take_the_policy():
    from sagemaker_schema.pytest_plugin import check_response

    with pytest.raises(AssertionError, match=r"newer|ShinyNewMember"):
        check_response(_newer_aws())
    check_response(_newer_aws(), allow_unknown=True)  # warnings only: no exception


@pytest.mark.parametrize("engine", ENGINES)
def test_counted_additions_past_max_violations_are_warnings_too(engine):
    doc = {**_doc(), **{f"NewMember{i}": i for i in range(30)}}
    strict = Validator(max_violations=2, **ENGINES[engine]).validate(doc)
    assert strict.omitted == 28 and strict.omitted_errors == 28
    relaxed = Validator(allow_unknown=True, max_violations=2, **ENGINES[engine]).validate(doc)
    assert relaxed.omitted == 28 and relaxed.omitted_errors == 0
    assert all(v.severity == "warning" and NEWER in v.message for v in relaxed)
